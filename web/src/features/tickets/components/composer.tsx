import { useRef, useState, type FormEvent, type RefObject } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, List, SegmentedControl, Stack, Textarea } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { COLLISION_TYPE, isApiError } from '@/lib/api';
import { getTicket, ticketKeys } from '@/features/tickets/api/tickets';
import { useAddInteraction } from '@/features/tickets/hooks/use-tickets';
import { describeChanges } from '@/features/tickets/components/changes';
import { InsertArticleLink } from '@/features/kb/components/insert-article-link';
import { CannedPicker } from '@/features/canned/components/canned-picker';
import { opensPicker } from '@/features/canned/folders';
import { AttachFilesButton, UploadList } from '@/features/attachments/components/attach-files';
import { allRefusalsShown, useUploads } from '@/features/attachments/hooks/use-uploads';
import { useFileDrop } from '@/features/attachments/hooks/use-file-drop';
import classes from '@/features/attachments/components/attachments.module.css';
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
  /** Staff: the canned-response picker ("Canned responses", `/` in an empty box, Ctrl+Shift+K). */
  cannedResponses?: boolean;
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
 * Files (picked, dropped or pasted) upload as soon as they are chosen and go with the message.
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
  cannedResponses = false,
}: Props) {
  const queryClient = useQueryClient();
  const ownRef = useRef<HTMLTextAreaElement | null>(null);
  const textarea = textareaRef ?? ownRef;
  const [body, setBody] = useState('');
  const [collision, setCollision] = useState<Collision | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  const add = useAddInteraction(ticket.id);
  const uploads = useUploads(ticket.id);
  const addFiles = (files: File[]) => {
    setSent(null);
    uploads.add(files);
  };
  const drop = useFileDrop(addFiles);
  const internal = allowNotes && mode === 'note';

  const send = (confirm: boolean, version: number) => {
    if (uploads.uploading) return;
    setSent(null);
    const files = uploads.ids.length > 0 ? { attachment_ids: uploads.ids } : {};
    add.mutate(
      { body: { body: body.trim(), internal, ...files, ...(confirm ? { confirm: true } : {}) }, version },
      {
        onSuccess: (result) => {
          setBody('');
          uploads.clear();
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
          // A refused file: nothing was saved; it says why at the file, to be removed.
          uploads.markRefused(e);
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
    if (!body.trim() || add.isPending || uploads.uploading) return;
    send(false, ticket.version);
  };

  const showError = add.error && !(isApiError(add.error, 409) && add.error.type === COLLISION_TYPE);
  const label = internal ? 'Internal note' : 'Reply';
  const hint = internal ? 'Only your team sees internal notes.' : allowNotes ? 'The customer receives this reply.' : undefined;

  return (
    <form
      onSubmit={onSubmit}
      aria-label="Composer"
      className={classes.dropTarget}
      data-dragging={drop.dragging || undefined}
      {...drop.handlers}
    >
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
          description={hint}
          value={body}
          onChange={(e) => {
            setBody(e.currentTarget.value);
            setSent(null);
          }}
          onKeyDown={
            cannedResponses
              ? (e) => {
                  if (opensPicker(e, body)) {
                    e.preventDefault();
                    setPicking(true);
                  }
                }
              : undefined
          }
          aria-keyshortcuts={cannedResponses ? 'Control+Shift+K' : undefined}
          autosize
          minRows={3}
          maxRows={14}
          styles={internal ? { input: { background: 'var(--mantine-color-yellow-0)' } } : undefined}
        />
        <UploadList uploads={uploads} />
        {collision && (
          <Alert color="orange" title="This ticket changed while you were writing" role="alert">
            {collision.detail && <div>{collision.detail}</div>}
            <List size="sm" my="xs">
              {collision.changes.map((c) => (
                <List.Item key={c}>{c}</List.Item>
              ))}
            </List>
            <Group gap="xs">
              <Button
                color="orange"
                onClick={() => send(true, collision.version)}
                loading={add.isPending}
                disabled={uploads.uploading}
              >
                Send anyway
              </Button>
              <Button variant="default" onClick={() => setCollision(null)}>
                Keep editing
              </Button>
            </Group>
          </Alert>
        )}
        {showError && (
          <ErrorAlert
            error={add.error}
            title="Not sent"
            hideFields={allRefusalsShown(add.error, uploads.items) ? ['attachment_ids'] : []}
          />
        )}
        {sent && (
          <Alert color="green" role="status" py={6}>
            {sent}
          </Alert>
        )}
        {!collision && (
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Group gap="xs" wrap="wrap">
              <AttachFilesButton onFiles={addFiles} />
              {cannedResponses && (
                <CannedPicker
                  ticketId={ticket.id}
                  opened={picking}
                  onOpen={() => setPicking(true)}
                  onClose={() => setPicking(false)}
                  onInsert={insert}
                />
              )}
              {articleLinks && <InsertArticleLink onInsert={insert} />}
            </Group>
            <Button
              type="submit"
              loading={add.isPending}
              disabled={!body.trim() || uploads.uploading}
              color={internal ? 'yellow.8' : 'blue'}
            >
              {internal ? 'Add note' : 'Send reply'}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
