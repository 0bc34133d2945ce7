import type { CannedResponse, Shared, User } from '@/types/api';

/** The picker's groups: by folder (A–Z, those without one last, as "No folder"), titles A–Z within. */
export function byFolder(items: readonly CannedResponse[]): { folder: string; items: CannedResponse[] }[] {
  const groups = new Map<string, CannedResponse[]>();
  for (const c of items) {
    const folder = c.folder?.trim() || '';
    groups.set(folder, [...(groups.get(folder) ?? []), c]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
    .map(([folder, list]) => ({
      folder: folder || 'No folder',
      items: list.sort((x, y) => x.title.localeCompare(y.title)),
    }));
}

/** "Shared with the org", "Shared with a team", "Personal". */
export function sharedLabel(shared: CannedResponse['shared']): string {
  return shared === 'org' ? 'Org' : shared === 'team' ? 'Team' : 'Personal';
}

/** Whether a key press in the composer opens the picker: `/` in an empty box, or Ctrl+Shift+K. */
export function opensPicker(
  e: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean },
  body: string,
): boolean {
  if ((e.ctrlKey || e.metaKey) && e.shiftKey && e.key.toLowerCase() === 'k') return true;
  return e.key === '/' && body === '' && !e.ctrlKey && !e.metaKey && !e.altKey;
}

/**
 * Whether `user` may edit or delete a canned response or a macro, as the API decides: its
 * author a personal one, managers and admins a shared one.
 */
export function canEdit(item: { shared: Shared; author_id: string }, user: Pick<User, 'id' | 'role'> | undefined): boolean {
  if (!user) return false;
  if (item.shared === 'personal') return item.author_id === user.id;
  return user.role === 'admin' || user.role === 'manager';
}
