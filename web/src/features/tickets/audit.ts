/** A ticket's audit trail, the pure part: what the triggers, automations and routing did ("rules" entries). */
import type { AuditEntry } from '@/types/api';

/** The action of an entry the triggers, automations and routing wrote (actor "system"). */
export const RULES_ACTION = 'rules';

export function isRulesEntry(e: AuditEntry): boolean {
  return e.action === RULES_ACTION;
}

/**
 * The entry that gave the ticket its current assignee, when that was the rules (routing or a
 * trigger's or automation's `set_assignee`); null when a person assigned it last, or nobody is assigned.
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

/** Whether a rules entry is the hourly automations' (reason "automation close resolved"), not the triggers'. */
export function isAutomationEntry(e: Pick<AuditEntry, 'action' | 'reason'>): boolean {
  return e.action === RULES_ACTION && /^automation /.test(e.reason ?? '');
}

/** "created the ticket", "assign" → "assign"; with the entry's reason, "applied automations" for theirs. */
export function auditActionLabel(action: string, reason?: string | null): string {
  if (isAutomationEntry({ action, reason })) return 'applied automations';
  return ACTION_LABELS[action] ?? action.replace(/_/g, ' ');
}
