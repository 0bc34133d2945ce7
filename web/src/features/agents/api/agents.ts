import { API_PREFIX, api } from '@/lib/api';
import type {
  Agent,
  AgentAvailability,
  AgentList,
  AgentPatch,
  AgentStatus,
  NewAgent,
  NewTeam,
  SetAvailabilityRequest,
  Team,
  TeamList,
  TeamPatch,
} from '@/types/api';

export const agentKeys = { all: ['agents'] as const };
export const teamKeys = { all: ['teams'] as const };

/** `GET /agents` (staff only). */
export async function listAgents(signal?: AbortSignal): Promise<Agent[]> {
  return (await api.get<AgentList>(`${API_PREFIX}/agents`, { signal })).items;
}

/** `PUT /agents/me/status` */
export function setMyStatus(status: AgentStatus): Promise<AgentAvailability> {
  return api.put<AgentAvailability>(`${API_PREFIX}/agents/me/status`, { status } satisfies SetAvailabilityRequest);
}

/** `POST /agents` (admin). */
export function createAgent(body: NewAgent): Promise<Agent> {
  return api.post<Agent>(`${API_PREFIX}/agents`, body);
}

/** `PATCH /agents/{id}` (admin): name, role, skills. */
export function updateAgent(id: string, patch: AgentPatch): Promise<Agent> {
  return api.patch<Agent>(`${API_PREFIX}/agents/${encodeURIComponent(id)}`, patch);
}

/** `GET /teams` (staff). */
export async function listTeams(signal?: AbortSignal): Promise<Team[]> {
  return (await api.get<TeamList>(`${API_PREFIX}/teams`, { signal })).items;
}

/** `POST /teams` (admin). */
export function createTeam(body: NewTeam): Promise<Team> {
  return api.post<Team>(`${API_PREFIX}/teams`, body);
}

/** `PATCH /teams/{id}` (admin): name, members. */
export function updateTeam(id: string, patch: TeamPatch): Promise<Team> {
  return api.patch<Team>(`${API_PREFIX}/teams/${encodeURIComponent(id)}`, patch);
}
