import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { applyMacro, createMacro, deleteMacro, listMacros, macroKeys, updateMacro } from '@/features/macros/api/macros';
import { ticketKeys } from '@/features/tickets/api/tickets';
import { isApiError } from '@/lib/api';
import type { Macro, MacroPatch, Ticket } from '@/types/api';

/** The macros the caller sees; asked only while `enabled` (the ticket page: once the menu opens). */
export function useMacros(enabled = true) {
  return useQuery({ queryKey: macroKeys.list(), queryFn: ({ signal }) => listMacros(signal), enabled });
}

export function useCreateMacro() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createMacro,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: macroKeys.all }),
  });
}

export function useUpdateMacro() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ macro, patch }: { macro: Macro; patch: MacroPatch }) => updateMacro(macro.id, macro.version, patch),
    onSettled: () => queryClient.invalidateQueries({ queryKey: macroKeys.all }),
  });
}

export function useDeleteMacro() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (macro: Macro) => deleteMacro(macro.id, macro.version),
    onSettled: () => queryClient.invalidateQueries({ queryKey: macroKeys.all }),
  });
}

/**
 * What a macro would do to the ticket shown (writes nothing). It carries `If-Match` of the
 * version shown too: a 412 (the ticket changed meanwhile) reloads the ticket, so a second
 * preview is of what is there now.
 */
export function usePreviewMacro(ticket: Ticket) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ macro, version }: { macro: Macro; version: number }) => applyMacro(ticket.id, macro.id, version, true),
    onError: (e) => {
      if (isApiError(e, 412)) return queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticket.id) });
    },
  });
}

/**
 * Applies a macro with `If-Match` of the version previewed; then the ticket, its lists and
 * the macros (their usage counts) refresh. A 412 refreshes the ticket too.
 */
export function useApplyMacro(ticket: Ticket) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ macro, version }: { macro: Macro; version: number }) => applyMacro(ticket.id, macro.id, version, false),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticket.id) }),
        queryClient.invalidateQueries({ queryKey: ticketKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: ticketKeys.counts() }),
        queryClient.invalidateQueries({ queryKey: macroKeys.all }),
      ]),
  });
}
