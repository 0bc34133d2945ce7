import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  CloseButton,
  Group,
  Loader,
  Modal,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { isApiError } from '@/lib/api';
import { useSession } from '@/lib/session';
import { useAgentNames, useAgents, useTeams } from '@/features/agents/hooks/use-agents';
import { useCreateMacro, useDeleteMacro, useMacros, useUpdateMacro } from '@/features/macros/hooks/use-macros';
import { ValueInput } from '@/features/rules/components/value-input';
import { canEdit, sharedLabel } from '@/features/canned/folders';
import {
  ACTION_LABELS,
  actionBody,
  actionValueKind,
  actionValueOptional,
  describeAction,
  errorsByRow,
  newAction,
  withActionType,
  type ActionRow,
  type Names,
} from '@/features/rules/rules';
import { MACRO_ACTION_TYPES, SHARED, type Macro, type NewMacro, type RuleActionType, type Shared } from '@/types/api';

type Editing = { macro?: Macro } | null;

const SHARED_LABELS: Record<Shared, string> = { personal: 'Only me', team: 'A team', org: 'Everyone in the org' };
const MESSAGE_TYPES: readonly RuleActionType[] = ['add_note', 'add_reply'];

/**
 * `/macros`: one-click bundles of ticket changes (status, priority, tags, assignee, …) and at
 * most one message (an internal note or a public reply, a canned body). Agents keep personal
 * ones that may assign to "me" only; managers and admins may share them and set a team.
 */
export function MacrosPage() {
  const session = useSession();
  const manager = session?.user.role === 'admin' || session?.user.role === 'manager';
  const macros = useMacros();
  const remove = useDeleteMacro();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Macro | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const agentName = useAgentNames();
  const teams = useTeams();
  const names: Names = {
    agent: (id) => (id === 'me' ? 'me' : (agentName(id) ?? id)),
    team: (id) => teams.data?.find((t) => t.id === id)?.name ?? id,
  };
  const items = [...(macros.data?.items ?? [])].sort((a, b) => a.name.localeCompare(b.name));

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          Macros
        </Title>
        <Button
          onClick={() => {
            setSaved(null);
            setEditing({});
          }}
        >
          New macro
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        A macro makes several changes to a ticket at once, from the ticket page&apos;s “Macros” menu, after showing what it
        would do.
      </Text>
      {saved && (
        <Alert color="green" role="status" py={6} withCloseButton onClose={() => setSaved(null)}>
          {saved}
        </Alert>
      )}
      {editing && (
        <MacroEditor
          key={editing.macro?.id ?? 'new'}
          macro={editing.macro}
          manager={manager}
          onClose={() => setEditing(null)}
          onSaved={(m) => {
            setEditing(null);
            setSaved(`Macro ${m.name} saved.`);
          }}
        />
      )}
      {macros.isPending && <Loader aria-label="Loading macros" />}
      {macros.isError && <ErrorAlert error={macros.error} title="Could not load the macros" />}
      {remove.isError && <ErrorAlert error={remove.error} title="Could not delete it" />}
      {macros.data && items.length === 0 && <Text c="dimmed">No macros yet.</Text>}
      <Stack gap="xs" component="ul" aria-label="Macros" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {items.map((m) => (
          <Paper key={m.id} withBorder p="sm" component="li" aria-label={m.name}>
            <Group justify="space-between" wrap="wrap" gap="xs">
              <div style={{ minWidth: 0, flex: 1 }}>
                <Group gap="xs">
                  <Text fw={600}>{m.name}</Text>
                  <Badge size="xs" variant="light" color="gray">
                    {m.shared === 'team' ? `Team ${names.team(m.team_id ?? '')}` : sharedLabel(m.shared)}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    Used {m.usage_count ?? 0} {m.usage_count === 1 ? 'time' : 'times'}
                  </Text>
                </Group>
                <Text size="sm" c="dimmed">
                  {m.actions.map((a) => describeAction(a, names)).join(', ')}.
                </Text>
              </div>
              {canEdit(m, session?.user) && (
                <Group gap={4} wrap="nowrap">
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    aria-label={`Edit ${m.name}`}
                    onClick={() => {
                      setSaved(null);
                      setEditing({ macro: m });
                    }}
                  >
                    Edit
                  </Button>
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    color="red"
                    aria-label={`Delete ${m.name}`}
                    onClick={() => setDeleting(m)}
                  >
                    Delete
                  </Button>
                </Group>
              )}
            </Group>
          </Paper>
        ))}
      </Stack>
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title="Delete macro">
        <Stack gap="sm">
          <Text size="sm">Delete “{deleting?.name}”? This cannot be undone.</Text>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setDeleting(null)}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() => {
                const m = deleting;
                if (!m) return;
                remove.mutate(m, {
                  onSuccess: () => setSaved(`Macro ${m.name} deleted.`),
                  onSettled: () => setDeleting(null),
                });
              }}
            >
              Delete
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function rowsOf(macro: Macro | undefined): ActionRow[] {
  if (!macro) return [newAction('set_status')];
  return macro.actions.map((a) => ({ ...newAction(a.type), value: a.value ?? '' }));
}

interface EditorProps {
  macro?: Macro;
  manager: boolean;
  onClose: () => void;
  onSaved: (m: Macro) => void;
}

