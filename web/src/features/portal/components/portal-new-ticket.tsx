import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Paper, Stack, Text, Title } from '@mantine/core';
import { useSession } from '@/lib/session';
import { TicketForm } from '@/features/tickets/components/ticket-form';
import { ArticleSuggestions } from '@/features/help/components/article-suggestions';

export function PortalNewTicket() {
  const navigate = useNavigate();
  const session = useSession();
  const [subject, setSubject] = useState('');
  const org = session?.user.org_id;
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
          onSubjectChange={setSubject}
          afterSubject={org ? <ArticleSuggestions org={org} text={subject} /> : null}
        />
      </Paper>
    </Stack>
  );
}
