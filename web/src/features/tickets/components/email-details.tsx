import { useId, useState } from 'react';
import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { humanSize } from '@/lib/format';
import type { EmailMeta } from '@/types/api';
import classes from '@/features/tickets/components/thread.module.css';

/**
 * The mail's own HTML, already sanitised by the API, goes into `srcdoc` only: a sandbox
 * without tokens (no scripts, no same origin, no forms, no popups) and a policy that
 * fetches nothing, so even HTML the sanitiser missed can neither run nor call home.
 */
function originalDocument(html: string): string {
  return (
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">` +
    '</head><body>' +
    html +
    '</body></html>'
  );
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What an inbound email adds to a message, for staff: sender, copies, files, the full text and the original. */
export function EmailDetails({ email }: { email: EmailMeta }) {
  const [fullText, setFullText] = useState(false);
  const [original, setOriginal] = useState(false);
  const fullTextId = useId();
  const originalId = useId();
  const sender = email.from_name ? `${email.from_name} <${email.from}>` : email.from;
  const cc = email.cc ?? [];
  // Parts with an id are files of the message, listed (and downloaded) with it; older mail's are not.
  const attachments = (email.attachments ?? []).filter((a) => !a.id);
  const dropped = email.dropped_attachments ?? 0;
  const blocked = email.auto_reply_blocked ?? [];
  const tooBig = !!email.overflow_key && !email.full_text && !email.html;

  return (
    <Stack gap={4} mt={6} className={classes.email} data-testid="email-details">
      <Text size="xs" c="dimmed" className={classes.wrap}>
        By email from {sender}
      </Text>
      {cc.length > 0 && (
        <Text size="xs" c="dimmed" className={classes.wrap}>
          Cc: {cc.join(', ')}
        </Text>
      )}
      {attachments.length > 0 && (
        <ul className={classes.attachments} aria-label="Attachments">
          {attachments.map((a) => (
            <li key={a.key}>
              <Text span size="xs" className={classes.wrap} title={a.content_type}>
                {a.name}
              </Text>{' '}
              <Text span size="xs" c="dimmed">
                ({humanSize(a.size)})
              </Text>
              {a.inline && (
                <>
                  {' '}
                  <Badge size="xs" variant="light" color="gray">
                    inline
                  </Badge>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {dropped > 0 && (
        <Text size="xs" c="dimmed">
          {plural(dropped, 'attachment', 'attachments')} left out (over the size or count limits)
        </Text>
      )}
      {blocked.length > 0 && (
        <Text size="xs" c="orange.9">
          No automatic reply sent ({blocked.join(', ')})
        </Text>
      )}
      {tooBig && (
        <Text size="xs" c="dimmed">
          The full message is too large to show here.
        </Text>
      )}
      {(email.full_text || email.html) && (
        <Group gap="xs">
          {email.full_text && (
            <Button
              variant="subtle"
              size="compact-xs"
              aria-expanded={fullText}
              aria-controls={fullText ? fullTextId : undefined}
              onClick={() => setFullText((v) => !v)}
            >
              {fullText ? 'Hide full message' : 'Show full message'}
            </Button>
          )}
          {email.html && (
            <Button
              variant="subtle"
              size="compact-xs"
              aria-expanded={original}
              aria-controls={original ? originalId : undefined}
              onClick={() => setOriginal((v) => !v)}
            >
              {original ? 'Hide original formatting' : 'View original formatting'}
            </Button>
          )}
        </Group>
      )}
      {fullText && email.full_text && (
        <pre id={fullTextId} className={classes.fullText} aria-label="Full message">
          {email.full_text}
        </pre>
      )}
      {original && email.html && (
        <iframe
          id={originalId}
          className={classes.original}
          title="Original formatting"
          sandbox=""
          referrerPolicy="no-referrer"
          srcDoc={originalDocument(email.html)}
        />
      )}
    </Stack>
  );
}
