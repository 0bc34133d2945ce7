/** Triggers, automations and routing endpoints (issue #16): one function per route, used by the hooks in ../hooks. */
import { API_PREFIX, api, request } from '@/lib/api';
import { etagVersion } from '@/features/rules/routing';
import type { RuleKind } from '@/features/rules/rules';
import type { DryRun, DryRunRequest, NewRule, Routing, RoutingQueueList, Rule, RuleList, RulePatch } from '@/types/api';

/** `/api/v1/triggers` or `/api/v1/automations`: the same routes and shapes. */
const base = (kind: RuleKind) => `${API_PREFIX}/${kind}`;
const id = (s: string) => encodeURIComponent(s);

export const rulesKeys = {
  all: ['rules'] as const,
  list: (kind: RuleKind) => [...rulesKeys.all, kind] as const,
  triggers: () => rulesKeys.list('triggers'),
  automations: () => rulesKeys.list('automations'),
  routing: () => [...rulesKeys.all, 'routing'] as const,
  queue: () => [...rulesKeys.all, 'queue'] as const,
};

/** `GET /{kind}` (managers, admins): in the order they run. */
export function listRules(kind: RuleKind, signal?: AbortSignal): Promise<RuleList> {
  return api.get<RuleList>(base(kind), { signal });
}

/** `POST /{kind}` (admins). */
export function createRule(kind: RuleKind, body: NewRule): Promise<Rule> {
  return api.post<Rule>(base(kind), body);
}

/** `PATCH /{kind}/{id}` with `If-Match` (admins): edit, enable or disable, or move (`position`). */
export function updateRule(kind: RuleKind, ruleId: string, version: number, patch: RulePatch): Promise<Rule> {
  return api.patch<Rule>(`${base(kind)}/${id(ruleId)}`, patch, { ifMatch: version });
}

/** `DELETE /{kind}/{id}` with `If-Match` (admins). */
export async function deleteRule(kind: RuleKind, ruleId: string, version: number): Promise<void> {
  await request<void>(`${base(kind)}/${id(ruleId)}`, { method: 'DELETE', ifMatch: version });
}

/** `POST /{kind}/dry-run` (managers, admins): what a rule would change now. Writes nothing. */
export function dryRunRule(kind: RuleKind, body: DryRunRequest): Promise<DryRun> {
  return api.post<DryRun>(`${base(kind)}/dry-run`, body);
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
