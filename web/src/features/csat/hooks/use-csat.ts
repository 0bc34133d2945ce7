import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  csatKeys,
  getCsatReport,
  getCsatSettings,
  getSurvey,
  getTicketSatisfaction,
  putCsatSettings,
  rateSurvey,
  rateTicket,
} from '@/features/csat/api/csat';
import { isApiError } from '@/lib/api';
import type { RateRequest, Rating } from '@/types/api';

/**
 * The survey of a link; the rating in the link is recorded by this very read, so it is read
 * once (no refetch on focus) and not retried on a 404 (forged) or 410 (expired).
 */
export function useSurvey(token: string, rating: Rating | undefined) {
  return useQuery({
    queryKey: csatKeys.survey(token),
    queryFn: ({ signal }) => getSurvey(token, rating, signal),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    retry: (count, e) => !isApiError(e, 403) && !isApiError(e, 404) && !isApiError(e, 410) && !isApiError(e, 0) && count < 2,
  });
}

export function useRateSurvey(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RateRequest) => rateSurvey(token, body),
    onSuccess: (view) => queryClient.setQueryData(csatKeys.survey(token), view),
  });
}

/** The portal's "How did we do?": asked while the ticket is resolved (a 409 otherwise). */
export function useTicketSatisfaction(ticketId: string, enabled: boolean) {
  return useQuery({
    queryKey: csatKeys.ticket(ticketId),
    queryFn: ({ signal }) => getTicketSatisfaction(ticketId, signal),
    enabled,
    retry: false,
  });
}

export function useRateTicket(ticketId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RateRequest) => rateTicket(ticketId, body),
    onSuccess: (view) => queryClient.setQueryData(csatKeys.ticket(ticketId), view),
  });
}

export function useCsatSettings(enabled = true) {
  return useQuery({ queryKey: csatKeys.settings(), queryFn: ({ signal }) => getCsatSettings(signal), enabled });
}

export function useSaveCsatSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: putCsatSettings,
    onSuccess: (saved) => queryClient.setQueryData(csatKeys.settings(), saved),
    // A 412 (someone else saved): show theirs.
    onError: () => queryClient.invalidateQueries({ queryKey: csatKeys.settings() }),
  });
}

export function useCsatReport(from: string, to: string, enabled = true) {
  return useQuery({
    queryKey: csatKeys.report(from, to),
    queryFn: ({ signal }) => getCsatReport(from, to, signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}
