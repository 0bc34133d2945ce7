import { API_PREFIX, api } from '@/lib/api';
import type { Agent, AgentStatus } from '@/types/api';

export const agentKeys = { all: ['agents'] as const };

/** `GET /agents` (staff only). */
export async function listAgents(signal?: AbortSignal): Promise<Agent[]> {
  return (await api.get<{ items: Agent[] }>(`${API_PREFIX}/agents`, { signal })).items;
}

/** `PUT /agents/me/status` */
export function setMyStatus(status: AgentStatus): Promise<unknown> {
  return api.put(`${API_PREFIX}/agents/me/status`, { status });
}
