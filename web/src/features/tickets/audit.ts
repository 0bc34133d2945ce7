/** A ticket's audit trail, the pure part: what the triggers and routing did ("rules" entries). */
import type { AuditEntry } from '@/types/api';

/** The action of an entry the triggers and routing wrote (actor "system"). */
export const RULES_ACTION = 'rules';

export function isRulesEntry(e: AuditEntry): boolean {
  return e.action === RULES_ACTION;
}

/**
 * The entry that gave the ticket its current assignee, when that was the rules (routing or a
 * trigger's `set_assignee`); null when a person assigned it last, or nobody is assigned.
 */
export function autoAssignment(entries: readonly AuditEntry[], assigneeId: string | null | undefined): AuditEntry | null {
  if (!assigneeId) return null;
  for (let i = entries.length - 1; i >= 0; i -= 1) {
    const e = entries[i]!;
    const change = e.changes.find((c) => c.field === 'assignee_id' || c.field === 'assignee');
    if (!change) continue;
    return isRulesEntry(e) && change.to === assigneeId ? e : null;
  }
  return null;
}

const ACTION_LABELS: Record<string, string> = {
  create: 'created the ticket',
  rules: 'applied triggers and routing',
};

/** "created the ticket", "assign" → "assign". */
export function auditActionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action.replace(/_/g, ' ');
}
