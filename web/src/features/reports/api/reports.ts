import { API_PREFIX, api } from '@/lib/api';
import type { ReportOverview } from '@/types/api';

export const reportKeys = {
  overview: (from: string, to: string) => ['reports', 'overview', from, to] as const,
};

/** `GET /reports/overview?from=&to=` (managers and admins, at most 92 days). */
export function getOverview(from: string, to: string, signal?: AbortSignal): Promise<ReportOverview> {
  return api.get<ReportOverview>(`${API_PREFIX}/reports/overview`, { query: { from, to }, signal });
}
