/** Picks the most urgent open SLA clock of a ticket and turns it into a badge. */
import type { SlaState, SlaTarget } from '@/types/api';

export interface SlaBadgeInfo {
  label: string;
  color: 'red' | 'orange' | 'gray';
  /** The clock the badge is about, for the accessible name. */
  clock: 'first_response' | 'next_response' | 'resolution';
}

const CLOCKS = ['first_response', 'next_response', 'resolution'] as const;

/** "35m", "3h", "2d": short enough for an inbox row. */
export function formatDue(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

/**
 * The badge for a ticket's SLA, or null when there is nothing to show (no `sla`, or every
 * clock met or absent). Order of urgency: a breached clock (or one past due that the
 * checker has not marked yet), then the running clock due soonest (orange once past its
 * `warn_at`), then a paused clock.
 */
export function slaBadge(sla: SlaState | null | undefined, now: number | Date = Date.now()): SlaBadgeInfo | null {
  if (!sla) return null;
  const at = typeof now === 'number' ? now : now.getTime();
  const open = CLOCKS.flatMap((clock) => {
    const target: SlaTarget | null | undefined = sla[clock];
    return target && !target.met_at ? [{ clock, target }] : [];
  });

  const breached = open.find(
    ({ target }) => target.breached || (!target.paused && !!target.due_at && Date.parse(target.due_at) <= at),
  );
  if (breached) return { label: 'Breached', color: 'red', clock: breached.clock };

  const running = open
    .filter(({ target }) => !target.paused && !!target.due_at)
    .sort((a, b) => Date.parse(a.target.due_at!) - Date.parse(b.target.due_at!));
  const soonest = running[0];
  if (soonest) {
    const { due_at, warn_at } = soonest.target;
    const warning = !!warn_at && Date.parse(warn_at) <= at;
    return {
      label: `Due in ${formatDue(Date.parse(due_at!) - at)}`,
      color: warning ? 'orange' : 'gray',
      clock: soonest.clock,
    };
  }

  const paused = open.find(({ target }) => target.paused);
  if (paused) return { label: 'Paused', color: 'gray', clock: paused.clock };
  return null;
}
