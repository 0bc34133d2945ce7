import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createRule,
  deleteRule,
  dryRunRule,
  getRouting,
  getRoutingQueue,
  listRules,
  putRouting,
  rulesKeys,
  updateRule,
} from '@/features/rules/api/rules';
import { moveItem, type RuleKind } from '@/features/rules/rules';
import type { NewRule, Rule, RuleList, RulePatch } from '@/types/api';

/** How often the routing queue refreshes itself while shown. */
export const QUEUE_POLL_MS = 5_000;

/** The triggers or the automations, in the order they run. */
export function useRules(kind: RuleKind) {
  return useQuery({ queryKey: rulesKeys.list(kind), queryFn: ({ signal }) => listRules(kind, signal) });
}

export function useCreateRule(kind: RuleKind) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewRule) => createRule(kind, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: rulesKeys.list(kind) }),
  });
}

/**
 * `PATCH` with the version shown. The answer replaces the rule in the cached list at once;
 * the list refetches after, since a move changes every position (and on a 412 shows the
 * rule as it is now).
 */
export function useUpdateRule(kind: RuleKind) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ rule, patch }: { rule: Rule; patch: RulePatch }) => updateRule(kind, rule.id, rule.version, patch),
    onSuccess: (updated) =>
      queryClient.setQueryData<RuleList>(rulesKeys.list(kind), (old) =>
        old ? { ...old, items: old.items.map((r) => (r.id === updated.id ? updated : r)) } : old,
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: rulesKeys.list(kind) }),
  });
}

/**
 * Moves a rule to `to` (0 first): the list shows the new order at once and goes back
 * if the API refuses; either way it refetches, since every position after it changed.
 */
export function useMoveRule(kind: RuleKind) {
  const queryClient = useQueryClient();
  const key = rulesKeys.list(kind);
  return useMutation({
    mutationFn: ({ rule, to }: { rule: Rule; to: number }) => updateRule(kind, rule.id, rule.version, { position: to }),
    onMutate: async ({ rule, to }) => {
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData<RuleList>(key);
      if (before) {
        const from = before.items.findIndex((r) => r.id === rule.id);
        queryClient.setQueryData<RuleList>(key, { ...before, items: moveItem(before.items, from, to) });
      }
      return { before };
    },
    onError: (_e, _vars, context) => {
      if (context?.before) queryClient.setQueryData(key, context.before);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}

export function useDeleteRule(kind: RuleKind) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (rule: Rule) => deleteRule(kind, rule.id, rule.version),
    onSettled: () => queryClient.invalidateQueries({ queryKey: rulesKeys.list(kind) }),
  });
}

export function useDryRun(kind: RuleKind) {
  return useMutation({ mutationFn: (body: Parameters<typeof dryRunRule>[1]) => dryRunRule(kind, body) });
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
