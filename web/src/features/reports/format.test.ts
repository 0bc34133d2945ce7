import { describe, expect, it } from 'vitest';
import { atMost, formatPercent, formatRate, humanMinutes } from '@/features/reports/format';

describe('report formatting', () => {
  it('humanises minutes', () => {
    expect(humanMinutes(0)).toBe('0 min');
    expect(humanMinutes(30)).toBe('30 min');
    expect(humanMinutes(60)).toBe('1 h');
    expect(humanMinutes(90)).toBe('1 h 30 min');
    expect(humanMinutes(1440)).toBe('1 day');
    expect(humanMinutes(2880)).toBe('2 days');
    expect(humanMinutes(1440 + 360)).toBe('1 day 6 h');
    expect(humanMinutes(2 * 1440 - 10)).toBe('2 days');
  });

  it('shows bucket bounds as "at most", and a dash without data', () => {
    expect(atMost(30)).toBe('≤ 30 min');
    expect(atMost(120)).toBe('≤ 2 h');
    expect(atMost(null)).toBe('—');
    expect(atMost(20_160)).toBe('≤ 14 days');
    // 30 days is also what the open bucket above it answers: only "more than 14 days" is sure.
    expect(atMost(43_200)).toBe('> 14 days');
  });

  it('formats the achievement percentage', () => {
    expect(formatPercent(87.5)).toBe('87.5%');
    expect(formatPercent(100)).toBe('100%');
    expect(formatPercent(33.3333)).toBe('33.3%');
    expect(formatPercent(null)).toBe('—');
  });

  it('formats a rate from 0 to 1 as a percentage', () => {
    expect(formatRate(0.75)).toBe('75%');
    expect(formatRate(4 / 7)).toBe('57.1%');
    expect(formatRate(0)).toBe('0%');
    expect(formatRate(1)).toBe('100%');
    expect(formatRate(null)).toBe('—');
  });
});
