/** Triggers and routing endpoints (issue #16): one function per route, used by the hooks in ../hooks. */
import { API_PREFIX, api, request } from '@/lib/api';
import { etagVersion } from '@/features/rules/routing';
import type {
  DryRun,
  DryRunRequest,
  NewTrigger,
  Routing,
  RoutingQueueList,
  Rule,
  TriggerList,
  TriggerPatch,
} from '@/types/api';

const T = `${API_PREFIX}/triggers`;
const id = (s: string) => encodeURIComponent(s);

export const rulesKeys = {
  all: ['rules'] as const,
  triggers: () => [...rulesKeys.all, 'triggers'] as const,
  routing: () => [...rulesKeys.all, 'routing'] as const,
  queue: () => [...rulesKeys.all, 'queue'] as const,
};

/** `GET /triggers` (managers, admins): in the order they run. */
export function listTriggers(signal?: AbortSignal): Promise<TriggerList> {
  return api.get<TriggerList>(T, { signal });
}

/** `POST /triggers` (admins). */
export function createTrigger(body: NewTrigger): Promise<Rule> {
  return api.post<Rule>(T, body);
}

/** `PATCH /triggers/{id}` with `If-Match` (admins): edit, enable or disable, or move (`position`). */
export function updateTrigger(ruleId: string, version: number, patch: TriggerPatch): Promise<Rule> {
  return api.patch<Rule>(`${T}/${id(ruleId)}`, patch, { ifMatch: version });
}

/** `DELETE /triggers/{id}` with `If-Match` (admins). */
export async function deleteTrigger(ruleId: string, version: number): Promise<void> {
  await request<void>(`${T}/${id(ruleId)}`, { method: 'DELETE', ifMatch: version });
}

/** `POST /triggers/dry-run` (managers, admins): what a rule would change now. Writes nothing. */
export function dryRunTrigger(body: DryRunRequest): Promise<DryRun> {
  return api.post<DryRun>(`${T}/dry-run`, body);
}

/** The routing settings and their version (the `ETag`, sent back as `If-Match`). */
export interface VersionedRouting {
  routing: Routing;
  version: string | undefined;
}

/** `GET /routing` (managers, admins). */
export async function getRouting(signal?: AbortSignal): Promise<VersionedRouting> {
  const res = await request<Routing>(`${API_PREFIX}/routing`, { signal });
  return { routing: res.data, version: etagVersion(res.etag) };
}

/** `PUT /routing` with `If-Match` (admins): replaces the settings. */
export async function putRouting({ routing, version }: VersionedRouting): Promise<VersionedRouting> {
  const res = await request<Routing>(`${API_PREFIX}/routing`, { method: 'PUT', body: routing, ifMatch: version });
  return { routing: res.data ?? routing, version: etagVersion(res.etag) };
}

/** `GET /routing/queue` (managers, admins): waiting tickets per team, oldest first. */
export function getRoutingQueue(signal?: AbortSignal): Promise<RoutingQueueList> {
  return api.get<RoutingQueueList>(`${API_PREFIX}/routing/queue`, { signal });
}
