import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { search, searchKeys } from '@/features/search/api/search';

/** Fewest characters before the header search asks the API. */
export const SEARCH_MIN_CHARS = 2;
/** Results the header search shows. */
export const SEARCH_LIMIT = 10;

/**
 * The header search's results for `q` (already debounced and trimmed). The previous results
 * stay while the next load, so the list does not flicker as the user types.
 */
export function useGlobalSearch(q: string) {
  const params = { q, limit: SEARCH_LIMIT };
  return useQuery({
    queryKey: searchKeys.query(params),
    queryFn: ({ signal }) => search(params, signal),
    enabled: q.length >= SEARCH_MIN_CHARS,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}
