import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getAgentsReport, getKnowledgeBaseReport, getOverview, getSlaReport, reportKeys } from '@/features/reports/api/reports';

export function useOverview(from: string, to: string, enabled = true) {
  return useQuery({
    queryKey: reportKeys.overview(from, to),
    queryFn: ({ signal }) => getOverview(from, to, signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useSlaReport(from: string, to: string, enabled = true) {
  return useQuery({
    queryKey: reportKeys.sla(from, to),
    queryFn: ({ signal }) => getSlaReport(from, to, signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useAgentsReport(from: string, to: string, enabled = true) {
  return useQuery({
    queryKey: reportKeys.agents(from, to),
    queryFn: ({ signal }) => getAgentsReport(from, to, signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useKnowledgeBaseReport(from: string, to: string, enabled = true) {
  return useQuery({
    queryKey: reportKeys.knowledgeBase(from, to),
    queryFn: ({ signal }) => getKnowledgeBaseReport(from, to, signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}
