/** Describes what changed on a ticket between two reads, for the collision prompt. */
import type { Interaction, Ticket } from '@/types/api';

export function excerpt(text: string, max = 80): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

export function describeChanges(
  seen: Ticket,
  now: Ticket,
  name: (i: Interaction) => string,
  assigneeName: (id: string | null) => string = (id) => id ?? 'nobody',
): string[] {
  const out: string[] = [];
  const seenIds = new Set((seen.thread ?? []).map((i) => i.id));
  for (const i of now.thread ?? []) {
    if (seenIds.has(i.id)) continue;
    const what = i.internal ? 'New internal note' : 'New reply';
    out.push(`${what} from ${name(i)}: “${excerpt(i.body)}”`);
  }
  if (seen.status !== now.status) out.push(`Status changed from ${seen.status} to ${now.status}`);
  if (seen.priority !== now.priority) out.push(`Priority changed from ${seen.priority} to ${now.priority}`);
  // The API leaves out an empty assignee (absent or null: nobody).
  const [was, is] = [seen.assignee_id ?? null, now.assignee_id ?? null];
  if (was !== is) out.push(`Assignee changed from ${assigneeName(was)} to ${assigneeName(is)}`);
  if (seen.subject !== now.subject) out.push(`Subject changed to “${now.subject}”`);
  if (seen.tags.join(',') !== now.tags.join(',')) out.push(`Tags changed to ${now.tags.join(', ') || 'none'}`);
  if (out.length === 0 && seen.version !== now.version) out.push('The ticket was updated.');
  return out;
}
