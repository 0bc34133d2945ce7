import { useState, type DragEvent } from 'react';
import { ActionIcon, Alert, Badge, Button, Group, Loader, Modal, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { isApiError } from '@/lib/api';
import { useSession } from '@/lib/session';
import { useAgentNames, useTeams } from '@/features/agents/hooks/use-agents';
import { useDeleteTrigger, useMoveTrigger, useTriggers, useUpdateTrigger } from '@/features/rules/hooks/use-rules';
import { STALE_TRIGGER, TriggerEditor } from '@/features/rules/components/trigger-editor';
import { describeAction, describeCondition, type Names } from '@/features/rules/rules';
import type { Rule } from '@/types/api';

/** What the editor shows: a new trigger, a saved one, or nothing. */
type Editing = { rule?: Rule } | null;

/**
 * The org's triggers in the order they run: admins enable, reorder (buttons or drag), edit,
 * delete and create them; managers read them and dry-run them.
 */
export function TriggersPage() {
  const session = useSession();
  const canEdit = session?.user.role === 'admin';
  const triggers = useTriggers();
  const update = useUpdateTrigger();
  const move = useMoveTrigger();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Rule | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const [dropAt, setDropAt] = useState<number | null>(null);
  const agentName = useAgentNames();
  const teams = useTeams();
  const names: Names = {
    agent: (id) => agentName(id) ?? id,
    team: (id) => teams.data?.find((t) => t.id === id)?.name ?? id,
  };
  const items = triggers.data?.items ?? [];
  const busy = move.isPending || update.isPending;
  const writeError = move.error ?? update.error;

  const moveTo = (rule: Rule, to: number) => {
    setSaved(null);
    move.mutate(
      { rule, to },
      { onSuccess: () => setSaved(`${rule.name} moved to place ${to + 1}.`) },
    );
  };
  const drag = (i: number) =>
    canEdit
      ? {
          draggable: !busy,
          onDragStart: (e: DragEvent) => {
            e.dataTransfer.effectAllowed = 'move';
            e.dataTransfer.setData('text/plain', items[i]!.id);
            setDragFrom(i);
          },
          onDragOver: (e: DragEvent) => {
            if (dragFrom === null) return;
            e.preventDefault();
            e.dataTransfer.dropEffect = 'move';
            setDropAt(i);
          },
          onDrop: (e: DragEvent) => {
            e.preventDefault();
            if (dragFrom !== null && dragFrom !== i) moveTo(items[dragFrom]!, i);
            setDragFrom(null);
            setDropAt(null);
          },
          onDragEnd: () => {
            setDragFrom(null);
            setDropAt(null);
          },
        }
      : {};

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          Triggers
        </Title>
        {canEdit && (
          <Button
            onClick={() => {
              setSaved(null);
              setEditing({});
            }}
          >
            New trigger
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        Triggers run from the top on every change a person makes to a ticket; each one whose conditions hold makes its
        changes.
        {canEdit
          ? ' Reorder them with the up and down buttons or by dragging.'
          : ' Read-only: only admins can change triggers.'}
      </Text>
      {saved && (
        <Text size="sm" c="green" role="status">
          {saved}
        </Text>
      )}
      {writeError && isApiError(writeError, 412) && (
        <Alert color="yellow" role="status" title="Not saved">
          Someone changed the triggers meanwhile; the list is reloaded. Try again.
        </Alert>
      )}
      {writeError && !isApiError(writeError, 412) && <ErrorAlert error={writeError} title="Could not change the trigger" />}

      <section aria-labelledby="triggers-heading">
        <Title order={2} size="h4" id="triggers-heading" mb="xs">
          Order they run in
        </Title>
        {triggers.isPending && <Loader aria-label="Loading triggers" />}
        {triggers.isError && <ErrorAlert error={triggers.error} title="Could not load the triggers" />}
        {triggers.data && items.length === 0 && <Text c="dimmed">No triggers yet.</Text>}
        {items.length > 0 && (
          <Stack component="ol" aria-labelledby="triggers-heading" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
            {items.map((rule, i) => (
              <Paper
                key={rule.id}
                component="li"
                withBorder
                p="sm"
                aria-label={rule.name}
                {...drag(i)}
                style={{
                  opacity: dragFrom === i ? 0.5 : 1,
                  borderColor: dropAt === i && dragFrom !== i ? 'var(--mantine-color-blue-6)' : undefined,
                  cursor: canEdit ? 'grab' : undefined,
                }}
              >
                <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
                  <Group gap="xs" align="flex-start" wrap="nowrap" style={{ flex: 1, minWidth: 240 }}>
                    {canEdit && (
                      <Text c="dimmed" aria-hidden="true" title="Drag to reorder" style={{ userSelect: 'none' }}>
                        ⠿
                      </Text>
                    )}
                    <div style={{ minWidth: 0 }}>
                      <Group gap={6}>
                        <Text size="sm" c="dimmed">
                          {i + 1}.
                        </Text>
                        <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                          {rule.name}
                        </Text>
                        {!rule.enabled && (
                          <Badge color="gray" variant="light" size="sm">
                            off
                          </Badge>
                        )}
                      </Group>
                      <RuleSummary rule={rule} names={names} />
                    </div>
                  </Group>
                  <Group gap={6} wrap="wrap">
                    <Switch
                      label="Enabled"
                      aria-label={`${rule.name} enabled`}
                      checked={rule.enabled}
                      disabled={!canEdit || busy}
                      onChange={(e) => {
                        const enabled = e.currentTarget.checked;
                        setSaved(null);
                        update.mutate(
                          { rule, patch: { enabled } },
                          { onSuccess: (r) => setSaved(`${r.name} ${r.enabled ? 'enabled' : 'disabled'}.`) },
                        );
                      }}
                    />
                    {canEdit && (
                      <>
                        <ActionIcon
                          variant="default"
                          aria-label={`Move ${rule.name} up`}
                          disabled={i === 0 || busy}
                          onClick={() => moveTo(rule, i - 1)}
                        >
                          ↑
                        </ActionIcon>
                        <ActionIcon
                          variant="default"
                          aria-label={`Move ${rule.name} down`}
                          disabled={i === items.length - 1 || busy}
                          onClick={() => moveTo(rule, i + 1)}
                        >
                          ↓
                        </ActionIcon>
                      </>
                    )}
                    <Button
                      variant="default"
                      size="compact-sm"
                      aria-label={`${canEdit ? 'Edit' : 'View'} ${rule.name}`}
                      onClick={() => {
                        setSaved(null);
                        setEditing({ rule });
                      }}
                    >
                      {canEdit ? 'Edit' : 'View'}
                    </Button>
                    {canEdit && (
                      <Button
                        variant="subtle"
                        color="red"
                        size="compact-sm"
                        aria-label={`Delete ${rule.name}`}
                        onClick={() => setDeleting(rule)}
                      >
                        Delete
                      </Button>
                    )}
                  </Group>
                </Group>
              </Paper>
            ))}
          </Stack>
        )}
      </section>

      {editing && (
        <TriggerEditor
          // A new key starts the form from the trigger's current values.
          key={editing.rule ? `${editing.rule.id}-${editing.rule.version}` : 'new'}
          rule={editing.rule}
          canEdit={canEdit}
          onClose={() => setEditing(null)}
          onSaved={(r) => {
            setEditing(null);
            setSaved(`Trigger ${r.name} saved.`);
          }}
        />
      )}
      <DeleteDialog
        rule={deleting}
        onClose={() => setDeleting(null)}
        onDeleted={(r) => {
          setDeleting(null);
          if (editing?.rule?.id === r.id) setEditing(null);
          setSaved(`Trigger ${r.name} deleted.`);
        }}
      />
    </Stack>
  );
}

function RuleSummary({ rule, names }: { rule: Rule; names: Names }) {
  const all = (rule.conditions.all ?? []).map((c) => describeCondition(c, names));
  const any = (rule.conditions.any ?? []).map((c) => describeCondition(c, names));
  const when = [
    all.length ? all.join(' and ') : null,
    any.length ? (any.length > 1 ? `(${any.join(' or ')})` : any[0]) : null,
  ].filter(Boolean);
  return (
    <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
      When {when.length ? when.join(' and ') : 'any ticket changes'}: {rule.actions.map((a) => describeAction(a, names)).join(', ')}.
    </Text>
  );
}

function DeleteDialog({ rule, onClose, onDeleted }: { rule: Rule | null; onClose: () => void; onDeleted: (r: Rule) => void }) {
  const remove = useDeleteTrigger();
  return (
    <Modal opened={rule !== null} onClose={onClose} title={rule ? `Delete trigger ${rule.name}?` : 'Delete trigger'}>
      <Stack gap="sm">
        <Text size="sm">It stops running at once. Tickets it already changed stay as they are.</Text>
        {remove.isError && (
          <ErrorAlert error={remove.error} title={isApiError(remove.error, 412) ? STALE_TRIGGER : 'Could not delete the trigger'} />
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button
            color="red"
            loading={remove.isPending}
            onClick={() => rule && remove.mutate(rule, { onSuccess: () => onDeleted(rule) })}
          >
            Delete
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
