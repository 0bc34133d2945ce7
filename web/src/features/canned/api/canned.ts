/** Canned responses (issue #17): one function per route, used by the hooks in ../hooks. */
import { API_PREFIX, api, request } from '@/lib/api';
import type { CannedList, CannedPatch, CannedResponse, NewCanned, RenderRequest, RenderedResponse } from '@/types/api';

const C = `${API_PREFIX}/canned-responses`;
const id = (s: string) => encodeURIComponent(s);

export const cannedKeys = {
  all: ['canned-responses'] as const,
  list: (q: string) => [...cannedKeys.all, 'list', q] as const,
  lists: () => [...cannedKeys.all, 'list'] as const,
};

/** `GET /canned-responses?q=` (staff): those the caller sees, and the variables a body may read. */
export function listCanned(q: string, signal?: AbortSignal): Promise<CannedList> {
  return api.get<CannedList>(C, { query: { q }, signal });
}

/** `POST /canned-responses` (agents: personal only; managers and admins may share). */
export function createCanned(body: NewCanned): Promise<CannedResponse> {
  return api.post<CannedResponse>(C, body);
}

/** `PATCH /canned-responses/{id}` with `If-Match`. */
export function updateCanned(cannedId: string, version: number, patch: CannedPatch): Promise<CannedResponse> {
  return api.patch<CannedResponse>(`${C}/${id(cannedId)}`, patch, { ifMatch: version });
}

/** `DELETE /canned-responses/{id}` with `If-Match`. */
export async function deleteCanned(cannedId: string, version: number): Promise<void> {
  await request<void>(`${C}/${id(cannedId)}`, { method: 'DELETE', ifMatch: version });
}

/** `POST /canned-responses/{id}/render`: the text for a ticket; counts a use unless `preview`. */
export function renderCanned(cannedId: string, body: RenderRequest, signal?: AbortSignal): Promise<RenderedResponse> {
  return api.post<RenderedResponse>(`${C}/${id(cannedId)}/render`, body, { signal });
}
