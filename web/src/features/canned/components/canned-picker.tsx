import { useState } from 'react';
import { Badge, Button, Group, Loader, Modal, Paper, ScrollArea, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { ErrorAlert } from '@/components/error-alert';
import { byFolder, sharedLabel } from '@/features/canned/folders';
import { useCannedPreview, useCannedResponses, useRenderCanned } from '@/features/canned/hooks/use-canned';
import type { CannedResponse } from '@/types/api';

interface Props {
  /** The ticket the text is rendered for (its number, customer, agent). */
  ticketId: string;
  opened: boolean;
  onOpen: () => void;
  onClose: () => void;
  /** Gets the rendered text; the composer puts it at the cursor. */
  onInsert: (text: string) => void;
  disabled?: boolean;
}

/**
 * "Canned responses": a searchable list (by title, grouped by folder); the one chosen asks
 * for its `ask("…")` values, shows its text for this ticket (a preview, counting no use), and
 * "Insert" renders it for real (counting a use) and hands the text to the composer.
 */
export function CannedPicker({ ticketId, opened, onOpen, onClose, onInsert, disabled }: Props) {
  return (
    <>
      <Button variant="default" size="xs" onClick={onOpen} disabled={disabled} aria-keyshortcuts="Control+Shift+K">
        Canned responses
      </Button>
      <Modal
        opened={opened}
        onClose={onClose}
        title="Canned responses"
        size="lg"
        returnFocus={false}
        // The chosen response is forgotten when the dialog closes.
        keepMounted={false}
      >
        {opened && (
          <PickerBody
            ticketId={ticketId}
            onInsert={(text) => {
              onInsert(text);
              onClose();
            }}
          />
        )}
      </Modal>
    </>
  );
}

function PickerBody({ ticketId, onInsert }: { ticketId: string; onInsert: (text: string) => void }) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 150);
  const [chosen, setChosen] = useState<CannedResponse | null>(null);
  const list = useCannedResponses(q, true);

  if (chosen) return <Chosen canned={chosen} ticketId={ticketId} onBack={() => setChosen(null)} onInsert={onInsert} />;

  const groups = byFolder(list.data?.items ?? []);
  return (
    <Stack gap="sm">
      <TextInput
        label="Search canned responses"
        placeholder="Title…"
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        data-autofocus
        onKeyDown={(e) => {
          const first = groups[0]?.items[0];
          if (e.key === 'Enter' && first) {
            e.preventDefault();
            setChosen(first);
          }
        }}
      />
      {list.isPending && <Loader size="sm" aria-label="Loading canned responses" />}
      {list.isError && <ErrorAlert error={list.error} title="Could not load the canned responses" />}
      {list.data && groups.length === 0 && (
        <Text size="sm" c="dimmed">
          {q ? 'No canned response matches.' : 'No canned responses yet.'}
        </Text>
      )}
      <ScrollArea.Autosize mah={360}>
        <Stack gap="sm">
          {groups.map((g) => (
            <section key={g.folder} aria-label={g.folder}>
              <Title order={3} size="h6" c="dimmed" mb={4}>
                {g.folder}
              </Title>
              <Stack gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                {g.items.map((c) => (
                  <li key={c.id}>
                    <UnstyledButton
                      onClick={() => setChosen(c)}
                      w="100%"
                      p={6}
                      style={{ borderRadius: 4, border: '1px solid var(--mantine-color-gray-3)' }}
                      aria-label={c.title}
                    >
                      <Group justify="space-between" wrap="nowrap" gap="xs">
                        <Text size="sm" fw={500} truncate>
                          {c.title}
                        </Text>
                        <Badge size="xs" variant="light" color="gray" style={{ flexShrink: 0 }}>
                          {sharedLabel(c.shared)}
                        </Badge>
                      </Group>
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {c.body}
                      </Text>
                    </UnstyledButton>
                  </li>
                ))}
              </Stack>
            </section>
          ))}
        </Stack>
      </ScrollArea.Autosize>
    </Stack>
  );
}

function Chosen({
  canned,
  ticketId,
  onBack,
  onInsert,
}: {
  canned: CannedResponse;
  ticketId: string;
  onBack: () => void;
  onInsert: (text: string) => void;
}) {
  const asks = canned.asks ?? [];
  const [answers, setAnswers] = useState<Record<string, string>>(() => Object.fromEntries(asks.map((a) => [a, ''])));
  const [debounced] = useDebouncedValue(answers, 300);
  const given = Object.fromEntries(Object.entries(debounced).filter(([, v]) => v.trim() !== ''));
  const preview = useCannedPreview(canned.id, ticketId, given);
  const render = useRenderCanned();
  const missing = asks.filter((a) => !answers[a]?.trim());

  const insert = () => {
    const filled = Object.fromEntries(Object.entries(answers).filter(([, v]) => v.trim() !== ''));
    render.mutate(
      { cannedId: canned.id, body: { ticket_id: ticketId, answers: filled, preview: false } },
      { onSuccess: (r) => onInsert(r.text) },
    );
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        insert();
      }}
      aria-label={`Canned response ${canned.title}`}
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600}>{canned.title}</Text>
          <Button variant="subtle" size="compact-sm" onClick={onBack}>
            ← All responses
          </Button>
        </Group>
        {asks.map((label, i) => (
          <TextInput
            key={label}
            label={label.charAt(0).toUpperCase() + label.slice(1)}
            value={answers[label] ?? ''}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setAnswers((a) => ({ ...a, [label]: value }));
            }}
            data-autofocus={i === 0 || undefined}
          />
        ))}
        <Paper withBorder p="xs" bg="gray.0" component="section" aria-label="Preview">
          <Text size="xs" c="dimmed" mb={4}>
            Preview for this ticket
          </Text>
          {preview.isPending ? (
            <Loader size="xs" aria-label="Rendering the preview" />
          ) : preview.isError ? (
            <ErrorAlert error={preview.error} title="Could not render it" />
          ) : (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="canned-preview">
              {preview.data.text}
            </Text>
          )}
        </Paper>
        {missing.length > 0 && (
          <Text size="xs" c="dimmed">
            An empty answer is inserted as [{missing[0]}], to fill in.
          </Text>
        )}
        {render.isError && <ErrorAlert error={render.error} title="Not inserted" />}
        <Group justify="flex-end">
          <Button type="submit" loading={render.isPending} data-autofocus={asks.length === 0 || undefined}>
            Insert
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
