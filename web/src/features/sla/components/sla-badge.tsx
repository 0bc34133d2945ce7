import { Badge } from '@mantine/core';
import { slaBadge } from '@/features/sla/sla-badge';
import type { SlaState } from '@/types/api';

const CLOCK_LABELS = {
  first_response: 'first response',
  next_response: 'next response',
  resolution: 'resolution',
} as const;

/** The most urgent SLA clock as a badge; renders nothing without `sla`. */
export function SlaBadge({ sla, now }: { sla: SlaState | null | undefined; now: number }) {
  const info = slaBadge(sla, now);
  if (!info) return null;
  return (
    <Badge
      color={info.color}
      variant={info.color === 'gray' ? 'light' : 'filled'}
      aria-label={`SLA ${CLOCK_LABELS[info.clock]}: ${info.label}`}
      data-testid="sla-badge"
      style={{ flexShrink: 0 }}
    >
      {info.label}
    </Badge>
  );
}
