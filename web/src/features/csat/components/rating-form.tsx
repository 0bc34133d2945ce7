import { useState } from 'react';
import { Alert, Button, Group, Select, Stack, Text, Textarea } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { RATING_COLORS, RATING_LABELS, REASON_LABELS } from '@/features/csat/labels';
import { CSAT_REASONS, RATINGS, type CsatReason, type RateRequest, type SurveyView } from '@/types/api';

interface Props {
  view: SurveyView;
  onRate: (body: RateRequest, done?: () => void) => void;
  pending: boolean;
  error: unknown;
}

/**
 * Good / Okay / Bad (a click saves it), then an optional reason and comment. Used by the
 * public survey page and the portal's resolved ticket.
 */
export function RatingForm({ view, onRate, pending, error }: Props) {
  const [comment, setComment] = useState(view.comment ?? '');
  const [reason, setReason] = useState<CsatReason | null>(view.reason ?? null);
  const [saved, setSaved] = useState(false);
  const closed = !view.open;

  return (
    <Stack gap="sm">
      {view.rating ? (
        <Text fw={600} role="status" aria-live="polite">
          Thanks — you rated {RATING_LABELS[view.rating]}
        </Text>
      ) : (
        <Text>How would you rate the help you got?</Text>
      )}
      <Group gap="xs" role="group" aria-label="Rating" grow>
        {RATINGS.map((r) => (
          <Button
            key={r}
            size="md"
            color={RATING_COLORS[r]}
            variant={view.rating === r ? 'filled' : 'light'}
            aria-pressed={view.rating === r}
            disabled={closed || pending}
            onClick={() => {
              setSaved(false);
              if (view.rating !== r) onRate({ rating: r });
            }}
          >
            {RATING_LABELS[r]}
          </Button>
        ))}
      </Group>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          onRate({ comment: comment.trim(), ...(reason ? { reason } : {}) }, () => setSaved(true));
        }}
      >
        <Stack gap="sm">
          <Select
            label="What could we have done better? (optional)"
            placeholder="Choose a reason"
            data={CSAT_REASONS.map((r) => ({ value: r, label: REASON_LABELS[r] }))}
            value={reason}
            onChange={(v) => setReason((v as CsatReason | null) ?? null)}
            clearable
            disabled={closed}
            comboboxProps={{ withinPortal: true }}
          />
          <Textarea
            label="Comment (optional)"
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            autosize
            minRows={3}
            maxLength={2000}
            disabled={closed}
          />
          {error !== null && error !== undefined && <ErrorAlert error={error} title="Not saved" />}
          {saved && (
            <Alert color="green" role="status" py={6}>
              Thank you for your feedback.
            </Alert>
          )}
          {closed ? (
            <Text size="sm" c="dimmed">
              This survey is closed.
            </Text>
          ) : (
            <Group justify="flex-end">
              <Button type="submit" loading={pending}>
                Send feedback
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Stack>
  );
}
