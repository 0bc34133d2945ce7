import { API_PREFIX, api } from '@/lib/api';
import type { AgentsReport, KnowledgeBaseReport, ReportOverview, SlaReport } from '@/types/api';

export const reportKeys = {
  all: ['reports'] as const,
  overview: (from: string, to: string) => [...reportKeys.all, 'overview', from, to] as const,
  sla: (from: string, to: string) => [...reportKeys.all, 'sla', from, to] as const,
  agents: (from: string, to: string) => [...reportKeys.all, 'agents', from, to] as const,
  knowledgeBase: (from: string, to: string) => [...reportKeys.all, 'knowledge-base', from, to] as const,
};

/** `GET /reports/overview?from=&to=` (managers and admins, at most 92 days). */
export function getOverview(from: string, to: string, signal?: AbortSignal): Promise<ReportOverview> {
  return api.get<ReportOverview>(`${API_PREFIX}/reports/overview`, { query: { from, to }, signal });
}

/** `GET /reports/sla?from=&to=` (managers and admins, at most 92 days). */
export function getSlaReport(from: string, to: string, signal?: AbortSignal): Promise<SlaReport> {
  return api.get<SlaReport>(`${API_PREFIX}/reports/sla`, { query: { from, to }, signal });
}

/** `GET /reports/agents?from=&to=` (managers and admins, at most 92 days). */
export function getAgentsReport(from: string, to: string, signal?: AbortSignal): Promise<AgentsReport> {
  return api.get<AgentsReport>(`${API_PREFIX}/reports/agents`, { query: { from, to }, signal });
}

/** `GET /reports/knowledge-base?from=&to=` (managers and admins, at most 92 days): self-service. */
export function getKnowledgeBaseReport(from: string, to: string, signal?: AbortSignal): Promise<KnowledgeBaseReport> {
  return api.get<KnowledgeBaseReport>(`${API_PREFIX}/reports/knowledge-base`, { query: { from, to }, signal });
}
