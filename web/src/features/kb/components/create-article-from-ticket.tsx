import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Group, Modal, Paper, Radio, Stack, Text } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { Time } from '@/components/time';
import { useCreateArticle } from '@/features/kb/hooks/use-kb';
import type { Interaction, Ticket } from '@/types/api';

interface Props {
  ticket: Ticket;
  authorName: (i: Interaction) => string;
}

/** Public messages an article can be made from (never an internal note). */
function publicReplies(ticket: Ticket): Interaction[] {
  return (ticket.thread ?? []).filter((i) => !i.internal && i.author.kind !== 'system' && i.body.trim() !== '');
}

/** The default: the latest public reply by an agent, else the latest public message. */
function defaultReply(replies: Interaction[]): Interaction | undefined {
  return [...replies].reverse().find((i) => i.author.kind === 'agent') ?? replies.at(-1);
}

const excerpt = (text: string) => (text.length > 90 ? `${text.slice(0, 90)}…` : text);

/**
 * Staff: a draft article from this ticket, its title the subject and its body the reply picked
 * (`POST /knowledge-base/articles` with `{ticket_id, interaction_id}`); then the editor opens.
 */
export function CreateArticleFromTicket({ ticket, authorName }: Props) {
  const navigate = useNavigate();
  const create = useCreateArticle();
  const [opened, setOpened] = useState(false);
  const replies = publicReplies(ticket);
  const [picked, setPicked] = useState<string | null>(null);
  const chosen = replies.find((i) => i.id === picked) ?? defaultReply(replies);

  const close = () => {
    setOpened(false);
    setPicked(null);
    create.reset();
  };

  return (
    <>
      <Button
        variant="default"
        size="compact-sm"
        onClick={() => setOpened(true)}
        disabled={replies.length === 0}
        title={replies.length === 0 ? 'There is no public reply to make an article from yet' : undefined}
      >
        Create article from ticket
      </Button>
      <Modal opened={opened} onClose={close} title="Create an article from this ticket" size="lg">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!chosen) return;
            create.mutate(
              { ticket_id: ticket.id, interaction_id: chosen.id },
              { onSuccess: (article) => navigate(`/kb/${article.id}`) },
            );
          }}
        >
          <Stack gap="sm">
            <Text size="sm">
              The draft gets the ticket’s subject, “{ticket.subject}”, as its title and the reply you pick as its body. You
              can edit both before publishing.
            </Text>
            <Radio.Group label="Reply" value={chosen?.id ?? null} onChange={setPicked}>
              <Stack gap={6} mt={4}>
                {replies.map((i) => (
                  <Radio
                    key={i.id}
                    value={i.id}
                    label={`${authorName(i)}: ${excerpt(i.body)}`}
                    description={<Time value={i.created_at} />}
                  />
                ))}
              </Stack>
            </Radio.Group>
            {chosen && (
              <Paper withBorder p="xs" bg="gray.0">
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {chosen.body}
                </Text>
              </Paper>
            )}
            {create.isError && <ErrorAlert error={create.error} title="Could not create the article" />}
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending} disabled={!chosen}>
                Create draft
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
