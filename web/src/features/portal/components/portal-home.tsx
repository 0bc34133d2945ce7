import { Link } from 'react-router';
import { Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { StatusBadge } from '@/components/badges';
import { customerStatus } from '@/lib/format';
import { Time } from '@/components/time';
import { useTickets } from '@/features/tickets/hooks/use-tickets';

/** "My tickets": the API returns only the caller's own tickets to a customer. */
export function PortalHome() {
  const tickets = useTickets({ view: 'all' });
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={1} size="h2">
          My tickets
        </Title>
        <Button component={Link} to="/portal/new">
          New request
        </Button>
      </Group>
      {tickets.isPending ? (
        <Loader aria-label="Loading your tickets" />
      ) : tickets.isError ? (
        <ErrorAlert error={tickets.error} title="Could not load your tickets" />
      ) : tickets.data.items.length === 0 ? (
        <Text c="dimmed">You have no tickets yet. Ask us anything with “New request”.</Text>
      ) : (
        <Stack component="ul" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="My tickets">
          {tickets.data.items.map((t) => (
            <li key={t.id}>
              <Paper
                component={Link}
                to={`/portal/tickets/${t.id}`}
                withBorder
                p="sm"
                style={{ display: 'block', color: 'inherit', textDecoration: 'none' }}
              >
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <div style={{ flex: 1, minWidth: 0 }}>
                    <Text size="xs" c="dimmed">
                      {t.number} · updated <Time value={t.updated_at} />
                    </Text>
                    <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                      {t.subject}
                    </Text>
                  </div>
                  <StatusBadge status={customerStatus(t.status)} />
                </Group>
              </Paper>
            </li>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
