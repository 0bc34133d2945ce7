import { useNavigate } from 'react-router';
import { Paper, Stack, Title } from '@mantine/core';
import { TicketForm } from '@/features/tickets/components/ticket-form';

/** Staff open a ticket on a customer's behalf (phone, chat, walk-in). */
export function NewTicketPage() {
  const navigate = useNavigate();
  return (
    <Stack maw={720}>
      <Title order={1} size="h2">
        New ticket
      </Title>
      <Paper withBorder p="md">
        <TicketForm staff onCreated={(t) => navigate(`/tickets/${t.id}`)} onCancel={() => navigate('/inbox')} />
      </Paper>
    </Stack>
  );
}
