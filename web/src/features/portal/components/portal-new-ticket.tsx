import { useNavigate } from 'react-router';
import { Paper, Stack, Text, Title } from '@mantine/core';
import { TicketForm } from '@/features/tickets/components/ticket-form';

export function PortalNewTicket() {
  const navigate = useNavigate();
  return (
    <Stack maw={720}>
      <Title order={1} size="h2">
        New request
      </Title>
      <Text c="dimmed">Tell us what happened; we will answer here and by email.</Text>
      <Paper withBorder p="md">
        <TicketForm
          staff={false}
          onCreated={(t) => navigate(`/portal/tickets/${t.id}`)}
          onCancel={() => navigate('/portal')}
        />
      </Paper>
    </Stack>
  );
}