function MacroEditor({ macro, manager, onClose, onSaved }: EditorProps) {
  const agents = useAgents();
  const teams = useTeams();
  const create = useCreateMacro();
  const update = useUpdateMacro();
  const save = macro ? update : create;
  const [name, setName] = useState(macro?.name ?? '');
  const [shared, setShared] = useState<Shared>(macro?.shared ?? 'personal');
  const [teamId, setTeamId] = useState<string | null>(macro?.team_id ?? null);
  const [rows, setRows] = useState<ActionRow[]>(() => rowsOf(macro));
  const apiErrors = isApiError(save.error) ? save.error.errors : [];
  const errors = errorsByRow(apiErrors);
  const shownFields = apiErrors.map((e) => e.field).filter((f) => /^(name|actions|shared|team_id)\b/.test(f));
  const messages = rows.filter((r) => MESSAGE_TYPES.includes(r.type)).length;
  const missing = rows.findIndex((r) => actionValueKind(r.type) !== 'none' && !actionValueOptional(r.type) && !r.value.trim());
  const problem =
    rows.length === 0
      ? 'Add at least one action'
      : messages > 1
        ? 'At most one internal note or public reply per macro'
        : missing >= 0
          ? `Action ${missing + 1} needs a value`
          : null;
  // Agents may not set a team, nor assign to anyone but themselves.
  const types = MACRO_ACTION_TYPES.filter((t) => manager || t !== 'set_team');
  const set = (i: number, row: ActionRow) => setRows(rows.map((r, j) => (j === i ? row : r)));
  const headingId = 'macro-editor-heading';

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={headingId}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (problem || !name.trim()) return;
          const body: NewMacro = {
            name: name.trim(),
            actions: rows.map(actionBody),
            shared,
            team_id: shared === 'team' ? teamId : null,
          };
          if (macro) update.mutate({ macro, patch: body }, { onSuccess: onSaved });
          else create.mutate(body, { onSuccess: onSaved });
        }}
      >
        <Stack gap="sm">
          <Group justify="space-between" wrap="nowrap">
            <Title order={2} size="h4" id={headingId}>
              {macro ? `Edit ${macro.name}` : 'New macro'}
            </Title>
            <CloseButton aria-label="Close the macro editor" onClick={onClose} />
          </Group>
          <Group gap="sm" align="flex-start" wrap="wrap">
            <TextInput
              label="Name"
              required
              data-autofocus
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={errors.name}
              style={{ flex: 1, minWidth: 220 }}
            />
            <Select
              label="Shared with"
              data={SHARED.map((s) => ({ value: s, label: SHARED_LABELS[s], disabled: s !== 'personal' && !manager }))}
              value={shared}
              onChange={(v) => v && setShared(v as Shared)}
              allowDeselect={false}
              error={errors.shared}
              w={220}
            />
            {shared === 'team' && (
              <Select
                label="Team"
                required
                data={(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
                value={teamId}
                onChange={setTeamId}
                error={errors.team_id}
                w={200}
              />
            )}
          </Group>
          <fieldset aria-labelledby="macro-actions-heading" style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
            <Text fw={600} id="macro-actions-heading" component="legend" p={0} mb={4}>
              Actions
            </Text>
            <Text size="xs" c="dimmed" mb={4}>
              Applied in order. A note&apos;s or reply&apos;s text is a canned body: {'{{ customer.first_name }}'} and the
              like work.
            </Text>
            <Stack gap={6}>
              {rows.map((row, i) => {
                const label = `Action ${i + 1}`;
                const error = errors[`actions[${i}]`];
                const agentsShown = manager ? (agents.data ?? []) : [];
                return (
                  <div key={row.key} role="group" aria-label={label}>
                    <Group gap="xs" align="flex-start" wrap="wrap">
                      <Select
                        aria-label={`${label} type`}
                        data={types.map((t) => ({ value: t, label: ACTION_LABELS[t] }))}
                        value={row.type}
                        onChange={(v) => v && set(i, withActionType(row, v as RuleActionType))}
                        allowDeselect={false}
                        w={220}
                      />
                      <ValueInput
                        kind={actionValueKind(row.type)}
                        value={row.value}
                        onChange={(value) => set(i, { ...row, value })}
                        label={`${label} value`}
                        optional={actionValueOptional(row.type)}
                        forAction
                        teams={teams.data ?? []}
                        agents={agentsShown}
                        me
                        placeholder={row.type === 'add_reply' ? "The public reply's text" : undefined}
                      />
                      <CloseButton
                        aria-label={`Remove ${label.toLowerCase()}`}
                        onClick={() => setRows(rows.filter((_, j) => j !== i))}
                        mt={6}
                      />
                    </Group>
                    {error && (
                      <Text size="sm" c="red" role="alert">
                        {error}
                      </Text>
                    )}
                  </div>
                );
              })}
            </Stack>
            <Button variant="subtle" size="compact-sm" mt={4} onClick={() => setRows([...rows, newAction()])}>
              Add an action
            </Button>
          </fieldset>
          {problem && (
            <Text size="sm" c="dimmed">
              {problem}.
            </Text>
          )}
          {save.isError && isApiError(save.error, 412) && (
            <Alert color="yellow" role="status" title="Not saved">
              Someone changed this macro meanwhile. Close the editor and open it again to see their change.
            </Alert>
          )}
          {save.isError && !isApiError(save.error, 412) && (
            <ErrorAlert error={save.error} title="Could not save the macro" hideFields={shownFields} />
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!!problem || !name.trim()}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
