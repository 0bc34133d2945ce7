import { Link } from 'react-router';
import { Anchor, Code, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { StatusBadge } from '@/components/badges';
import { useCustomer } from '@/features/customers/hooks/use-customer';
import { isApiError } from '@/lib/api';
import { satisfactionText } from '@/features/csat/labels';
import type { Ticket } from '@/types/api';

/** Who the customer is and what else they have asked. */
export function CustomerSidebar({ customerId, current }: { customerId: string; current: Pick<Ticket, 'id' | 'status'> }) {
  const customer = useCustomer(customerId);
  return (
    <Paper withBorder p="sm" component="aside" aria-label="Customer">
      <Title order={2} size="h4" mb="xs">
        Customer
      </Title>
      {customer.isPending ? (
        <Loader size="sm" aria-label="Loading customer" />
      ) : isApiError(customer.error, 404) ? (
        // No profile to show (or no customer API yet): the ticket still names the customer.
        <Stack gap={4}>
          <Text size="sm">
            Customer id <Code>{customerId}</Code>
          </Text>
          <Text size="xs" c="dimmed">
            No customer profile available.
          </Text>
        </Stack>
      ) : customer.isError ? (
        <ErrorAlert error={customer.error} title="Could not load the customer" />
      ) : (
        <Stack gap="xs">
          <div>
            <Text fw={600}>{customer.data.name}</Text>
            <Anchor href={`mailto:${customer.data.email}`} size="sm">
              {customer.data.email}
            </Anchor>
          </div>
          <Text size="sm" data-testid="customer-satisfaction">
            {customer.data.satisfaction && customer.data.satisfaction.count > 0
              ? `Satisfaction ${satisfactionText(customer.data.satisfaction)}`
              : 'No ratings yet'}
          </Text>
          <Title order={3} size="h6">
            Tickets ({customer.data.tickets.length})
          </Title>
          <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {customer.data.tickets.map((t) => (
              <li key={t.id}>
                <Group gap="xs" wrap="nowrap" justify="space-between">
                  {t.id === current.id ? (
                    <Text size="sm" fw={600} truncate>
                      {t.number} {t.subject} (this ticket)
                    </Text>
                  ) : (
                    <Anchor component={Link} to={`/tickets/${t.id}`} size="sm" truncate>
                      {t.number} {t.subject}
                    </Anchor>
                  )}
                  {/* The profile is cached for a minute; the ticket on screen is fresher. */}
                  <StatusBadge status={t.id === current.id ? current.status : t.status} />
                </Group>
              </li>
            ))}
          </Stack>
        </Stack>
      )}
    </Paper>
  );
}
