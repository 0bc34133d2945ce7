/** Hooks over `GET /attachments/{id}`: thumbnails, downloads and the images of a mail's HTML. */
import { useCallback, useMemo } from 'react';
import { useMutation, useQueries, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { attachmentKeys, fetchDataUrl, getAttachment } from '@/features/attachments/api/attachments';
import { startDownload } from '@/features/attachments/download';
import { cidFiles } from '@/features/attachments/cid';
import { essence, isRaster } from '@/features/attachments/limits';
import type { FileRef } from '@/types/api';

/** A link lives five minutes; a thumbnail asks again after four (on its next mount). */
const LINK_STALE_MS = 4 * 60_000;

/**
 * The inline link of a raster image, for its thumbnail; asked only once `enabled` (the image
 * came into view), since every call is audited. Once the image is shown, the link may expire.
 */
export function useThumbnail(id: string, enabled: boolean) {
  return useQuery({
    queryKey: attachmentKeys.inline(id),
    queryFn: ({ signal }) => getAttachment(id, { inline: true, signal }),
    enabled,
    staleTime: LINK_STALE_MS,
    gcTime: LINK_STALE_MS,
    refetchOnWindowFocus: false,
    retry: false,
  });
}

/** Downloads a file: a fresh link is asked for on each click (it is valid five minutes). */
export function useDownload() {
  return useMutation({
    mutationFn: async (id: string) => {
      const view = await getAttachment(id);
      startDownload(view.download.url);
      return view;
    },
  });
}

/** How long the original formatting waits for an image's bytes before it shows without it. */
const IMAGE_TIMEOUT_MS = 15_000;

/** `signal`, which also aborts after `ms`; `done` clears the timer. */
function withTimeout(signal: AbortSignal, ms: number): { signal: AbortSignal; done: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('The image took too long.', 'TimeoutError')), ms);
  const abort = () => controller.abort(signal.reason);
  if (signal.aborted) abort();
  else signal.addEventListener('abort', abort, { once: true });
  return {
    signal: controller.signal,
    done: () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
    },
  };
}

/** What {@link useInlineImages} has: whether every image was tried, and those that came. */
export interface InlineImages {
  /** Every image either came or failed (failed ones stay `cid:`, a broken image). */
  ready: boolean;
  /** A `data:` URL by Content-ID key (see `contentIdKey`). */
  images: ReadonlyMap<string, string>;
}

/**
 * The `cid:` images of a mail's `html` that are raster files of its message (`files`), each as
 * a `data:` URL: its inline link (`GET /attachments/{id}?inline=1`, the thumbnail's when it is
 * fresh), then its bytes from that link. Mounted only while the original formatting is open,
 * since every link is audited. A file's bytes never change, so they are asked once per page
 * visit; a 404, 409 or 422, a failed or slow fetch leave that image out.
 */
export function useInlineImages(html: string, files: readonly FileRef[]): InlineImages {
  const queryClient = useQueryClient();
  const parts = useMemo(() => [...cidFiles(html, files)].filter(([, f]) => isRaster(f.content_type)), [html, files]);
  const combine = useCallback(
    (results: UseQueryResult<string>[]): InlineImages => {
      const images = new Map<string, string>();
      results.forEach((r, i) => {
        const key = parts[i]?.[0];
        if (key !== undefined && r.data !== undefined) images.set(key, r.data);
      });
      return { ready: results.every((r) => !r.isPending), images };
    },
    [parts],
  );
  return useQueries({
    queries: parts.map(([, file]) => ({
      queryKey: attachmentKeys.dataUrl(file.id),
      queryFn: async ({ signal }) => {
        const view = await queryClient.fetchQuery({
          queryKey: attachmentKeys.inline(file.id),
          queryFn: ({ signal: linkSignal }) => getAttachment(file.id, { inline: true, signal: linkSignal }),
          staleTime: LINK_STALE_MS,
          gcTime: LINK_STALE_MS,
        });
        if (!isRaster(view.content_type)) throw new Error(`${view.content_type} is not shown inline.`);
        const timed = withTimeout(signal, IMAGE_TIMEOUT_MS);
        try {
          return await fetchDataUrl(view.download.url, essence(view.content_type), timed.signal);
        } finally {
          timed.done();
        }
      },
      staleTime: Infinity,
      retry: false,
      refetchOnWindowFocus: false,
    })),
    combine,
  });
}
