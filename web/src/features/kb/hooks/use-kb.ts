/** One TanStack Query hook per knowledge-base endpoint. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import {
  archiveArticle,
  createArticle,
  createCategory,
  getArticle,
  getVersion,
  kbKeys,
  listArticles,
  listCategories,
  listVersions,
  publishArticle,
  restoreVersion,
  updateArticle,
  updateCategory,
} from '@/features/kb/api/kb';
import type { Article, ArticleListParams, ArticlePatch, CategoryPatch } from '@/types/api';

/** The article list, a page at a time ("Load more" follows `next_cursor`). */
export function useArticles(params: Omit<ArticleListParams, 'cursor'>) {
  return useInfiniteQuery({
    queryKey: kbKeys.list(params),
    queryFn: ({ pageParam, signal }) => listArticles({ ...params, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** Published articles to link to from a reply (the first 100); asks only once `enabled`. */
export function usePublishedArticles(enabled: boolean) {
  const params: ArticleListParams = { status: 'published', limit: 100 };
  return useQuery({
    queryKey: kbKeys.list(params),
    queryFn: ({ signal }) => listArticles(params, signal),
    enabled,
    staleTime: 60_000,
  });
}

export function useArticle(id: string | undefined) {
  return useQuery({
    queryKey: kbKeys.detail(id ?? ''),
    queryFn: ({ signal }) => getArticle(id!, signal),
    enabled: !!id,
  });
}

/** After an article write: its cached copy is the answer; lists and its versions refresh. */
function written(queryClient: QueryClient, article: Article) {
  queryClient.setQueryData(kbKeys.detail(article.id), article);
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: kbKeys.lists() }),
    queryClient.invalidateQueries({ queryKey: kbKeys.versions(article.id) }),
  ]);
}

export function useCreateArticle() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createArticle, onSuccess: (a) => written(queryClient, a) });
}

/**
 * The If-Match writes take the version the editor started from (not the cached article, which
 * may have been refetched meanwhile), so a colleague's change in between answers 412.
 */
export function useUpdateArticle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, patch }: { id: string; version: number; patch: ArticlePatch }) =>
      updateArticle(id, version, patch),
    onSuccess: (a) => written(queryClient, a),
  });
}

export function usePublishArticle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) => publishArticle(id, version),
    onSuccess: (a) => written(queryClient, a),
  });
}

export function useArchiveArticle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) => archiveArticle(id, version),
    onSuccess: (a) => written(queryClient, a),
  });
}

export function useRestoreVersion() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, n, version }: { id: string; n: number; version: number }) => restoreVersion(id, n, version),
    onSuccess: (a) => written(queryClient, a),
  });
}

export function useVersions(id: string) {
  return useQuery({ queryKey: kbKeys.versions(id), queryFn: ({ signal }) => listVersions(id, signal) });
}

/** One version, whole; versions never change, so it is fetched once. */
export function useVersion(id: string, n: number | null) {
  return useQuery({
    queryKey: kbKeys.version(id, n ?? 0),
    queryFn: ({ signal }) => getVersion(id, n!, signal),
    enabled: n !== null,
    staleTime: Infinity,
  });
}

export function useCategories() {
  return useQuery({ queryKey: kbKeys.categories(), queryFn: ({ signal }) => listCategories(signal), staleTime: 60_000 });
}

export function useCreateCategory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createCategory,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: kbKeys.categories() }),
  });
}

export function useUpdateCategory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, patch }: { id: string; version: number; patch: CategoryPatch }) =>
      updateCategory(id, version, patch),
    // 412 included: the list shows the category as it is now.
    onSettled: () => queryClient.invalidateQueries({ queryKey: kbKeys.categories() }),
  });
}
