/** What a macro's preview says it would change, as lines for the confirm dialog. */
import { statusLabel } from '@/lib/format';
import type { Ticket } from '@/types/api';

export function macroChanges(
  before: Ticket,
  after: Ticket,
  names: { agent: (id: string | null) => string; team: (id: string) => string },
): string[] {
  const out: string[] = [];
  if (before.status !== after.status) out.push(`Status: ${statusLabel(before.status)} → ${statusLabel(after.status)}`);
  if (before.priority !== after.priority) out.push(`Priority: ${before.priority} → ${after.priority}`);
  const [was, is] = [before.assignee_id ?? null, after.assignee_id ?? null];
  if (was !== is) out.push(`Assignee: ${names.agent(was)} → ${names.agent(is)}`);
  const [wasTeam, isTeam] = [before.team_id ?? null, after.team_id ?? null];
  if (wasTeam !== isTeam) out.push(`Team: ${wasTeam ? names.team(wasTeam) : 'none'} → ${isTeam ? names.team(isTeam) : 'none'}`);
  if ((before.category ?? null) !== (after.category ?? null)) out.push(`Category: ${before.category || 'none'} → ${after.category || 'none'}`);
  const added = after.tags.filter((t) => !before.tags.includes(t));
  const removed = before.tags.filter((t) => !after.tags.includes(t));
  if (added.length) out.push(`Add tags: ${added.join(', ')}`);
  if (removed.length) out.push(`Remove tags: ${removed.join(', ')}`);
  return out;
}
