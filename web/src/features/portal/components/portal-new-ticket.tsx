import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Paper, Stack, Text, Title } from '@mantine/core';
import { useSession } from '@/lib/session';
import { TicketForm } from '@/features/tickets/components/ticket-form';
import { ArticleSuggestions } from '@/features/help/components/article-suggestions';
import { useDeflection } from '@/features/help/hooks/use-help';

/**
 * A customer's new request, with article suggestions under the subject. When suggestions were
 * shown, how the form ended (filed, or left: a deflected ticket) is recorded once for the
 * self-service report.
 */
export function PortalNewTicket() {
  const navigate = useNavigate();
  const deflection = useDeflection();
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
          onCreated={(t) => {
            deflection.submitted();
            navigate(`/portal/tickets/${t.id}`);
          }}
          onCancel={() => navigate('/portal')}
          onSubjectChange={setSubject}
          afterSubject={org ? <ArticleSuggestions org={org} text={subject} onShown={deflection.suggestionsShown} /> : null}
        />
      </Paper>
    </Stack>
  );
}
