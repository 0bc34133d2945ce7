/** Macros (issue #17): one function per route, used by the hooks in ../hooks. */
import { API_PREFIX, api, request } from '@/lib/api';
import type { Macro, MacroApplied, MacroList, MacroPatch, NewMacro } from '@/types/api';

const M = `${API_PREFIX}/macros`;
const id = (s: string) => encodeURIComponent(s);

export const macroKeys = {
  all: ['macros'] as const,
  list: () => [...macroKeys.all, 'list'] as const,
};

/** `GET /macros` (staff): those the caller sees. */
export function listMacros(signal?: AbortSignal): Promise<MacroList> {
  return api.get<MacroList>(M, { signal });
}

/** `POST /macros` (agents: personal, assigning to "me" only). */
export function createMacro(body: NewMacro): Promise<Macro> {
  return api.post<Macro>(M, body);
}

/** `PATCH /macros/{id}` with `If-Match`. */
export function updateMacro(macroId: string, version: number, patch: MacroPatch): Promise<Macro> {
  return api.patch<Macro>(`${M}/${id(macroId)}`, patch, { ifMatch: version });
}

/** `DELETE /macros/{id}` with `If-Match`. */
export async function deleteMacro(macroId: string, version: number): Promise<void> {
  await request<void>(`${M}/${id(macroId)}`, { method: 'DELETE', ifMatch: version });
}

/**
 * `POST /tickets/{id}/macros/{macro_id}` with `If-Match` of the ticket's version;
 * `preview` (`?preview=1`) writes nothing and answers what would happen.
 */
export function applyMacro(ticketId: string, macroId: string, version: number, preview: boolean): Promise<MacroApplied> {
  return api.post<MacroApplied>(`${API_PREFIX}/tickets/${id(ticketId)}/macros/${id(macroId)}`, undefined, {
    ifMatch: version,
    query: preview ? { preview: 1 } : undefined,
  });
}
