import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Anchor, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { PriorityBadge, StatusBadge } from '@/components/badges';
import { customerStatus } from '@/lib/format';
import { Time } from '@/components/time';
import { isApiError } from '@/lib/api';
import { useTicket } from '@/features/tickets/hooks/use-tickets';
import { Thread } from '@/features/tickets/components/thread';
import { Composer, type ComposerMode } from '@/features/tickets/components/composer';
import { PortalRating } from '@/features/csat/components/portal-rating';
import type { Interaction } from '@/types/api';

/** A customer's own ticket: the public conversation and a reply box. */
export function PortalTicket() {
  const { id = '' } = useParams();
  const ticket = useTicket(id);
  const [mode, setMode] = useState<ComposerMode>('reply');

  if (ticket.isPending) return <Loader aria-label="Loading ticket" />;
  if (ticket.isError) {
    return isApiError(ticket.error, 404) ? (
      <Stack>
        <Title order={1} size="h2">
          Ticket not found
        </Title>
        <Text>
          There is no such ticket among yours. <Anchor component={Link} to="/portal">Back to my tickets</Anchor>
        </Text>
      </Stack>
    ) : (
      <ErrorAlert error={ticket.error} title="Could not load the ticket" />
    );
  }
  const t = ticket.data;
  // The API leaves internal notes out for customers; never show one even if it slipped through.
  const thread = (t.thread ?? []).filter((i) => !i.internal);
  const authorName = (i: Interaction) =>
    i.author.kind === 'customer' ? 'You' : i.author.kind === 'system' ? 'System' : 'Support team';

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/portal" size="sm">
        ← My tickets
      </Anchor>
      <div>
        <Text size="sm" c="dimmed">
          {t.number} · opened <Time value={t.created_at} />
        </Text>
        <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
          {t.subject}
        </Title>
        <Group gap="xs" mt={4}>
          <StatusBadge status={customerStatus(t.status)} />
          <PriorityBadge priority={t.priority} />
        </Group>
      </div>
      <section aria-labelledby="thread-heading">
        <Title order={2} size="h4" id="thread-heading" mb="xs">
          Conversation
        </Title>
        <Thread thread={thread} authorName={authorName} />
      </section>
      <PortalRating ticket={t} />
      {t.status !== 'closed' && (
        <Paper withBorder p="sm">
          <Composer key={t.id} ticket={t} allowNotes={false} mode={mode} onModeChange={setMode} authorName={authorName} />
        </Paper>
      )}
    </Stack>
  );
}
