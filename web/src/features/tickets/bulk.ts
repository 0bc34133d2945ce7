/** What the inbox's bulk actions send and how their answer reads (`POST /tickets/bulk`). */
import type { BulkChanges, BulkRequest, BulkResult, Ticket } from '@/types/api';

/** The request for these tickets: their ids and each one's version as listed, as `If-Match`. */
export function bulkRequest(tickets: readonly Ticket[], changes: BulkChanges): BulkRequest {
  return {
    ids: tickets.map((t) => t.id),
    changes,
    versions: Object.fromEntries(tickets.map((t) => [t.id, t.version])),
  };
}

/** Why one ticket failed: the API's detail, else its title. */
function reason(result: BulkResult): string {
  return result.error?.detail || result.error?.title || `status ${result.status}`;
}

/**
 * "3 updated", or "2 updated, 1 failed: TKT-000004 changed since you loaded it" (each failure
 * by its number, when the list knows it, and the API's detail).
 */
export function bulkSummary(results: readonly BulkResult[], numberOf: (id: string) => string | undefined): string {
  const ok = results.filter((r) => r.status >= 200 && r.status < 300).length;
  const failed = results.filter((r) => r.status < 200 || r.status >= 300);
  const updated = `${ok} updated`;
  if (failed.length === 0) return updated;
  const why = failed.map((r) => `${numberOf(r.id) ?? r.id} ${reason(r)}`).join('; ');
  return `${updated}, ${failed.length} failed: ${why}`;
}

/** The ids whose change went through (they leave the selection; the failed ones stay). */
export function succeeded(results: readonly BulkResult[]): Set<string> {
  return new Set(results.filter((r) => r.status >= 200 && r.status < 300).map((r) => r.id));
}
