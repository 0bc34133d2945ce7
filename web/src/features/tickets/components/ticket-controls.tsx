import { useState } from 'react';
import { Alert, Badge, Button, Group, Select, SimpleGrid, Stack, TagsInput, Text } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { statusLabel } from '@/lib/format';
import { isApiError } from '@/lib/api';
import { useSession } from '@/lib/session';
import { useAgents } from '@/features/agents/hooks/use-agents';
import { useAssignTicket, useResolveWithoutSurvey, useSetStatus, useUpdateTicket } from '@/features/tickets/hooks/use-tickets';
import { PRIORITIES, STATUSES, type Priority, type Ticket, type TicketStatus } from '@/types/api';

export const STALE_MESSAGE = 'Someone changed this ticket — reloaded. Check it and try again.';

interface Props {
  ticket: Ticket;
  /** Why the rules (routing, a trigger) gave the ticket its assignee, when they did. */
  autoAssigned?: string;
}

/** Status, priority, assignee and tags; every write carries If-Match of the version shown. */
export function TicketControls({ ticket, autoAssigned }: Props) {
  const session = useSession();
  const agents = useAgents();
  const status = useSetStatus(ticket);
  const update = useUpdateTicket(ticket);
  const assign = useAssignTicket(ticket);
  const quietResolve = useResolveWithoutSurvey(ticket);
  const [stale, setStale] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const busy = status.isPending || update.isPending || assign.isPending || quietResolve.isPending;

  const handlers = {
    onSuccess: () => {
      setStale(false);
      setError(null);
    },
    onError: (e: unknown) => {
      if (isApiError(e, 412)) {
        setStale(true);
        setError(null);
      } else {
        setStale(false);
        setError(e);
      }
    },
  };

  const agentOptions = [
    { value: '', label: 'Unassigned' },
    ...(agents.data ?? []).map((a) => ({ value: a.id, label: `${a.name} (${a.status ?? 'offline'})` })),
  ];
  if (ticket.assignee_id && !agentOptions.some((o) => o.value === ticket.assignee_id)) {
    agentOptions.push({ value: ticket.assignee_id, label: ticket.assignee_id });
  }

  return (
    <Stack gap="xs">
      {stale && (
        <Alert color="yellow" role="status" title="Ticket reloaded" withCloseButton onClose={() => setStale(false)}>
          {STALE_MESSAGE}
        </Alert>
      )}
      {error !== null && <ErrorAlert error={error} title="Change not saved" />}
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="xs">
        <Select
          label="Status"
          value={ticket.status}
          data={STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))}
          onChange={(v) => v && v !== ticket.status && status.mutate(v as TicketStatus, handlers)}
          disabled={busy}
          allowDeselect={false}
        />
        <Select
          label="Priority"
          value={ticket.priority}
          data={[...PRIORITIES]}
          onChange={(v) => v && v !== ticket.priority && update.mutate({ priority: v as Priority }, handlers)}
          disabled={busy}
          allowDeselect={false}
        />
        <Select
          label="Assignee"
          description={
            autoAssigned ? (
              <Group gap={4} component="span" wrap="nowrap">
                <Badge
                  component="span"
                  color="grape"
                  variant="light"
                  size="xs"
                  data-testid="auto-assigned"
                  style={{ flexShrink: 0, overflow: 'visible' }}
                >
                  auto-assigned
                </Badge>
                <Text component="span" size="xs" c="dimmed" lineClamp={1} title={autoAssigned} style={{ minWidth: 0 }}>
                  {autoAssigned}
                </Text>
              </Group>
            ) : undefined
          }
          value={ticket.assignee_id ?? ''}
          data={agentOptions}
          onChange={(v) => (v ?? '') !== (ticket.assignee_id ?? '') && assign.mutate({ assignee_id: v || null }, handlers)}
          disabled={busy}
          allowDeselect={false}
          searchable
        />
      </SimpleGrid>
      <Group align="flex-end" gap="xs" wrap="wrap">
        <TagsInput
          label="Tags"
          value={ticket.tags}
          onChange={(tags) => update.mutate({ tags: tags.map((t) => t.trim().toLowerCase()).filter(Boolean) }, handlers)}
          disabled={busy}
          clearable
          style={{ flex: 1, minWidth: 220 }}
          placeholder="Add a tag and press Enter"
        />
        {ticket.status !== 'resolved' && ticket.status !== 'closed' && (
          <Button
            variant="default"
            onClick={() => quietResolve.mutate(undefined, handlers)}
            disabled={busy}
            title="Resolve the ticket without asking the customer for a rating"
          >
            Resolve without survey
          </Button>
        )}
        {session && ticket.assignee_id !== session.user.id && (
          <Button variant="light" onClick={() => assign.mutate({ assignee_id: session.user.id }, handlers)} disabled={busy}>
            Assign to me
          </Button>
        )}
      </Group>
    </Stack>
  );
}
