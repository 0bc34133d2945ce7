/** Business hours as editable text: one line per day, "09:00-17:00, 18:00-20:00" or empty for closed. */
import type { BusinessHours, Weekday } from '@/types/api';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export function intervalsToText(intervals: { start: string; end: string }[] | undefined): string {
  return (intervals ?? []).map((i) => `${i.start}-${i.end}`).join(', ');
}

/** Parses "09:00-12:00, 13:00-17:00"; returns an error message instead when it is not valid. */
export function textToIntervals(text: string): { start: string; end: string }[] | string {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const out: { start: string; end: string }[] = [];
  for (const part of parts) {
    const [start = '', end = '', ...rest] = part.split('-').map((x) => x.trim());
    if (rest.length > 0 || !TIME.test(start) || !TIME.test(end)) return `“${part}” is not like 09:00-17:00`;
    if (end <= start) return `“${part}” ends before it starts`;
    out.push({ start, end });
  }
  return out;
}

export type WeekText = Record<Weekday, string>;

export function weekToText(week: BusinessHours['week'], days: readonly Weekday[]): WeekText {
  return Object.fromEntries(days.map((d) => [d, intervalsToText(week[d])])) as WeekText;
}
