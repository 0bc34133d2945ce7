/** SLA policies and business hours: GET for staff, PUT for admins. */
import { API_PREFIX, api } from '@/lib/api';
import type { BusinessHours, SlaPolicies, SlaPolicy } from '@/types/api';

export const slaKeys = {
  policies: ['sla-policies'] as const,
  businessHours: ['business-hours'] as const,
};

/** `GET /sla-policies` */
export async function getSlaPolicies(signal?: AbortSignal): Promise<SlaPolicy[]> {
  return (await api.get<SlaPolicies>(`${API_PREFIX}/sla-policies`, { signal })).policies;
}

/** `PUT /sla-policies` (admin) */
export async function putSlaPolicies(policies: SlaPolicy[]): Promise<SlaPolicy[]> {
  const res = await api.put<SlaPolicies | undefined>(`${API_PREFIX}/sla-policies`, { policies } satisfies SlaPolicies);
  return res?.policies ?? policies;
}

/** `GET /business-hours` */
export function getBusinessHours(signal?: AbortSignal): Promise<BusinessHours> {
  return api.get<BusinessHours>(`${API_PREFIX}/business-hours`, { signal });
}

/** `PUT /business-hours` (admin) */
export async function putBusinessHours(hours: BusinessHours): Promise<BusinessHours> {
  return (await api.put<BusinessHours | undefined>(`${API_PREFIX}/business-hours`, hours)) ?? hours;
}
