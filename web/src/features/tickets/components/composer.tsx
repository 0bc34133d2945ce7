import { useState, type FormEvent, type RefObject } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, List, SegmentedControl, Stack, Textarea } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { COLLISION_TYPE, isApiError } from '@/lib/api';
import { getTicket, ticketKeys } from '@/features/tickets/api/tickets';
import { useAddInteraction } from '@/features/tickets/hooks/use-tickets';
import { describeChanges } from '@/features/tickets/components/changes';
import { isFollowUp, type Interaction, type Ticket } from '@/types/api';

export type ComposerMode = 'reply' | 'note';

interface Props {
  ticket: Ticket;
  /** Staff may write internal notes; customers only reply. */
  allowNotes: boolean;
  mode: ComposerMode;
  onModeChange: (mode: ComposerMode) => void;
  textareaRef?: RefObject<HTMLTextAreaElement | null>;
  authorName: (i: Interaction) => string;
  assigneeName?: (id: string | null) => string;
}

interface Collision {
  changes: string[];
  detail?: string;
  /** The version now on screen, sent with the confirmed retry. */
  version: number;
}

/**
 * Reply and internal-note composer with the collision guard: it sends the version the
 * author was looking at; on 409 it shows what changed and asks before sending anyway.
 */
export function Composer({ ticket, allowNotes, mode, onModeChange, textareaRef, authorName, assigneeName }: Props) {
  const queryClient = useQueryClient();
  const [body, setBody] = useState('');
  const [collision, setCollision] = useState<Collision | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const add = useAddInteraction(ticket.id);
  const internal = allowNotes && mode === 'note';

  const send = (confirm: boolean, version: number) => {
    setSent(null);
    add.mutate(
      { body: { body: body.trim(), internal, ...(confirm ? { confirm: true } : {}) }, version },
      {
        onSuccess: (result) => {
          setBody('');
          setCollision(null);
          setSent(
            isFollowUp(result)
              ? `This ticket is closed, so your message opened a new request: ${result.follow_up.number}.`
              : internal
                ? 'Note added.'
                : 'Reply sent.',
          );
        },
        onError: async (e) => {
          if (isApiError(e, 409) && e.type === COLLISION_TYPE) {
            const seen = ticket;
            try {
              const now = await queryClient.fetchQuery({
                queryKey: ticketKeys.detail(ticket.id),
                queryFn: ({ signal }) => getTicket(ticket.id, signal),
                staleTime: 0,
              });
              setCollision({
                changes: describeChanges(seen, now, authorName, assigneeName),
                detail: e.detail,
                version: now.version,
              });
            } catch {
              // Could not reload: still offer the choice, with the server's own words.
              setCollision({ changes: [], detail: e.detail ?? 'The ticket changed.', version: seen.version });
            }
          }
        },
      },
    );
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim() || add.isPending) return;
    send(false, ticket.version);
  };

  const showError = add.error && !(isApiError(add.error, 409) && add.error.type === COLLISION_TYPE);
  const label = internal ? 'Internal note' : 'Reply';

  return (
    <form onSubmit={onSubmit} aria-label="Composer">
      <Stack gap="xs">
        {allowNotes && (
          <SegmentedControl
            aria-label="Message type"
            value={mode}
            onChange={(v) => onModeChange(v as ComposerMode)}
            data={[
              { value: 'reply', label: 'Public reply' },
              { value: 'note', label: 'Internal note' },
            ]}
            color={internal ? 'yellow.8' : 'blue'}
            w={{ base: '100%', xs: 'auto' }}
          />
        )}
        <Textarea
          ref={textareaRef}
          label={label}
          description={internal ? 'Only your team sees internal notes.' : allowNotes ? 'The customer receives this reply.' : undefined}
          value={body}
          onChange={(e) => {
            setBody(e.currentTarget.value);
            setSent(null);
          }}
          autosize
          minRows={3}
          maxRows={14}
          styles={internal ? { input: { background: 'var(--mantine-color-yellow-0)' } } : undefined}
        />
        {collision && (
          <Alert color="orange" title="This ticket changed while you were writing" role="alert">
            {collision.detail && <div>{collision.detail}</div>}
            <List size="sm" my="xs">
              {collision.changes.map((c) => (
                <List.Item key={c}>{c}</List.Item>
              ))}
            </List>
            <Group gap="xs">
              <Button color="orange" onClick={() => send(true, collision.version)} loading={add.isPending}>
                Send anyway
              </Button>
              <Button variant="default" onClick={() => setCollision(null)}>
                Keep editing
              </Button>
            </Group>
          </Alert>
        )}
        {showError && <ErrorAlert error={add.error} title="Not sent" />}
        {sent && (
          <Alert color="green" role="status" py={6}>
            {sent}
          </Alert>
        )}
        {!collision && (
          <Group justify="flex-end">
            <Button type="submit" loading={add.isPending} disabled={!body.trim()} color={internal ? 'yellow.8' : 'blue'}>
              {internal ? 'Add note' : 'Send reply'}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
