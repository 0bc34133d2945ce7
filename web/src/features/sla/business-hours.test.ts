import { describe, expect, it } from 'vitest';
import { intervalsToText, textToIntervals } from '@/features/sla/business-hours';

describe('business hours text', () => {
  it('round-trips intervals', () => {
    const intervals = [
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '17:30' },
    ];
    expect(intervalsToText(intervals)).toBe('09:00-12:00, 13:00-17:30');
    expect(textToIntervals('09:00-12:00, 13:00-17:30')).toEqual(intervals);
    expect(textToIntervals('  ')).toEqual([]);
  });

  it('explains what is wrong', () => {
    expect(textToIntervals('9-5')).toMatch(/not like 09:00-17:00/);
    expect(textToIntervals('17:00-09:00')).toMatch(/ends before it starts/);
  });
});
