import { API_PREFIX, api } from '@/lib/api';
import type { CustomerProfile } from '@/types/api';

export const customerKeys = { detail: (id: string) => ['customers', id] as const };

/** `GET /customers/{id}` (staff only): the profile and the customer's tickets. */
export function getCustomer(id: string, signal?: AbortSignal): Promise<CustomerProfile> {
  return api.get<CustomerProfile>(`${API_PREFIX}/customers/${encodeURIComponent(id)}`, { signal });
}
