/** `GET /search`: tickets and articles together (staff find every ticket and every article). */
import { API_PREFIX, api } from '@/lib/api';
import type { SearchHit, SearchParams, SearchResults } from '@/types/api';

export const searchKeys = {
  all: ['search'] as const,
  query: (params: SearchParams) => [...searchKeys.all, params] as const,
};

/** The best matches first, each with a snippet (escaped text, matches in `<mark>`). */
export async function search(params: SearchParams, signal?: AbortSignal): Promise<SearchHit[]> {
  return (await api.get<SearchResults>(`${API_PREFIX}/search`, { query: { ...params }, signal })).items;
}

/** Where a result opens in the workspace: a ticket's page, an article's editor; null for a kind this app does not know. */
export function hitPath(hit: Pick<SearchHit, 'kind' | 'id'>): string | null {
  const id = encodeURIComponent(hit.id);
  if (hit.kind === 'ticket') return `/tickets/${id}`;
  if (hit.kind === 'article') return `/kb/${id}`;
  return null;
}
