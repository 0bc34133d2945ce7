/** Inbound mail kept aside instead of ticketed: GET for admins. */
import { API_PREFIX, api } from '@/lib/api';
import type { QuarantineEntry, QuarantineList } from '@/types/api';

export const quarantineKeys = { all: ['quarantine'] as const };

/** `GET /quarantine` (admins): newest first. */
export async function listQuarantine(signal?: AbortSignal): Promise<QuarantineEntry[]> {
  return (await api.get<QuarantineList>(`${API_PREFIX}/quarantine`, { signal })).items;
}
