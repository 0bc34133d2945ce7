import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createTrigger,
  deleteTrigger,
  dryRunTrigger,
  getRouting,
  getRoutingQueue,
  listTriggers,
  putRouting,
  rulesKeys,
  updateTrigger,
} from '@/features/rules/api/rules';
import { moveItem } from '@/features/rules/rules';
import type { Rule, TriggerList, TriggerPatch } from '@/types/api';

/** How often the routing queue refreshes itself while shown. */
export const QUEUE_POLL_MS = 5_000;

export function useTriggers() {
  return useQuery({ queryKey: rulesKeys.triggers(), queryFn: ({ signal }) => listTriggers(signal) });
}

export function useCreateTrigger() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createTrigger,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: rulesKeys.triggers() }),
  });
}

/**
 * `PATCH` with the version shown. The answer replaces the rule in the cached list at once;
 * the list refetches after, since a move changes every position (and on a 412 shows the
 * rule as it is now).
 */
export function useUpdateTrigger() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ rule, patch }: { rule: Rule; patch: TriggerPatch }) => updateTrigger(rule.id, rule.version, patch),
    onSuccess: (updated) =>
      queryClient.setQueryData<TriggerList>(rulesKeys.triggers(), (old) =>
        old ? { ...old, items: old.items.map((r) => (r.id === updated.id ? updated : r)) } : old,
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: rulesKeys.triggers() }),
  });
}

/**
 * Moves a trigger to `to` (0 first): the list shows the new order at once and goes back
 * if the API refuses; either way it refetches, since every position after it changed.
 */
export function useMoveTrigger() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ rule, to }: { rule: Rule; to: number }) => updateTrigger(rule.id, rule.version, { position: to }),
    onMutate: async ({ rule, to }) => {
      await queryClient.cancelQueries({ queryKey: rulesKeys.triggers() });
      const before = queryClient.getQueryData<TriggerList>(rulesKeys.triggers());
      if (before) {
        const from = before.items.findIndex((r) => r.id === rule.id);
        queryClient.setQueryData<TriggerList>(rulesKeys.triggers(), { ...before, items: moveItem(before.items, from, to) });
      }
      return { before };
    },
    onError: (_e, _vars, context) => {
      if (context?.before) queryClient.setQueryData(rulesKeys.triggers(), context.before);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: rulesKeys.triggers() }),
  });
}

export function useDeleteTrigger() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (rule: Rule) => deleteTrigger(rule.id, rule.version),
    onSettled: () => queryClient.invalidateQueries({ queryKey: rulesKeys.triggers() }),
  });
}

export function useDryRun() {
  return useMutation({ mutationFn: dryRunTrigger });
}

export function useRouting() {
  return useQuery({ queryKey: rulesKeys.routing(), queryFn: ({ signal }) => getRouting(signal) });
}

export function useSaveRouting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: putRouting,
    onSuccess: (saved) => queryClient.setQueryData(rulesKeys.routing(), saved),
  });
}

export function useRoutingQueue() {
  return useQuery({
    queryKey: rulesKeys.queue(),
    queryFn: ({ signal }) => getRoutingQueue(signal),
    refetchInterval: QUEUE_POLL_MS,
  });
}
