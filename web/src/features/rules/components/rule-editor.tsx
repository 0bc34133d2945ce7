import { useState } from 'react';
import { Alert, Button, CloseButton, Group, Paper, Select, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { isApiError } from '@/lib/api';
import { useAgents, useTeams } from '@/features/agents/hooks/use-agents';
import { useCreateRule, useDryRun, useUpdateRule } from '@/features/rules/hooks/use-rules';
import { DryRunResult } from '@/features/rules/components/dry-run-result';
import { ValueInput } from '@/features/rules/components/value-input';
import {
  ACTION_LABELS,
  FIELD_LABELS,
  KIND_WORDS,
  OP_LABELS,
  actionValueKind,
  actionValueOptional,
  conditionValueKind,
  dryRunBody,
  emptyForm,
  errorsByRow,
  formFromRule,
  formProblems,
  newAction,
  newCondition,
  opsFor,
  ruleBody,
  staleMessage,
  withActionType,
  withField,
  withOp,
  type ActionRow,
  type ConditionRow,
  type RuleForm,
  type RuleKind,
} from '@/features/rules/rules';
import {
  RULE_ACTION_TYPES,
  RULE_FIELDS,
  type Agent,
  type Rule,
  type RuleActionType,
  type RuleField,
  type RuleOp,
  type Team,
} from '@/types/api';

/** The API's field of an automation with no condition its own actions make false. */
export const NO_NULLIFYING_CONDITION = 'conditions.all';

interface Props {
  kind: RuleKind;
  /** The rule edited; a new one when absent. */
  rule?: Rule;
  canEdit: boolean;
  onClose: () => void;
  onSaved: (rule: Rule) => void;
}

/**
 * A trigger's or an automation's name, conditions ("all" and "any") and actions. A dry run
 * shows what it would change now, before it is saved; managers see it read-only and may
 * still dry-run it. Automations offer no `changed*` operators, and the API's refusal of one
 * without a condition its actions make false shows above the "all" conditions.
 */
export function RuleEditor({ kind, rule, canEdit, onClose, onSaved }: Props) {
  const words = KIND_WORDS[kind];
  const agents = useAgents();
  const teams = useTeams();
  const create = useCreateRule(kind);
  const update = useUpdateRule(kind);
  const dryRun = useDryRun(kind);
  const [form, setForm] = useState<RuleForm>(() => (rule ? formFromRule(rule) : emptyForm(kind)));
  const [tried, setTried] = useState(false);
  const save = rule ? update : create;

  const problems = tried ? formProblems(form, kind) : {};
  const apiErrors = isApiError(save.error) ? save.error.errors : isApiError(dryRun.error) ? dryRun.error.errors : [];
  const rowErrors = { ...errorsByRow(apiErrors), ...problems };
  // Errors of the name, a condition or an action show beside it; the rest in the alert.
  const shownFields = apiErrors.map((e) => e.field).filter((f) => /^(name|conditions|actions)\b/.test(f));
  const heading = rule ? (canEdit ? `Edit ${words.one} ${rule.name}` : `${words.One} ${rule.name}`) : `New ${words.one}`;
  const headingId = `${kind === 'triggers' ? 'trigger' : 'automation'}-editor-heading`;
  const nullifying = rowErrors[NO_NULLIFYING_CONDITION];

  const change = (patch: Partial<RuleForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    dryRun.reset();
  };
  const ready = () => {
    setTried(true);
    return Object.keys(formProblems(form, kind)).length === 0;
  };

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={headingId}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!canEdit || !ready()) return;
          const body = ruleBody(form);
          if (rule) {
            update.mutate({ rule, patch: body }, { onSuccess: onSaved });
          } else {
            create.mutate(body, { onSuccess: onSaved });
          }
        }}
        noValidate
      >
        <Stack gap="sm">
          <Group justify="space-between" wrap="nowrap">
            <Title order={2} size="h4" id={headingId}>
              {heading}
            </Title>
            <CloseButton aria-label={`Close the ${words.one} editor`} onClick={onClose} />
          </Group>
          {!canEdit && (
            <Text size="sm" c="dimmed">
              Read-only: only admins can change {words.many}. You can still dry-run it.
            </Text>
          )}
          <Group align="flex-end" gap="md" wrap="wrap">
            <TextInput
              label="Name"
              required
              data-autofocus
              readOnly={!canEdit}
              value={form.name}
              onChange={(e) => change({ name: e.currentTarget.value })}
              error={rowErrors.name}
              style={{ flex: 1, minWidth: 240 }}
            />
            <Switch
              label="Enabled"
              disabled={!canEdit}
              checked={form.enabled}
              onChange={(e) => change({ enabled: e.currentTarget.checked })}
              mb={8}
            />
          </Group>

          {nullifying && (
            <Alert color="red" role="alert" title="It would act on the same tickets every hour">
              <div id="conditions-all-error">{nullifying.charAt(0).toUpperCase() + nullifying.slice(1)}</div>
            </Alert>
          )}
          <ConditionGroup
            kind={kind}
            group="all"
            title="All of these conditions"
            hint={
              kind === 'automations'
                ? 'Every one must hold. One must be something the actions change (e.g. Status is pending → Set status closed), so it acts on a ticket only once.'
                : 'Every one must hold.'
            }
            rows={form.all}
            onChange={(all) => change({ all })}
            errors={rowErrors}
            canEdit={canEdit}
            teams={teams.data ?? []}
            agents={agents.data ?? []}
          />
          <ConditionGroup
            kind={kind}
            group="any"
            title="Any of these conditions"
            hint="At least one must hold (when there are any)."
            rows={form.any}
            onChange={(any) => change({ any })}
            errors={rowErrors}
            canEdit={canEdit}
            teams={teams.data ?? []}
            agents={agents.data ?? []}
          />
          {rowErrors.conditions && <FieldMessage id="conditions-error" message={rowErrors.conditions} />}
          <ActionList
            rows={form.actions}
            onChange={(actions) => change({ actions })}
            errors={rowErrors}
            canEdit={canEdit}
            teams={teams.data ?? []}
            agents={agents.data ?? []}
          />

          {save.isError && isApiError(save.error, 412) && (
            <Alert color="yellow" role="status" title="Not saved">
              {staleMessage(kind)}
            </Alert>
          )}
          {/* The refusal of an automation no action stops already shows above the conditions. */}
          {save.isError && !isApiError(save.error, 412) && !nullifying && (
            <ErrorAlert error={save.error} title={`Could not save the ${words.one}`} hideFields={shownFields} />
          )}
          {dryRun.isError && (
            <ErrorAlert error={dryRun.error} title={`Could not dry-run the ${words.one}`} hideFields={shownFields} />
          )}
          {dryRun.data && <DryRunResult result={dryRun.data} />}

          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {canEdit ? 'Cancel' : 'Close'}
            </Button>
            <Button
              variant="light"
              loading={dryRun.isPending}
              onClick={() => {
                save.reset();
                if (ready()) dryRun.mutate(dryRunBody(form));
              }}
            >
              Dry run
            </Button>
            {canEdit && (
              <Button type="submit" loading={save.isPending}>
                Save
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function FieldMessage({ id, message }: { id: string; message: string }) {
  return (
    <Text id={id} size="sm" c="red" role="alert">
      {message}
    </Text>
  );
}

interface GroupProps {
  kind: RuleKind;
  group: 'all' | 'any';
  title: string;
  hint: string;
  rows: ConditionRow[];
  onChange: (rows: ConditionRow[]) => void;
  errors: Record<string, string>;
  canEdit: boolean;
  teams: readonly Team[];
  agents: readonly Agent[];
}

const FIELD_OPTIONS = RULE_FIELDS.map((f) => ({ value: f, label: FIELD_LABELS[f] }));

function ConditionGroup({ kind, group, title, hint, rows, onChange, errors, canEdit, teams, agents }: GroupProps) {
  const headingId = `conditions-${group}-heading`;
  const set = (i: number, row: ConditionRow) => onChange(rows.map((r, j) => (j === i ? row : r)));
  return (
    <fieldset
      aria-labelledby={headingId}
      aria-describedby={group === 'all' && errors[NO_NULLIFYING_CONDITION] ? 'conditions-all-error' : undefined}
      style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}
    >
      <Text fw={600} id={headingId} component="legend" p={0}>
        {title}
      </Text>
      <Text size="xs" c="dimmed" mb={4}>
        {hint}
      </Text>
      <Stack gap={6}>
        {rows.length === 0 && (
          <Text size="sm" c="dimmed">
            None.
          </Text>
        )}
        {rows.map((row, i) => {
          const name = `${group === 'all' ? 'All' : 'Any'} condition ${i + 1}`;
          const error = errors[`conditions.${group}[${i}]`];
          const errorId = `conditions-${group}-${i}-error`;
          return (
            <div key={row.key} role="group" aria-label={name} aria-describedby={error ? errorId : undefined}>
              <Group gap="xs" align="flex-start" wrap="wrap">
                <Select
                  aria-label={`${name} field`}
                  data={FIELD_OPTIONS}
                  value={row.field}
                  onChange={(v) => v && set(i, withField(row, v as RuleField, kind))}
                  allowDeselect={false}
                  disabled={!canEdit}
                  w={200}
                />
                <Select
                  aria-label={`${name} operator`}
                  data={opsFor(row.field, kind).map((op) => ({ value: op, label: OP_LABELS[op] }))}
                  value={row.op}
                  onChange={(v) => v && set(i, withOp(row, v as RuleOp))}
                  allowDeselect={false}
                  disabled={!canEdit}
                  w={160}
                />
                <ValueInput
                  kind={conditionValueKind(row.field, row.op)}
                  value={row.value}
                  onChange={(value) => set(i, { ...row, value })}
                  label={`${name} value`}
                  disabled={!canEdit}
                  teams={teams}
                  agents={agents}
                />
                {canEdit && (
                  <CloseButton
                    aria-label={`Remove ${name.toLowerCase()}`}
                    onClick={() => onChange(rows.filter((_, j) => j !== i))}
                    mt={6}
                  />
                )}
              </Group>
              {error && <FieldMessage id={errorId} message={error} />}
            </div>
          );
        })}
      </Stack>
      {canEdit && (
        <Button variant="subtle" size="compact-sm" mt={4} onClick={() => onChange([...rows, newCondition(undefined, kind)])}>
          {group === 'all' ? 'Add an “all” condition' : 'Add an “any” condition'}
        </Button>
      )}
    </fieldset>
  );
}

const ACTION_OPTIONS = RULE_ACTION_TYPES.map((t) => ({ value: t, label: ACTION_LABELS[t] }));

interface ActionProps {
  rows: ActionRow[];
  onChange: (rows: ActionRow[]) => void;
  errors: Record<string, string>;
  canEdit: boolean;
  teams: readonly Team[];
  agents: readonly Agent[];
}

function ActionList({ rows, onChange, errors, canEdit, teams, agents }: ActionProps) {
  const set = (i: number, row: ActionRow) => onChange(rows.map((r, j) => (j === i ? row : r)));
  return (
    <fieldset aria-labelledby="actions-heading" style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
      <Text fw={600} id="actions-heading" component="legend" p={0} mb={4}>
        Actions
      </Text>
      <Stack gap={6}>
        {rows.map((row, i) => {
          const name = `Action ${i + 1}`;
          const error = errors[`actions[${i}]`];
          const errorId = `actions-${i}-error`;
          return (
            <div key={row.key} role="group" aria-label={name} aria-describedby={error ? errorId : undefined}>
              <Group gap="xs" align="flex-start" wrap="wrap">
                <Select
                  aria-label={`${name} type`}
                  data={ACTION_OPTIONS}
                  value={row.type}
                  onChange={(v) => v && set(i, withActionType(row, v as RuleActionType))}
                  allowDeselect={false}
                  disabled={!canEdit}
                  w={240}
                />
                <ValueInput
                  kind={actionValueKind(row.type)}
                  value={row.value}
                  onChange={(value) => set(i, { ...row, value })}
                  label={`${name} value`}
                  optional={actionValueOptional(row.type)}
                  forAction
                  disabled={!canEdit}
                  teams={teams}
                  agents={agents}
                />
                {canEdit && (
                  <CloseButton
                    aria-label={`Remove ${name.toLowerCase()}`}
                    onClick={() => onChange(rows.filter((_, j) => j !== i))}
                    mt={6}
                  />
                )}
              </Group>
              {error && <FieldMessage id={errorId} message={error} />}
            </div>
          );
        })}
      </Stack>
      {errors.actions && <FieldMessage id="actions-error" message={errors.actions} />}
      {canEdit && (
        <Button variant="subtle" size="compact-sm" mt={4} onClick={() => onChange([...rows, newAction()])}>
          Add an action
        </Button>
      )}
    </fieldset>
  );
}
