/** One TanStack Query hook per help-center endpoint. */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  HELP_SEARCH_LIMIT,
  getHelpArticle,
  getHelpCenter,
  getSuggestions,
  helpKeys,
  listHelpArticles,
  recordDeflection,
  sendHelpFeedback,
} from '@/features/help/api/help';
import { visitorId } from '@/features/help/visitor-session';
import type { FormOutcome, PublishedArticle } from '@/types/api';

export function useHelpCenter(org: string) {
  return useQuery({
    queryKey: helpKeys.center(org),
    queryFn: ({ signal }) => getHelpCenter(org, signal),
    staleTime: 5 * 60_000,
  });
}

/** Published articles, of one category when given; "Load more" follows `next_cursor`. */
export function useHelpArticles(org: string, category: string | undefined) {
  const params = { category };
  return useInfiniteQuery({
    queryKey: helpKeys.articles(org, params),
    queryFn: ({ pageParam, signal }) => listHelpArticles(org, { ...params, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    staleTime: 60_000,
  });
}

/**
 * A help-center search (`q` already debounced and trimmed); asks nothing for an empty query.
 * The previous answer stays on screen while the next one loads.
 */
export function useHelpSearch(org: string, q: string) {
  return useQuery({
    queryKey: helpKeys.search(org, q),
    queryFn: ({ signal }) => listHelpArticles(org, { q, limit: HELP_SEARCH_LIMIT }, signal),
    enabled: q !== '',
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** Fewest characters of typing before articles are suggested. */
export const SUGGEST_MIN_CHARS = 3;

/** Articles suggested for `text` (already debounced); nothing is asked for fewer than {@link SUGGEST_MIN_CHARS}. */
export function useSuggestions(org: string, text: string) {
  const q = text.trim();
  return useQuery({
    queryKey: helpKeys.suggestions(org, q),
    queryFn: ({ signal }) => getSuggestions(org, q, signal),
    enabled: org !== '' && q.length >= SUGGEST_MIN_CHARS,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/**
 * How one new-ticket form ended, for the self-service report (`POST /knowledge-base/deflections`):
 * sent once per form, and only when it showed at least one suggested article. Call
 * `suggestionsShown()` when suggestions are on screen and `submitted()` once the ticket is
 * created; "abandoned" is sent when the form goes away without that: it unmounts (the customer
 * went elsewhere in the app) or the page is hidden or unloaded (`pagehide`: the tab closed, a
 * reload, another site). Those go with `keepalive`, so they outlive the page.
 *
 * Not a `useMutation`: the request must be on its way before a `pagehide` handler returns and
 * must not depend on the component still being mounted. Errors are swallowed: this must never
 * get in the customer's way.
 */
export function useDeflection() {
  const form = useRef({ shown: false, ended: false });
  const end = useCallback((outcome: FormOutcome) => {
    const f = form.current;
    if (!f.shown || f.ended) return;
    f.ended = true;
    recordDeflection(outcome, { keepalive: outcome === 'abandoned' }).catch(() => undefined);
  }, []);

  useEffect(() => {
    const onPageHide = () => end('abandoned');
    window.addEventListener('pagehide', onPageHide);
    return () => {
      window.removeEventListener('pagehide', onPageHide);
      end('abandoned');
    };
  }, [end]);

  return useMemo(
    () => ({
      suggestionsShown: () => {
        form.current.shown = true;
      },
      submitted: () => end('submitted'),
    }),
    [end],
  );
}

/** One article. Each fetch counts a view, so it is not refetched on focus or remount. */
export function useHelpArticle(org: string, slug: string) {
  return useQuery({
    queryKey: helpKeys.article(org, slug),
    queryFn: ({ signal }) => getHelpArticle(org, slug, signal),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

/** "Was this helpful?": sends this browser's visitor id; the counts in the answer update the article. */
export function useHelpFeedback(org: string, slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (helpful: boolean) => sendHelpFeedback(org, slug, { helpful, session: visitorId() }),
    onSuccess: (counts) =>
      queryClient.setQueryData<PublishedArticle>(helpKeys.article(org, slug), (a) => (a ? { ...a, ...counts } : a)),
  });
}
