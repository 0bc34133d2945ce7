/** Local calendar dates as YYYY-MM-DD, for the report range. */
export function isoDay(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The last `days` days, today included. */
export function lastDays(days: number, today = new Date()): { from: string; to: string } {
  const from = new Date(today);
  from.setDate(from.getDate() - (days - 1));
  return { from: isoDay(from), to: isoDay(today) };
}

/** Days from `from` to `to`, both included; NaN for invalid dates. */
export function spanDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

export const MAX_REPORT_DAYS = 92;

export function rangeError(from: string, to: string): string | null {
  const span = spanDays(from, to);
  if (Number.isNaN(span)) return 'Pick both dates.';
  if (span < 1) return 'The start must not be after the end.';
  if (span > MAX_REPORT_DAYS) return `At most ${MAX_REPORT_DAYS} days at once.`;
  return null;
}
