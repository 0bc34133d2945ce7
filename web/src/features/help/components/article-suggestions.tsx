import { useEffect, useId } from 'react';
import { Anchor, Paper, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Snippet } from '@/components/snippet';
import { helpArticlePath } from '@/features/kb/links';
import { SUGGEST_MIN_CHARS, useSuggestions } from '@/features/help/hooks/use-help';

/** How long typing must pause before articles are suggested. */
export const SUGGEST_DEBOUNCE_MS = 300;
/** Suggestions shown at most. */
export const SUGGEST_MAX = 5;

interface Props {
  /** The help center's org: its id or slug. */
  org: string;
  /** What is being typed (a new ticket's subject). */
  text: string;
  /** Called once at least one suggestion is on screen (again each time they reappear). */
  onShown?: () => void;
}

/**
 * Published articles that may answer what the customer is typing, so they need not write in.
 * Each opens in the help center in a new tab, so the request being typed stays as it is.
 * Shows nothing until there is something to suggest (an error included: this is a nicety).
 */
export function ArticleSuggestions({ org, text, onShown }: Props) {
  const id = useId();
  const typed = text.trim();
  const [debounced] = useDebouncedValue(typed, SUGGEST_DEBOUNCE_MS);
  const suggestions = useSuggestions(org, debounced);
  const shown = typed.length >= SUGGEST_MIN_CHARS && debounced.length >= SUGGEST_MIN_CHARS ? (suggestions.data ?? []) : [];
  const anyShown = shown.length > 0;
  useEffect(() => {
    if (anyShown) onShown?.();
  }, [anyShown, onShown]);

  return (
    <div aria-live="polite">
      {shown.length > 0 && (
        <Paper withBorder p="sm" bg="var(--mantine-color-blue-light)" component="section" aria-labelledby={`${id}-heading`}>
          <Text fw={600} size="sm" id={`${id}-heading`}>
            These articles may answer your question
          </Text>
          <Text size="xs" c="dimmed" id={`${id}-hint`} mb={6}>
            They open in a new tab, so your request stays as you typed it.
          </Text>
          <Stack component="ul" gap={6} aria-label="Suggested articles" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {shown.slice(0, SUGGEST_MAX).map((s) => (
              <li key={s.id}>
                <Anchor
                  href={helpArticlePath(org, s.slug)}
                  target="_blank"
                  rel="noopener noreferrer"
                  fw={600}
                  size="sm"
                  aria-describedby={`${id}-hint`}
                  style={{ overflowWrap: 'anywhere' }}
                >
                  {s.title}
                </Anchor>
                {s.snippet && (
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    <Snippet html={s.snippet} />
                  </Text>
                )}
              </li>
            ))}
          </Stack>
        </Paper>
      )}
    </div>
  );
}
