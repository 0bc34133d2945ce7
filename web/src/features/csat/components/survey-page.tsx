import { useEffect } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { Container, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { ErrorAlert } from '@/components/error-alert';
import { isApiError } from '@/lib/api';
import { ratingParam } from '@/features/csat/labels';
import { useRateSurvey, useSurvey } from '@/features/csat/hooks/use-csat';
import { RatingForm } from '@/features/csat/components/rating-form';

/**
 * `/csat/:token`, the page a resolved mail's Good / Okay / Bad links open: public (no
 * sign-in). Opening it with `?rating=` records that rating; the customer may change it and
 * add a reason and a comment. Once recorded, `?rating=` leaves the address (a reload would
 * record it again). A forged link (404, or 403) and an expired one (410) say so.
 */
export function SurveyPage() {
  const { token = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const survey = useSurvey(token, ratingParam(params.get('rating')));
  const rate = useRateSurvey(token);
  useDocumentTitle(survey.data ? `How did we do? · ${survey.data.org_name}` : 'How did we do?');
  // Recorded: the rating leaves the address, so a reload does not undo a change made here.
  const recorded = survey.isSuccess && params.has('rating');
  useEffect(() => {
    if (recorded) setParams({}, { replace: true });
  }, [recorded, setParams]);

  return (
    <Container size={560} px="md" py="xl" component="main">
      <Paper withBorder p={{ base: 'md', sm: 'xl' }} radius="md">
        {survey.isPending ? (
          <Loader aria-label="Loading the survey" />
        ) : isApiError(survey.error, 404) || isApiError(survey.error, 403) ? (
          <Gone title="This link is not valid" text="Check that the whole link from the mail was opened." />
        ) : isApiError(survey.error, 410) ? (
          <Gone title="This link has expired" text="Ratings can be given for a limited time after a request is resolved." />
        ) : survey.isError ? (
          <ErrorAlert error={survey.error} title="Could not load the survey" />
        ) : (
          <Stack gap="md">
            <div>
              <Text size="sm" c="dimmed">
                {survey.data.org_name} · {survey.data.ticket_number}
              </Text>
              <Title order={1} size="h2">
                How did we do?
              </Title>
              <Text style={{ overflowWrap: 'anywhere' }}>{survey.data.subject}</Text>
            </div>
            <RatingForm
              view={survey.data}
              pending={rate.isPending}
              error={rate.error}
              onRate={(body, done) => rate.mutate(body, { onSuccess: () => done?.() })}
            />
          </Stack>
        )}
      </Paper>
    </Container>
  );
}

function Gone({ title, text }: { title: string; text: string }) {
  return (
    <Stack gap="xs">
      <Title order={1} size="h2">
        {title}
      </Title>
      <Text>{text}</Text>
    </Stack>
  );
}
