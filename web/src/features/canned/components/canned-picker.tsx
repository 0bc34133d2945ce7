import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { Badge, Button, Group, Loader, Modal, Paper, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
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
 * "Canned responses": a searchable list (by title, grouped by folder; Up/Down move through it
 * from the search box, Enter opens the one selected); the one chosen asks
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
  const [active, setActive] = useState(0);
  const list = useCannedResponses(q, true);
  const baseId = useId();
  const searchRef = useRef<HTMLInputElement>(null);
  // Back from a response, the box it came from has the focus again (the dialog's own
  // autofocus only works when it opens).
  useEffect(() => {
    if (!chosen) searchRef.current?.focus();
  }, [chosen]);

  if (chosen) return <Chosen canned={chosen} ticketId={ticketId} onBack={() => setChosen(null)} onInsert={onInsert} />;

  const groups = byFolder(list.data?.items ?? []);
  // The options in the order shown, for Up/Down.
  const flat = groups.flatMap((g) => g.items);
  const current = flat.length ? Math.min(active, flat.length - 1) : -1;
  const optionId = (c: CannedResponse) => `${baseId}-option-${c.id}`;
  const listId = `${baseId}-list`;

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!flat.length) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      const next = (current + step + flat.length) % flat.length;
      setActive(next);
      document.getElementById(optionId(flat[next]!))?.scrollIntoView?.({ block: 'nearest' });
    } else if (e.key === 'Home' && flat.length) {
      e.preventDefault();
      setActive(0);
    } else if (e.key === 'End' && flat.length) {
      e.preventDefault();
      setActive(flat.length - 1);
    } else if (e.key === 'Enter' && current >= 0) {
      e.preventDefault();
      setChosen(flat[current]!);
    }
  };

  return (
    <Stack gap="sm">
      <TextInput
        label="Search canned responses"
        description="Up and Down choose, Enter opens it"
        placeholder="Title…"
        value={search}
        onChange={(e) => {
          setSearch(e.currentTarget.value);
          setActive(0);
        }}
        ref={searchRef}
        data-autofocus
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={flat.length > 0}
        aria-controls={listId}
        aria-activedescendant={current >= 0 ? optionId(flat[current]!) : undefined}
        onKeyDown={onKeyDown}
      />
      {list.isPending && <Loader size="sm" aria-label="Loading canned responses" />}
      {list.isError && <ErrorAlert error={list.error} title="Could not load the canned responses" />}
      {list.data && groups.length === 0 && (
        <Text size="sm" c="dimmed" role="status">
          {q ? 'No canned response matches.' : 'No canned responses yet.'}
        </Text>
      )}
      <ScrollArea.Autosize mah={360}>
        <div role="listbox" id={listId} aria-label="Canned responses">
          <Stack gap="sm">
            {groups.map((g, gi) => {
              const headingId = `${baseId}-folder-${gi}`;
              return (
                <div key={g.folder} role="group" aria-labelledby={headingId}>
                  <Text id={headingId} size="xs" fw={700} c="dimmed" tt="uppercase" mb={4}>
                    {g.folder}
                  </Text>
                  <Stack gap={4}>
                    {g.items.map((c) => {
                      const selected = flat[current]?.id === c.id;
                      return (
                        <div
                          key={c.id}
                          id={optionId(c)}
                          role="option"
                          aria-selected={selected}
                          aria-label={c.title}
                          // Keeps the focus in the search box, so the keys still work after a click.
                          onMouseDown={(e) => e.preventDefault()}
                          onMouseEnter={() => setActive(flat.indexOf(c))}
                          onClick={() => setChosen(c)}
                          style={{
                            cursor: 'pointer',
                            padding: 6,
                            borderRadius: 4,
                            border: `1px solid var(--mantine-color-${selected ? 'blue-5' : 'gray-3'})`,
                            background: selected ? 'var(--mantine-color-blue-0)' : undefined,
                          }}
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
                        </div>
                      );
                    })}
                  </Stack>
                </div>
              );
            })}
          </Stack>
        </div>
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
  // The list this replaced had the focus: the first ask (or Insert) takes it.
  const firstRef = useRef<HTMLElement | null>(null);
  useEffect(() => firstRef.current?.focus(), []);
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
            ref={i === 0 ? (el: HTMLInputElement | null) => void (firstRef.current = el) : undefined}
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
          <Button
            type="submit"
            loading={render.isPending}
            ref={asks.length === 0 ? (el: HTMLButtonElement | null) => void (firstRef.current = el) : undefined}
          >
            Insert
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
