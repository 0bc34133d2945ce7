import { useRef, useState, type FormEvent, type RefObject } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, List, SegmentedControl, Stack, Textarea } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { COLLISION_TYPE, isApiError } from '@/lib/api';
import { getTicket, ticketKeys } from '@/features/tickets/api/tickets';
import { useAddInteraction } from '@/features/tickets/hooks/use-tickets';
import { describeChanges } from '@/features/tickets/components/changes';
import { InsertArticleLink } from '@/features/kb/components/insert-article-link';
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
  /** Staff: a picker that puts a published article's help-center link at the cursor. */
  articleLinks?: boolean;
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
export function Composer({
  ticket,
  allowNotes,
  mode,
  onModeChange,
  textareaRef,
  authorName,
  assigneeName,
  articleLinks = false,
}: Props) {
  const queryClient = useQueryClient();
  const ownRef = useRef<HTMLTextAreaElement | null>(null);
  const textarea = textareaRef ?? ownRef;
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

  /** Puts `text` at the cursor (or the end), a space apart from the word before it, and keeps typing after it. */
  const insert = (text: string) => {
    const el = textarea.current;
    const start = Math.min(el?.selectionStart ?? body.length, body.length);
    const end = Math.max(start, Math.min(el?.selectionEnd ?? start, body.length));
    const before = body.slice(0, start);
    const piece = before && !/\s$/.test(before) ? ` ${text}` : text;
    const next = before + piece + body.slice(end);
    setBody(next);
    setSent(null);
    requestAnimationFrame(() => {
      const caret = before.length + piece.length;
      textarea.current?.focus();
      textarea.current?.setSelectionRange(caret, caret);
    });
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
          ref={textarea}
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
          <Group justify={articleLinks ? 'space-between' : 'flex-end'} gap="xs" wrap="wrap">
            {articleLinks && <InsertArticleLink onInsert={insert} />}
            <Button type="submit" loading={add.isPending} disabled={!body.trim()} color={internal ? 'yellow.8' : 'blue'}>
              {internal ? 'Add note' : 'Send reply'}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
