import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { Time } from '@/components/time';
import { EmailDetails } from '@/features/tickets/components/email-details';
import { AttachmentList } from '@/features/attachments/components/attachment-list';
import type { Interaction } from '@/types/api';
import classes from '@/features/tickets/components/thread.module.css';

interface Props {
  thread: Interaction[];
  authorName: (i: Interaction) => string;
  /** Staff only: what inbound mail adds (sender, copies, attachments, full text, original HTML). */
  showEmail?: boolean;
}

/**
 * The conversation, oldest first. Internal notes look different and say so in words. Each
 * message lists its files (a thumbnail for images, a download for each).
 */
export function Thread({ thread, authorName, showEmail = false }: Props) {
  if (thread.length === 0) return <Text c="dimmed">No messages yet.</Text>;
  return (
    <Stack component="ol" gap="sm" className={classes.thread} aria-label="Conversation">
      {thread.map((i) => (
        <Paper
          component="li"
          key={i.id}
          withBorder
          p="sm"
          className={i.internal ? classes.note : i.author.kind === 'customer' ? classes.customer : classes.reply}
          data-testid={i.internal ? 'internal-note' : 'public-message'}
        >
          <Group justify="space-between" gap="xs" mb={4} wrap="wrap">
            <Group gap="xs">
              <Text fw={600} size="sm">
                {authorName(i)}
              </Text>
              {i.internal ? (
                <Badge color="yellow.8" variant="filled" size="sm">
                  Internal note
                </Badge>
              ) : (
                i.author.kind !== 'system' && (
                  <Badge color="gray" variant="light" size="sm">
                    {i.author.kind === 'customer' ? 'Customer' : 'Public reply'}
                  </Badge>
                )
              )}
            </Group>
            <Text size="xs" c="dimmed">
              <Time value={i.created_at} />
            </Text>
          </Group>
          <Text size="sm" className={classes.body}>
            {i.body}
          </Text>
          {i.attachments && <AttachmentList files={i.attachments} html={i.email?.html} />}
          {showEmail && i.email && <EmailDetails email={i.email} files={i.attachments} />}
        </Paper>
      ))}
    </Stack>
  );
}
