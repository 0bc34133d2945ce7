/** Small formatting rules shared by several screens. */
import type { TicketStatus } from '@/types/api';

export function statusLabel(status: TicketStatus): string {
  return status === 'on_hold' ? 'on hold' : status;
}

/** Customers see `on_hold` as open (the API already maps it; this guards the UI too). */
export function customerStatus(status: TicketStatus): TicketStatus {
  return status === 'on_hold' ? 'open' : status;
}

const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export function relativeTime(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86400), 'day');
}
