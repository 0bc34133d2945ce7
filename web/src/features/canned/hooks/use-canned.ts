import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  cannedKeys,
  createCanned,
  deleteCanned,
  listCanned,
  renderCanned,
  updateCanned,
} from '@/features/canned/api/canned';
import type { CannedPatch, CannedResponse, RenderRequest } from '@/types/api';

/** The canned responses the caller sees, matching `q` (by title); asked only while `enabled`. */
export function useCannedResponses(q = '', enabled = true) {
  return useQuery({
    queryKey: cannedKeys.list(q),
    queryFn: ({ signal }) => listCanned(q, signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useCreateCanned() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createCanned,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: cannedKeys.all }),
  });
}

export function useUpdateCanned() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ canned, patch }: { canned: CannedResponse; patch: CannedPatch }) =>
      updateCanned(canned.id, canned.version, patch),
    onSettled: () => queryClient.invalidateQueries({ queryKey: cannedKeys.all }),
  });
}

export function useDeleteCanned() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (canned: CannedResponse) => deleteCanned(canned.id, canned.version),
    onSettled: () => queryClient.invalidateQueries({ queryKey: cannedKeys.all }),
  });
}

/**
 * The picker's preview: the text as it would be inserted, re-asked as the answers change
 * (`preview: true` counts no use).
 */
export function useCannedPreview(cannedId: string | null, ticketId: string, answers: Record<string, string>) {
  return useQuery({
    queryKey: [...cannedKeys.all, 'preview', cannedId, ticketId, answers] as const,
    queryFn: ({ signal }) => renderCanned(cannedId!, { ticket_id: ticketId, answers, preview: true }, signal),
    enabled: !!cannedId,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** The render that counts a use: what "Insert" puts into the composer. */
export function useRenderCanned() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ cannedId, body }: { cannedId: string; body: RenderRequest }) => renderCanned(cannedId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: cannedKeys.lists() }),
  });
}
