import { Paper, Title } from '@mantine/core';
import { isApiError } from '@/lib/api';
import { useRateTicket, useTicketSatisfaction } from '@/features/csat/hooks/use-csat';
import { RatingForm } from '@/features/csat/components/rating-form';
import type { Ticket } from '@/types/api';

/** The portal's "How did we do?" on a resolved ticket; hidden otherwise (the API's 409) or on any error. */
export function PortalRating({ ticket }: { ticket: Pick<Ticket, 'id' | 'status'> }) {
  const resolved = ticket.status === 'resolved' || ticket.status === 'closed';
  const survey = useTicketSatisfaction(ticket.id, resolved);
  const rate = useRateTicket(ticket.id);
  if (!resolved || !survey.data || isApiError(survey.error, 409)) return null;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="rating-heading">
      <Title order={2} size="h4" id="rating-heading" mb="xs">
        How did we do?
      </Title>
      <RatingForm
        view={survey.data}
        pending={rate.isPending}
        error={rate.error}
        onRate={(body, done) => rate.mutate(body, { onSuccess: () => done?.() })}
      />
    </Paper>
  );
}
