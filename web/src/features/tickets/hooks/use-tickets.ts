/** One TanStack Query hook per ticket endpoint. */
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import {
  addInteraction,
  assignTicket,
  bulkTickets,
  createTicket,
  getTicket,
  getTicketAudit,
  getTicketCounts,
  listTickets,
  mergeTicket,
  setTicketStatus,
  ticketKeys,
  updateTicket,
} from '@/features/tickets/api/tickets';
import { isApiError } from '@/lib/api';
import { isStaff, useSession } from '@/lib/session';
import {
  isFollowUp,
  type AssignRequest,
  type NewInteraction,
  type Ticket,
  type TicketListParams,
  type TicketPatch,
  type TicketStatus,
} from '@/types/api';

/** How often lists refresh themselves while visible. */
export const POLL_MS = 15_000;

export function useTickets(params: TicketListParams, options: { poll?: boolean } = {}) {
  return useQuery({
    queryKey: ticketKeys.list(params),
    queryFn: ({ signal }) => listTickets(params, signal),
    placeholderData: keepPreviousData,
    refetchInterval: options.poll === false ? false : POLL_MS,
  });
}

/**
 * Tickets per inbox view, polled like the lists. Staff only: for customers it never asks.
 * Without the endpoint (a 404) it stops polling.
 */
export function useTicketCounts() {
  const session = useSession();
  return useQuery({
    queryKey: ticketKeys.counts(),
    queryFn: ({ signal }) => getTicketCounts(signal),
    enabled: isStaff(session?.user),
    refetchInterval: (query) => (isApiError(query.state.error, 404) ? false : POLL_MS),
  });
}

/** After a ticket write: the lists and the view counts refresh. */
function invalidateListsAndCounts(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: ticketKeys.lists() }),
    queryClient.invalidateQueries({ queryKey: ticketKeys.counts() }),
  ]);
}

export function useTicket(id: string) {
  return useQuery({
    queryKey: ticketKeys.detail(id),
    queryFn: ({ signal }) => getTicket(id, signal),
  });
}

/** The ticket's audit trail; managers and admins only (for others it never asks). */
export function useTicketAudit(id: string) {
  const session = useSession();
  const role = session?.user.role;
  return useQuery({
    queryKey: ticketKeys.audit(id),
    queryFn: ({ signal }) => getTicketAudit(id, signal),
    enabled: role === 'admin' || role === 'manager',
  });
}

export function useCreateTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createTicket,
    onSuccess: (ticket) => {
      queryClient.setQueryData(ticketKeys.detail(ticket.id), ticket);
      return invalidateListsAndCounts(queryClient);
    },
  });
}

/**
 * Shared plumbing for the If-Match mutations: the answer replaces the cached ticket
 * (keeping the thread, which these routes do not return) and lists refresh.
 */
function useTicketWrite<V>(ticket: Ticket | undefined, write: (t: Ticket, vars: V) => Promise<Ticket>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (vars: V) => {
      if (!ticket) throw new Error('ticket not loaded');
      return write(ticket, vars);
    },
    onSuccess: (updated) => {
      queryClient.setQueryData<Ticket>(ticketKeys.detail(updated.id), (old) => ({
        ...updated,
        thread: updated.thread ?? old?.thread,
      }));
      return invalidateListsAndCounts(queryClient);
    },
    onError: () => {
      // 412 (stale) or anything else: show the ticket as it is now.
      if (ticket) return queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticket.id) });
    },
  });
}

export function useUpdateTicket(ticket: Ticket | undefined) {
  return useTicketWrite(ticket, (t, patch: TicketPatch) => updateTicket(t.id, t.version, patch));
}

export function useSetStatus(ticket: Ticket | undefined) {
  return useTicketWrite(ticket, (t, status: TicketStatus) => setTicketStatus(t.id, t.version, status));
}

/** Resolves the ticket without the satisfaction survey (`survey: false`). */
export function useResolveWithoutSurvey(ticket: Ticket | undefined) {
  return useTicketWrite(ticket, (t, _: void) => setTicketStatus(t.id, t.version, 'resolved', false));
}

export function useAssignTicket(ticket: Ticket | undefined) {
  return useTicketWrite(ticket, (t, a: AssignRequest) => assignTicket(t.id, t.version, a));
}

export function useAddInteraction(ticketId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, version }: { body: NewInteraction; version?: number }) =>
      addInteraction(ticketId, body, version),
    onSuccess: (result) => {
      if (!isFollowUp(result) && result?.ticket?.thread) {
        // The answer carries the ticket after the write: show it before the refetch lands.
        queryClient.setQueryData(ticketKeys.detail(ticketId), result.ticket);
      }
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) }),
        invalidateListsAndCounts(queryClient),
      ]);
    },
  });
}

/** Merge this ticket into another (by id or `TKT-…` number); the answer is the closed source. */
export function useMergeTicket(ticket: Ticket | undefined) {
  return useTicketWrite(ticket, (t, targetId: string) => mergeTicket(t.id, t.version, targetId));
}

/**
 * `POST /tickets/bulk`. Whatever came of each ticket, the lists, the counts and the tickets'
 * cached pages refresh (some may have changed even when others failed).
 */
export function useBulkTickets() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: bulkTickets,
    onSettled: (_data, _error, body) =>
      Promise.all([
        ...body.ids.map((id) => queryClient.invalidateQueries({ queryKey: ticketKeys.detail(id) })),
        invalidateListsAndCounts(queryClient),
      ]),
  });
}
