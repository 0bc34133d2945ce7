import { useId, useMemo, useState } from 'react';
import { Badge, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { humanSize } from '@/lib/format';
import { withInlineImages } from '@/features/attachments/cid';
import { useInlineImages } from '@/features/attachments/hooks/use-attachments';
import type { EmailMeta, FileRef } from '@/types/api';
import classes from '@/features/tickets/components/thread.module.css';

/**
 * The mail's own HTML, already sanitised by the API, goes into `srcdoc` only: a sandbox
 * without tokens (no scripts, no same origin, no forms, no popups) and a policy that
 * fetches nothing, so even HTML the sanitiser missed can neither run nor call home. Its
 * `cid:` images come in as `data:` URLs (see {@link OriginalFormatting}).
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

/**
 * The original formatting, mounted only once asked for: the `cid:` images that are files of
 * the message are fetched here (the page fetches them, never the iframe) and put into the
 * HTML as `data:` URLs, then the document is shown once, so it does not reload as each image
 * comes. Those that cannot be had stay broken images.
 */
function OriginalFormatting({ id, html, files }: { id: string; html: string; files: readonly FileRef[] }) {
  const { ready, images } = useInlineImages(html, files);
  const srcDoc = useMemo(() => (ready ? originalDocument(withInlineImages(html, images)) : null), [ready, html, images]);
  if (srcDoc === null) {
    return (
      <Group id={id} gap="xs" role="status">
        <Loader size="xs" />
        <Text size="xs" c="dimmed">
          Loading the images in the message…
        </Text>
      </Group>
    );
  }
  return (
    <iframe
      id={id}
      className={classes.original}
      title="Original formatting"
      sandbox=""
      referrerPolicy="no-referrer"
      srcDoc={srcDoc}
    />
  );
}

const NO_FILES: readonly FileRef[] = [];

/**
 * What an inbound email adds to a message, for staff: sender, copies, files, the full text and
 * the original. `files` are the message's files, whose mail parts the HTML may show by `cid:`.
 */
export function EmailDetails({ email, files = NO_FILES }: { email: EmailMeta; files?: readonly FileRef[] }) {
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
      {original && email.html && <OriginalFormatting id={originalId} html={email.html} files={files} />}
    </Stack>
  );
}
