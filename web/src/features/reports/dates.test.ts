import { describe, expect, it } from 'vitest';
import { lastDays, rangeError, spanDays } from '@/features/reports/dates';

describe('report dates', () => {
  it('defaults to the last 14 days, today included', () => {
    expect(lastDays(14, new Date(2026, 10, 20))).toEqual({ from: '2026-11-07', to: '2026-11-20' });
    expect(spanDays('2026-11-07', '2026-11-20')).toBe(14);
  });

  it('refuses reversed, empty and too long ranges', () => {
    expect(rangeError('2026-11-07', '2026-11-20')).toBeNull();
    expect(rangeError('2026-11-21', '2026-11-20')).toMatch(/after the end/);
    expect(rangeError('', '2026-11-20')).toMatch(/both dates/);
    expect(rangeError('2026-01-01', '2026-12-31')).toMatch(/At most 92/);
  });
});
