/**
 * The public help center (no sign-in): one function per route. Each call is `anonymous`: no
 * token, and a 401 never signs anyone out. `isPublicPath` in lib/api makes that so for every
 * `/api/v1/help/…` path and for `/api/v1/knowledge-base/suggestions`, whoever calls them.
 * The one exception is `POST /knowledge-base/deflections`: the signed-in customer's portal
 * says how a new-ticket form that showed suggestions ended.
 */
import { API_PREFIX, api } from '@/lib/api';
import type {
  DeflectionRequest,
  Feedback,
  FormOutcome,
  HelpArticleListParams,
  HelpArticlePage,
  HelpCenter,
  HelpFeedbackRequest,
  PublishedArticle,
  Suggestion,
  SuggestionList,
} from '@/types/api';

const base = (org: string) => `${API_PREFIX}/help/${encodeURIComponent(org)}`;

/** How many matches a help-center search shows (the API answers them in one page). */
export const HELP_SEARCH_LIMIT = 25;

export const helpKeys = {
  all: ['help'] as const,
  center: (org: string) => [...helpKeys.all, org, 'categories'] as const,
  articles: (org: string, params: Omit<HelpArticleListParams, 'cursor'>) => [...helpKeys.all, org, 'articles', params] as const,
  search: (org: string, q: string) => [...helpKeys.all, org, 'search', q] as const,
  article: (org: string, slug: string) => [...helpKeys.all, org, 'article', slug] as const,
  suggestions: (org: string, q: string) => [...helpKeys.all, org, 'suggestions', q] as const,
};

/** `GET /help/{org}/categories`: the org's name and its categories. */
export function getHelpCenter(org: string, signal?: AbortSignal): Promise<HelpCenter> {
  return api.get<HelpCenter>(`${base(org)}/categories`, { signal, anonymous: true });
}

/**
 * `GET /help/{org}/articles?q=&category=&limit=&cursor=`: published articles, no body. With `q`,
 * the best matches (typos forgiven), each with a `snippet`, in one page.
 */
export function listHelpArticles(org: string, params: HelpArticleListParams, signal?: AbortSignal): Promise<HelpArticlePage> {
  return api.get<HelpArticlePage>(`${base(org)}/articles`, {
    query: { limit: 25, ...params },
    signal,
    anonymous: true,
  });
}

/** `GET /help/{org}/articles/{slug}`: the published version; the API counts a view. */
export function getHelpArticle(org: string, slug: string, signal?: AbortSignal): Promise<PublishedArticle> {
  return api.get<PublishedArticle>(`${base(org)}/articles/${encodeURIComponent(slug)}`, { signal, anonymous: true });
}

/** `POST /help/{org}/articles/{slug}/feedback`: one vote per session, the latest counts. */
export function sendHelpFeedback(org: string, slug: string, body: HelpFeedbackRequest): Promise<Feedback> {
  return api.post<Feedback>(`${base(org)}/articles/${encodeURIComponent(slug)}/feedback`, body, { anonymous: true });
}

/**
 * `GET /knowledge-base/suggestions?org=&q=`: published articles that match what someone is
 * typing (any word counts), best first. No sign-in: the org is named (its id or slug).
 */
export async function getSuggestions(org: string, q: string, signal?: AbortSignal): Promise<Suggestion[]> {
  const list = await api.get<SuggestionList>(`${API_PREFIX}/knowledge-base/suggestions`, {
    query: { org, q },
    signal,
    anonymous: true,
  });
  return list.items;
}

/**
 * `POST /knowledge-base/deflections` (customers; 204): how a new-ticket form that showed
 * suggested articles ended, sent once per form. `keepalive` for a page being hidden or left
 * (`pagehide`). Quiet: a 401 signs nobody out, since the customer never asked for this call.
 */
export async function recordDeflection(outcome: FormOutcome, { keepalive = false } = {}): Promise<void> {
  const body: DeflectionRequest = { outcome };
  await api.post<void>(`${API_PREFIX}/knowledge-base/deflections`, body, { keepalive, quiet: true });
}
