import { describe, expect, it } from 'vitest';
import { formatDue, slaBadge } from '@/features/sla/sla-badge';
import type { SlaState } from '@/types/api';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const iso = (minutesFromNow: number) => new Date(NOW + minutesFromNow * 60_000).toISOString();
const state = (partial: Partial<SlaState>): SlaState => ({ computed_at: iso(-1), ...partial });

describe('slaBadge', () => {
  it('shows nothing without sla or when every clock is met', () => {
    expect(slaBadge(undefined, NOW)).toBeNull();
    expect(slaBadge(null, NOW)).toBeNull();
    expect(slaBadge(state({}), NOW)).toBeNull();
    expect(
      slaBadge(state({ first_response: { due_at: iso(10), met_at: iso(-5), paused: false, breached: false } }), NOW),
    ).toBeNull();
  });

  it('says Breached (red) when any open clock breached, before any running one', () => {
    const b = slaBadge(
      state({
        first_response: { due_at: iso(5), warn_at: iso(-1), paused: false, breached: false },
        resolution: { due_at: iso(-30), paused: false, breached: true },
      }),
      NOW,
    );
    expect(b).toEqual({ label: 'Breached', color: 'red', clock: 'resolution' });
  });

  it('treats a clock past due as breached even before the checker marks it', () => {
    expect(slaBadge(state({ first_response: { due_at: iso(-1), paused: false, breached: false } }), NOW)?.label).toBe(
      'Breached',
    );
  });

  it('ignores a breached clock that was met afterwards', () => {
    const b = slaBadge(
      state({
        first_response: { due_at: iso(-30), met_at: iso(-10), paused: false, breached: true },
        resolution: { due_at: iso(180), warn_at: iso(120), paused: false, breached: false },
      }),
      NOW,
    );
    expect(b).toEqual({ label: 'Due in 3h', color: 'gray', clock: 'resolution' });
  });

  it('picks the running clock due soonest, orange once past warn_at', () => {
    const b = slaBadge(
      state({
        first_response: { due_at: iso(35), warn_at: iso(-5), paused: false, breached: false },
        resolution: { due_at: iso(600), warn_at: iso(400), paused: false, breached: false },
      }),
      NOW,
    );
    expect(b).toEqual({ label: 'Due in 35m', color: 'orange', clock: 'first_response' });
  });

  it('is gray before warn_at and accepts a Date for now', () => {
    const b = slaBadge(
      state({ next_response: { due_at: iso(200), warn_at: iso(150), paused: false, breached: false } }),
      new Date(NOW),
    );
    expect(b).toEqual({ label: 'Due in 3h', color: 'gray', clock: 'next_response' });
  });

  it('says Paused when the only open clocks are paused; a running clock wins over a paused one', () => {
    expect(slaBadge(state({ resolution: { paused: true, breached: false } }), NOW)).toEqual({
      label: 'Paused',
      color: 'gray',
      clock: 'resolution',
    });
    expect(
      slaBadge(
        state({
          first_response: { due_at: iso(20), paused: false, breached: false },
          resolution: { paused: true, breached: false },
        }),
        NOW,
      )?.label,
    ).toBe('Due in 20m');
  });
});

describe('formatDue', () => {
  it('rounds to minutes, hours, then days', () => {
    expect(formatDue(10_000)).toBe('1m');
    expect(formatDue(35 * 60_000)).toBe('35m');
    expect(formatDue(60 * 60_000)).toBe('1h');
    expect(formatDue(3 * 3_600_000 + 40 * 60_000)).toBe('3h');
    expect(formatDue(50 * 3_600_000)).toBe('2d');
  });
});
