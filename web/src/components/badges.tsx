import { Badge } from '@mantine/core';
import { statusLabel } from '@/lib/format';
import { SPAM_TAG, type Priority, type TicketStatus } from '@/types/api';

const STATUS_COLORS: Record<TicketStatus, string> = {
  new: 'blue',
  open: 'teal',
  pending: 'yellow',
  on_hold: 'orange',
  resolved: 'green',
  closed: 'gray',
};

const PRIORITY_COLORS: Record<Priority, string> = {
  low: 'gray',
  normal: 'blue',
  high: 'orange',
  urgent: 'red',
};

export function StatusBadge({ status }: { status: TicketStatus }) {
  return (
    <Badge
      color={STATUS_COLORS[status]}
      variant="light"
      aria-label={`Status: ${statusLabel(status)}`}
      style={{ flexShrink: 0 }}
    >
      {statusLabel(status)}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: Priority }) {
  return (
    <Badge
      color={PRIORITY_COLORS[priority]}
      variant={priority === 'urgent' ? 'filled' : 'outline'}
      aria-label={`Priority: ${priority}`}
      style={{ flexShrink: 0 }}
    >
      {priority}
    </Badge>
  );
}

/** Inbound mail with a spam verdict is tagged `spam`; nothing when it is not (or no longer) tagged. */
export function SpamBadge({ tags }: { tags: readonly string[] | undefined }) {
  if (!tags?.includes(SPAM_TAG)) return null;
  return (
    <Badge color="red" variant="filled" aria-label="Spam" title="Tagged spam by the mail filter" style={{ flexShrink: 0 }}>
      Spam
    </Badge>
  );
}
