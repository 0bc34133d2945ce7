/** Knowledge-base endpoints (signed in): one function per route, used by the hooks in ../hooks. */
import { API_PREFIX, api } from '@/lib/api';
import type {
  Article,
  ArticleListParams,
  ArticlePatch,
  ArticleVersion,
  ArticleVersionList,
  ArticleVersionSummary,
  Category,
  CategoryList,
  CategoryPatch,
  CreateArticleRequest,
  NewCategory,
  Page,
} from '@/types/api';

const A = `${API_PREFIX}/knowledge-base/articles`;
const C = `${API_PREFIX}/knowledge-base/categories`;
const id = (s: string) => encodeURIComponent(s);

export const kbKeys = {
  all: ['kb'] as const,
  lists: () => [...kbKeys.all, 'list'] as const,
  list: (params: ArticleListParams) => [...kbKeys.lists(), params] as const,
  details: () => [...kbKeys.all, 'detail'] as const,
  detail: (articleId: string) => [...kbKeys.details(), articleId] as const,
  versions: (articleId: string) => [...kbKeys.detail(articleId), 'versions'] as const,
  version: (articleId: string, n: number) => [...kbKeys.versions(articleId), n] as const,
  categories: () => [...kbKeys.all, 'categories'] as const,
};

/**
 * `GET /knowledge-base/articles?category=&status=&tag=&limit=&cursor=`. The API answers
 * `Page_ArticleFor`; these pages are staff-only, and staff always get whole articles.
 */
export function listArticles(params: ArticleListParams, signal?: AbortSignal): Promise<Page<Article>> {
  return api.get<Page<Article>>(A, { query: { limit: 25, ...params }, signal });
}

/** `POST /knowledge-base/articles`: a written draft, or one made from a ticket's public reply. */
export function createArticle(body: CreateArticleRequest): Promise<Article> {
  return api.post<Article>(A, body);
}

/** `GET /knowledge-base/articles/{id}` */
export function getArticle(articleId: string, signal?: AbortSignal): Promise<Article> {
  return api.get<Article>(`${A}/${id(articleId)}`, { signal });
}

/** `PATCH /knowledge-base/articles/{id}` with `If-Match` of the version edited. */
export function updateArticle(articleId: string, version: number, patch: ArticlePatch): Promise<Article> {
  return api.patch<Article>(`${A}/${id(articleId)}`, patch, { ifMatch: version });
}

/** `POST /knowledge-base/articles/{id}/publish` with `If-Match`: the draft version goes live. */
export function publishArticle(articleId: string, version: number): Promise<Article> {
  return api.post<Article>(`${A}/${id(articleId)}/publish`, undefined, { ifMatch: version });
}

/** `POST /knowledge-base/articles/{id}/archive` with `If-Match`: gone from customers' view. */
export function archiveArticle(articleId: string, version: number): Promise<Article> {
  return api.post<Article>(`${A}/${id(articleId)}/archive`, undefined, { ifMatch: version });
}

/** `GET /knowledge-base/articles/{id}/versions`, newest first. */
export async function listVersions(articleId: string, signal?: AbortSignal): Promise<ArticleVersionSummary[]> {
  return (await api.get<ArticleVersionList>(`${A}/${id(articleId)}/versions`, { signal })).items;
}

/** `GET /knowledge-base/articles/{id}/versions/{n}` */
export function getVersion(articleId: string, n: number, signal?: AbortSignal): Promise<ArticleVersion> {
  return api.get<ArticleVersion>(`${A}/${id(articleId)}/versions/${n}`, { signal });
}

/** `POST /knowledge-base/articles/{id}/versions/{n}/restore` with `If-Match`: a new draft version with n's content. */
export function restoreVersion(articleId: string, n: number, version: number): Promise<Article> {
  return api.post<Article>(`${A}/${id(articleId)}/versions/${n}/restore`, undefined, { ifMatch: version });
}

/** `GET /knowledge-base/categories`, ordered by parent, position, name. */
export async function listCategories(signal?: AbortSignal): Promise<Category[]> {
  return (await api.get<CategoryList>(C, { signal })).items;
}

/** `POST /knowledge-base/categories` (managers, admins). */
export function createCategory(body: NewCategory): Promise<Category> {
  return api.post<Category>(C, body);
}

/** `PATCH /knowledge-base/categories/{id}` with `If-Match` (managers, admins). */
export function updateCategory(categoryId: string, version: number, patch: CategoryPatch): Promise<Category> {
  return api.patch<Category>(`${C}/${id(categoryId)}`, patch, { ifMatch: version });
}
