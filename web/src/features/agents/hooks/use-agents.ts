import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  agentKeys,
  createAgent,
  createTeam,
  listAgents,
  listTeams,
  setMyStatus,
  teamKeys,
  updateAgent,
  updateTeam,
} from '@/features/agents/api/agents';
import type { Agent, AgentPatch, TeamPatch } from '@/types/api';

export function useAgents() {
  return useQuery({
    queryKey: agentKeys.all,
    queryFn: ({ signal }) => listAgents(signal),
    staleTime: 5 * 60_000,
  });
}

/** A lookup from agent id to agent, for showing names. */
export function useAgentNames(): (id: string | null | undefined) => string | null {
  const { data } = useAgents();
  const byId = new Map<string, Agent>((data ?? []).map((a) => [a.id, a]));
  return (id) => (id ? (byId.get(id)?.name ?? id) : null);
}

export function useSetMyStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setMyStatus,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: agentKeys.all }),
  });
}

export function useCreateAgent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createAgent,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: agentKeys.all }),
  });
}

export function useUpdateAgent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: AgentPatch }) => updateAgent(id, patch),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: agentKeys.all }),
  });
}

export function useTeams() {
  return useQuery({ queryKey: teamKeys.all, queryFn: ({ signal }) => listTeams(signal) });
}

export function useCreateTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createTeam,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: teamKeys.all }),
  });
}

export function useUpdateTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: TeamPatch }) => updateTeam(id, patch),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: teamKeys.all }),
  });
}
