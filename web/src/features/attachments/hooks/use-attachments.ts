/** Hooks over `GET /attachments/{id}`: thumbnails and downloads. */
import { useMutation, useQuery } from '@tanstack/react-query';
import { attachmentKeys, getAttachment } from '@/features/attachments/api/attachments';
import { startDownload } from '@/features/attachments/download';

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
