import { useState, type DragEvent } from 'react';
import { ActionIcon, Alert, Badge, Button, Group, Loader, Modal, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { isApiError } from '@/lib/api';
import { useSession } from '@/lib/session';
import { useAgentNames, useTeams } from '@/features/agents/hooks/use-agents';
import { useDeleteRule, useMoveRule, useRules, useUpdateRule } from '@/features/rules/hooks/use-rules';
import { RuleEditor } from '@/features/rules/components/rule-editor';
import { KIND_WORDS, describeAction, describeCondition, staleMessage, type Names, type RuleKind } from '@/features/rules/rules';
import type { Rule } from '@/types/api';

/** What the editor shows: a new rule, a saved one, or nothing. */
type Editing = { rule?: Rule } | null;

/** `/triggers`: the rules that run on people's changes. */
export function TriggersPage() {
  return <RulesPage kind="triggers" />;
}

/** `/automations`: the rules that run every hour. */
export function AutomationsPage() {
  return <RulesPage kind="automations" />;
}

/** What each page says under its title about when its rules run. */
function Explanation({ kind }: { kind: RuleKind }) {
  if (kind === 'triggers') {
    return (
      <>
        Triggers run from the top on every change a person makes to a ticket; each one whose conditions hold makes its
        changes.
      </>
    );
  }
  return (
    <>
      Automations run every hour, from the top, on the tickets that are not closed; each one whose conditions hold
      makes its changes. Each needs an “all” condition that its own actions make false, so it acts on a ticket once
      rather than every hour: for example, “status is pending and hours since updated &gt; 72 → set status closed”.
    </>
  );
}

/**
 * The org's triggers or automations in the order they run: admins enable, reorder (buttons
 * or drag), edit, delete and create them; managers read them and dry-run them.
 */
export function RulesPage({ kind }: { kind: RuleKind }) {
  const words = KIND_WORDS[kind];
  const session = useSession();
  const canEdit = session?.user.role === 'admin';
  const rules = useRules(kind);
  const update = useUpdateRule(kind);
  const move = useMoveRule(kind);
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
  const items = rules.data?.items ?? [];
  const listId = `${kind}-heading`;
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
          {words.Many}
        </Title>
        {canEdit && (
          <Button
            onClick={() => {
              setSaved(null);
              setEditing({});
            }}
          >
            New {words.one}
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        <Explanation kind={kind} />
        {canEdit
          ? ' Reorder them with the up and down buttons or by dragging.'
          : ` Read-only: only admins can change ${words.many}.`}
      </Text>
      {saved && (
        <Text size="sm" c="green" role="status">
          {saved}
        </Text>
      )}
      {writeError && isApiError(writeError, 412) && (
        <Alert color="yellow" role="status" title="Not saved">
          Someone changed the {words.many} meanwhile; the list is reloaded. Try again.
        </Alert>
      )}
      {writeError && !isApiError(writeError, 412) && <ErrorAlert error={writeError} title={`Could not change the ${words.one}`} />}

      <section aria-labelledby={listId}>
        <Title order={2} size="h4" id={listId} mb="xs">
          Order they run in
        </Title>
        {rules.isPending && <Loader aria-label={`Loading ${words.many}`} />}
        {rules.isError && <ErrorAlert error={rules.error} title={`Could not load the ${words.many}`} />}
        {rules.data && items.length === 0 && <Text c="dimmed">No {words.many} yet.</Text>}
        {items.length > 0 && (
          <Stack component="ol" aria-labelledby={listId} gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
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
                      <RuleSummary kind={kind} rule={rule} names={names} />
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
        <RuleEditor
          // A new key starts the form from the rule's current values.
          key={editing.rule ? `${editing.rule.id}-${editing.rule.version}` : 'new'}
          kind={kind}
          rule={editing.rule}
          canEdit={canEdit}
          onClose={() => setEditing(null)}
          onSaved={(r) => {
            setEditing(null);
            setSaved(`${words.One} ${r.name} saved.`);
          }}
        />
      )}
      <DeleteDialog
        kind={kind}
        rule={deleting}
        onClose={() => setDeleting(null)}
        onDeleted={(r) => {
          setDeleting(null);
          if (editing?.rule?.id === r.id) setEditing(null);
          setSaved(`${words.One} ${r.name} deleted.`);
        }}
      />
    </Stack>
  );
}

function RuleSummary({ kind, rule, names }: { kind: RuleKind; rule: Rule; names: Names }) {
  const all = (rule.conditions.all ?? []).map((c) => describeCondition(c, names));
  const any = (rule.conditions.any ?? []).map((c) => describeCondition(c, names));
  const when = [
    all.length ? all.join(' and ') : null,
    any.length ? (any.length > 1 ? `(${any.join(' or ')})` : any[0]) : null,
  ].filter(Boolean);
  return (
    <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
      When {when.length ? when.join(' and ') : kind === 'triggers' ? 'any ticket changes' : 'any ticket is open'}: {rule.actions.map((a) => describeAction(a, names)).join(', ')}.
    </Text>
  );
}

interface DeleteProps {
  kind: RuleKind;
  rule: Rule | null;
  onClose: () => void;
  onDeleted: (r: Rule) => void;
}

function DeleteDialog({ kind, rule, onClose, onDeleted }: DeleteProps) {
  const { one } = KIND_WORDS[kind];
  const remove = useDeleteRule(kind);
  return (
    <Modal opened={rule !== null} onClose={onClose} title={rule ? `Delete ${one} ${rule.name}?` : `Delete ${one}`}>
      <Stack gap="sm">
        <Text size="sm">It stops running at once. Tickets it already changed stay as they are.</Text>
        {remove.isError && (
          <ErrorAlert error={remove.error} title={isApiError(remove.error, 412) ? staleMessage(kind) : `Could not delete the ${one}`} />
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
