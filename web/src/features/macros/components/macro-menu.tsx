import { useState } from 'react';
import { Alert, Button, Group, List, Loader, Menu, Modal, Paper, Stack, Text } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { isApiError } from '@/lib/api';
import { useAgentNames, useTeams } from '@/features/agents/hooks/use-agents';
import { useApplyMacro, useMacros, usePreviewMacro } from '@/features/macros/hooks/use-macros';
import { macroChanges } from '@/features/macros/changes';
import { STALE_MESSAGE } from '@/features/tickets/components/ticket-controls';
import type { Macro, MacroApplied, Ticket } from '@/types/api';

/**
 * "Macros": the macros the agent sees; choosing one previews it (`?preview=1`, nothing
 * written) and a dialog shows what it would change and the message it would add, then
 * "Apply" sends it with `If-Match` of the version previewed. When the ticket changed
 * meanwhile (412), it is reloaded and "Preview again" shows what the macro does now.
 */
export function MacroMenu({ ticket }: { ticket: Ticket }) {
  const [menuOpened, setMenuOpened] = useState(false);
  const [asked, setAsked] = useState(false);
  const macros = useMacros(asked);
  const [chosen, setChosen] = useState<{ macro: Macro; version: number } | null>(null);
  const preview = usePreviewMacro(ticket);
  const apply = useApplyMacro(ticket);
  const [done, setDone] = useState<string | null>(null);

  const choose = (macro: Macro) => {
    setDone(null);
    apply.reset();
    setChosen({ macro, version: ticket.version });
    preview.mutate({ macro, version: ticket.version });
  };
  // The ticket changed after it was loaded (the preview's or the apply's 412): it was
  // reloaded, and the agent previews again what the macro does to it now.
  const stale = isApiError(preview.error, 412) || isApiError(apply.error, 412);
  const close = () => {
    setChosen(null);
    preview.reset();
    apply.reset();
  };
  const items = macros.data?.items ?? [];

  return (
    <>
      <Menu
        opened={menuOpened}
        onChange={(o) => {
          setMenuOpened(o);
          if (o) setAsked(true);
        }}
        position="bottom-start"
        withinPortal
      >
        <Menu.Target>
          <Button variant="default" size="compact-sm">
            Macros
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {macros.isPending && <Menu.Label>Loading macros…</Menu.Label>}
          {macros.isError && <Menu.Label>Could not load the macros</Menu.Label>}
          {macros.data && items.length === 0 && <Menu.Label>No macros yet</Menu.Label>}
          {items.map((m) => (
            <Menu.Item key={m.id} onClick={() => choose(m)}>
              {m.name}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      {done && (
        <Text size="sm" c="teal" role="status">
          {done}
        </Text>
      )}
      <Modal opened={chosen !== null} onClose={close} title={chosen ? `Apply macro ${chosen.macro.name}` : 'Apply macro'} size="lg">
        {chosen && (
          <Stack gap="sm">
            {preview.isPending && <Loader size="sm" aria-label="Previewing the macro" />}
            {preview.isError && !stale && <ErrorAlert error={preview.error} title="Could not preview the macro" />}
            {preview.data && !stale && <MacroPreview before={ticket} result={preview.data} />}
            {apply.isError && !stale && <ErrorAlert error={apply.error} title="Could not apply the macro" />}
            {stale && (
              <Alert color="yellow" role="status" title={apply.isError ? 'Not applied' : 'Not previewed'}>
                {STALE_MESSAGE}
              </Alert>
            )}
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              {stale && (
                <Button variant="light" onClick={() => choose(chosen.macro)} loading={preview.isPending}>
                  Preview again
                </Button>
              )}
              <Button
                disabled={!preview.data || stale || preview.isPending}
                loading={apply.isPending}
                onClick={() =>
                  apply.mutate(chosen, {
                    onSuccess: (r) => {
                      setDone(r.changed ? `Macro ${chosen.macro.name} applied.` : `Macro ${chosen.macro.name}: nothing to change.`);
                      close();
                    },
                  })
                }
              >
                Apply
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}

function MacroPreview({ before, result }: { before: Ticket; result: MacroApplied }) {
  const agentName = useAgentNames();
  const teams = useTeams();
  const lines = macroChanges(before, result.ticket, {
    agent: (id) => agentName(id) ?? 'nobody',
    team: (id) => teams.data?.find((t) => t.id === id)?.name ?? id,
  });
  const message = result.interaction;
  return (
    <Stack gap="xs" aria-label="What the macro would do" role="region">
      {lines.length === 0 && !message ? (
        <Text size="sm">Nothing would change: the ticket already is so.</Text>
      ) : (
        lines.length > 0 && (
          <List size="sm" spacing={2}>
            {lines.map((l) => (
              <List.Item key={l}>{l}</List.Item>
            ))}
          </List>
        )
      )}
      {message && (
        <Paper
          withBorder
          p="xs"
          bg={message.internal ? 'yellow.0' : 'gray.0'}
          style={message.internal ? { borderStyle: 'dashed' } : undefined}
        >
          <Text size="xs" c="dimmed" mb={4}>
            {message.internal ? 'Internal note' : 'Public reply (the customer receives it)'}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="macro-message">
            {message.body}
          </Text>
        </Paper>
      )}
    </Stack>
  );
}
