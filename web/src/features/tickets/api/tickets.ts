/** Ticket endpoints: one function per route, used by the hooks in ../hooks. */
import { API_PREFIX, api } from '@/lib/api';
import type {
  AssignRequest,
  AuditEntry,
  AuditList,
  BulkRequest,
  BulkResponse,
  InteractionResult,
  MergeRequest,
  NewInteraction,
  NewTicket,
  Page,
  SetStatusRequest,
  Ticket,
  TicketCounts,
  TicketListParams,
  TicketPatch,
  TicketStatus,
} from '@/types/api';

const T = `${API_PREFIX}/tickets`;

export const ticketKeys = {
  all: ['tickets'] as const,
  lists: () => [...ticketKeys.all, 'list'] as const,
  list: (params: TicketListParams) => [...ticketKeys.lists(), params] as const,
  details: () => [...ticketKeys.all, 'detail'] as const,
  detail: (id: string) => [...ticketKeys.details(), id] as const,
  counts: () => [...ticketKeys.all, 'counts'] as const,
  /** Under the ticket's key, so refreshing the ticket refreshes its history too. */
  audit: (id: string) => [...ticketKeys.detail(id), 'audit'] as const,
};

/** `GET /tickets?view=&status=&…&cursor=` */
export function listTickets(params: TicketListParams, signal?: AbortSignal): Promise<Page<Ticket>> {
  return api.get<Page<Ticket>>(T, { query: { limit: 25, ...params }, signal });
}

/** `GET /ticket-counts` (staff): how many tickets each inbox view holds. */
export function getTicketCounts(signal?: AbortSignal): Promise<TicketCounts> {
  return api.get<TicketCounts>(`${API_PREFIX}/ticket-counts`, { signal });
}

/** `GET /tickets/{id}`: the ticket with its thread. */
export function getTicket(id: string, signal?: AbortSignal): Promise<Ticket> {
  return api.get<Ticket>(`${T}/${encodeURIComponent(id)}`, { signal });
}

/** `POST /tickets` */
export function createTicket(body: NewTicket): Promise<Ticket> {
  return api.post<Ticket>(T, body);
}

/** `PATCH /tickets/{id}` with `If-Match`. */
export function updateTicket(id: string, version: number, patch: TicketPatch): Promise<Ticket> {
  return api.patch<Ticket>(`${T}/${encodeURIComponent(id)}`, patch, { ifMatch: version });
}

/**
 * `PUT /tickets/{id}/status` with `If-Match`. `survey: false` resolves without asking the
 * customer for a rating ("Resolve without survey"); left out, the API asks.
 */
export function setTicketStatus(id: string, version: number, status: TicketStatus, survey?: boolean): Promise<Ticket> {
  const body: SetStatusRequest = survey === undefined ? { status } : { status, survey };
  return api.put<Ticket>(`${T}/${encodeURIComponent(id)}/status`, body, { ifMatch: version });
}

/** `PUT /tickets/{id}/assign` with `If-Match`. */
export function assignTicket(id: string, version: number, assignment: AssignRequest): Promise<Ticket> {
  return api.put<Ticket>(`${T}/${encodeURIComponent(id)}/assign`, assignment, { ifMatch: version });
}

/** `POST /tickets/{id}/interactions`, optionally guarded by the version the author saw. */
export function addInteraction(id: string, body: NewInteraction, version?: number): Promise<InteractionResult> {
  return api.post<InteractionResult>(`${T}/${encodeURIComponent(id)}/interactions`, body, { ifMatch: version });
}

/** `POST /tickets/{id}/merge` with `If-Match`: closes this ticket into the target (id or TKT number). */
export function mergeTicket(id: string, version: number, targetId: string): Promise<Ticket> {
  return api.post<Ticket>(`${T}/${encodeURIComponent(id)}/merge`, { target_id: targetId } satisfies MergeRequest, {
    ifMatch: version,
  });
}

/** `GET /tickets/{id}/audit` (managers, admins): who changed what, oldest first. */
export async function getTicketAudit(id: string, signal?: AbortSignal): Promise<AuditEntry[]> {
  return (await api.get<AuditList>(`${T}/${encodeURIComponent(id)}/audit`, { signal })).items;
}

/** `POST /tickets/bulk` (staff): the same changes for each id, answered per ticket in the order of `ids`. */
export function bulkTickets(body: BulkRequest): Promise<BulkResponse> {
  return api.post<BulkResponse>(`${T}/bulk`, body);
}
