/** Satisfaction surveys (issue #17): one function per route, used by the hooks in ../hooks. */
import { API_PREFIX, api, request } from '@/lib/api';
import { etagVersion } from '@/features/rules/routing';
import type { CsatReport, CsatSettings, RateRequest, Rating, SurveyView } from '@/types/api';

const enc = encodeURIComponent;

export const csatKeys = {
  all: ['csat'] as const,
  survey: (token: string) => [...csatKeys.all, 'survey', token] as const,
  ticket: (ticketId: string) => [...csatKeys.all, 'ticket', ticketId] as const,
  settings: () => [...csatKeys.all, 'settings'] as const,
  report: (from: string, to: string) => ['reports', 'csat', from, to] as const,
};

/** `GET /csat/{token}[?rating=]` (public, no token): records the rating when given, answers the survey. */
export function getSurvey(token: string, rating?: Rating, signal?: AbortSignal): Promise<SurveyView> {
  return api.get<SurveyView>(`${API_PREFIX}/csat/${enc(token)}`, { query: { rating }, signal });
}

/** `POST /csat/{token}` (public): changes the rating, the comment or the reason. */
export function rateSurvey(token: string, body: RateRequest): Promise<SurveyView> {
  return api.post<SurveyView>(`${API_PREFIX}/csat/${enc(token)}`, body);
}

/** `GET /tickets/{id}/satisfaction` (the ticket's customer): 409 while it is not resolved. */
export function getTicketSatisfaction(ticketId: string, signal?: AbortSignal): Promise<SurveyView> {
  return api.get<SurveyView>(`${API_PREFIX}/tickets/${enc(ticketId)}/satisfaction`, { signal });
}

/** `POST /tickets/{id}/satisfaction` (the ticket's customer). */
export function rateTicket(ticketId: string, body: RateRequest): Promise<SurveyView> {
  return api.post<SurveyView>(`${API_PREFIX}/tickets/${enc(ticketId)}/satisfaction`, body);
}

/** The survey settings and their version (the `ETag`, sent back as `If-Match`). */
export interface VersionedCsatSettings {
  settings: CsatSettings;
  version: string | undefined;
}

/** `GET /settings/csat` (managers, admins). */
export async function getCsatSettings(signal?: AbortSignal): Promise<VersionedCsatSettings> {
  const res = await request<CsatSettings>(`${API_PREFIX}/settings/csat`, { signal });
  return { settings: res.data, version: etagVersion(res.etag) };
}

/** `PUT /settings/csat` with `If-Match` (admins): replaces the settings. */
export async function putCsatSettings({ settings, version }: VersionedCsatSettings): Promise<VersionedCsatSettings> {
  const res = await request<CsatSettings>(`${API_PREFIX}/settings/csat`, { method: 'PUT', body: settings, ifMatch: version });
  return { settings: res.data ?? settings, version: etagVersion(res.etag) };
}

/** `GET /reports/csat?from=&to=` (managers, admins). */
export function getCsatReport(from: string, to: string, signal?: AbortSignal): Promise<CsatReport> {
  return api.get<CsatReport>(`${API_PREFIX}/reports/csat`, { query: { from, to }, signal });
}
