/** Per-org mail templates: GET for staff, PUT (replaces every override) for admins. */
import { API_PREFIX, api } from '@/lib/api';
import type { MailTemplates, MailTemplatesView } from '@/types/api';

export const mailKeys = { templates: ['mail-templates'] as const };

/** `GET /mail-templates` (staff) */
export function getMailTemplates(signal?: AbortSignal): Promise<MailTemplatesView> {
  return api.get<MailTemplatesView>(`${API_PREFIX}/mail-templates`, { signal });
}

/** `PUT /mail-templates` (admin): the overrides sent replace all stored ones. */
export function putMailTemplates(body: MailTemplates): Promise<MailTemplatesView> {
  return api.put<MailTemplatesView>(`${API_PREFIX}/mail-templates`, body);
}
