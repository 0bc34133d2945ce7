import { Link } from 'react-router';
import { Anchor, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { StatusBadge } from '@/components/badges';
import { useCustomer } from '@/features/customers/hooks/use-customer';

/** Who the customer is and what else they have asked. */
export function CustomerSidebar({ customerId, currentTicketId }: { customerId: string; currentTicketId: string }) {
  const customer = useCustomer(customerId);
  return (
    <Paper withBorder p="sm" component="aside" aria-label="Customer">
      <Title order={2} size="h4" mb="xs">
        Customer
      </Title>
      {customer.isPending ? (
        <Loader size="sm" aria-label="Loading customer" />
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
          <Title order={3} size="h6">
            Tickets ({customer.data.tickets.length})
          </Title>
          <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {customer.data.tickets.map((t) => (
              <li key={t.id}>
                <Group gap="xs" wrap="nowrap" justify="space-between">
                  {t.id === currentTicketId ? (
                    <Text size="sm" fw={600} truncate>
                      {t.number} {t.subject} (this ticket)
                    </Text>
                  ) : (
                    <Anchor component={Link} to={`/tickets/${t.id}`} size="sm" truncate>
                      {t.number} {t.subject}
                    </Anchor>
                  )}
                  <StatusBadge status={t.status} />
                </Group>
              </li>
            ))}
          </Stack>
        </Stack>
      )}
    </Paper>
  );
}
