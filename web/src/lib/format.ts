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

const bytes = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

/** A file size: "512 B", "1.5 KB", "10 MB" (powers of 1024). */
export function humanSize(size: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = size;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${bytes.format(unit === 0 ? value : Math.round(value * 10) / 10)} ${units[unit]}`;
}
