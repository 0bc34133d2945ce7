/** How report figures read. */

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** A duration in minutes, humanised: "30 min", "2 h", "1 h 30 min", "1 day", "2 days 6 h". */
export function humanMinutes(minutes: number): string {
  const m = Math.round(minutes);
  if (m < 60) return `${m} min`;
  if (m < 1440) {
    const h = Math.floor(m / 60);
    return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
  }
  // A day and more: to the nearest hour.
  const hours = Math.round(m / 60);
  const d = Math.floor(hours / 24);
  const h = hours % 24;
  return h === 0 ? plural(d, 'day', 'days') : `${plural(d, 'day', 'days')} ${h} h`;
}

/**
 * The API's two largest duration buckets (shared/domain/src/reports.rs `BUCKETS`): the last
 * bounded one is (14 days, 30 days], and the open one above it answers its lower bound,
 * 30 days, too. So 30 days only says "more than 14 days".
 */
const LAST_BOUND = 43_200;
const BOUND_BEFORE_LAST = 20_160;

/** A bucket's upper bound ("≤ 30 min"), or a dash when nothing was measured. */
export function atMost(minutes: number | null | undefined): string {
  if (typeof minutes !== 'number') return '—';
  if (minutes >= LAST_BOUND) return `> ${humanMinutes(BOUND_BEFORE_LAST)}`;
  return `≤ ${humanMinutes(minutes)}`;
}

const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });

/** 87.5 -> "87.5%"; a dash when nothing was measured. */
export function formatPercent(value: number | null | undefined): string {
  return typeof value === 'number' ? percent.format(value / 100) : '—';
}

/** A share from 0 to 1 as a percentage: 4/7 -> "57.1%"; a dash when there is none (null). */
export function formatRate(value: number | null | undefined): string {
  return typeof value === 'number' ? percent.format(value) : '—';
}
