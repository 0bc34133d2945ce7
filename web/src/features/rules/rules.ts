/**
 * Triggers and automations, the pure part: which operators each field allows, what kind of
 * value each condition and action takes, the form's state and the request bodies built from
 * it, and where the API's field errors (`conditions.all[0]`, `actions[1].value`) belong.
 * Automations (issue #16) have the triggers' shape; what differs goes by {@link RuleKind}.
 */
import {
  STATUSES,
  type Condition,
  type DryRunRequest,
  type FieldError,
  type NewRule,
  type Rule,
  type RuleAction,
  type RuleActionType,
  type RuleField,
  type RuleOp,
} from '@/types/api';

/** The operators each field allows, the first being the default for a new row. */
export const OPS_BY_FIELD: Record<RuleField, readonly RuleOp[]> = {
  status: ['is', 'is_not', 'changed', 'changed_from', 'changed_to'],
  priority: ['is', 'is_not', 'changed', 'changed_from', 'changed_to'],
  channel: ['is', 'is_not'],
  customer_email_domain: ['is', 'is_not'],
  category: ['is', 'is_not', 'is_set', 'not_set', 'changed', 'changed_from', 'changed_to'],
  assignee: ['is', 'is_not', 'is_set', 'not_set', 'changed', 'changed_from', 'changed_to'],
  team: ['is', 'is_not', 'is_set', 'not_set', 'changed', 'changed_from', 'changed_to'],
  tags: ['contains', 'not_contains'],
  subject: ['contains', 'not_contains'],
  description: ['contains', 'not_contains'],
  hours_since_created: ['gt', 'lt'],
  hours_since_updated: ['gt', 'lt'],
};

/**
 * The rules of `/triggers` (run on people's changes) or of `/automations` (run every hour).
 * The name is the API's path.
 */
export type RuleKind = 'triggers' | 'automations';
export const RULE_KINDS = ['triggers', 'automations'] as const satisfies readonly RuleKind[];

/** The operators that look at what a change did: automations run on a schedule, with no change. */
export const CHANGE_OPS: readonly RuleOp[] = ['changed', 'changed_from', 'changed_to'];

/** The operators a field allows in a rule of `kind` (automations: no `changed*`). */
export function opsFor(field: RuleField, kind: RuleKind = 'triggers'): readonly RuleOp[] {
  const ops = OPS_BY_FIELD[field];
  return kind === 'automations' ? ops.filter((op) => !CHANGE_OPS.includes(op)) : ops;
}

/** How the pages name a rule of each kind. */
export interface KindWords {
  /** "trigger" */
  one: string;
  /** "Trigger" */
  One: string;
  /** "triggers" */
  many: string;
  /** "Triggers" */
  Many: string;
}

export const KIND_WORDS: Record<RuleKind, KindWords> = {
  triggers: { one: 'trigger', One: 'Trigger', many: 'triggers', Many: 'Triggers' },
  automations: { one: 'automation', One: 'Automation', many: 'automations', Many: 'Automations' },
};

/** What a 412 says: someone changed the rule since it was shown. */
export function staleMessage(kind: RuleKind): string {
  return `Someone changed this ${KIND_WORDS[kind].one} meanwhile. Close the editor and open it again to see their change.`;
}

/** `is_set`, `not_set` and `changed` take no value. */
export function opTakesValue(op: RuleOp): boolean {
  return op !== 'is_set' && op !== 'not_set' && op !== 'changed';
}

export const FIELD_LABELS: Record<RuleField, string> = {
  status: 'Status',
  priority: 'Priority',
  channel: 'Channel',
  category: 'Category',
  tags: 'Tags',
  subject: 'Subject',
  description: 'Description',
  customer_email_domain: 'Customer email domain',
  assignee: 'Assignee',
  team: 'Team',
  hours_since_created: 'Hours since created',
  hours_since_updated: 'Hours since updated',
};

export const OP_LABELS: Record<RuleOp, string> = {
  is: 'is',
  is_not: 'is not',
  contains: 'contains',
  not_contains: 'does not contain',
  is_set: 'is set',
  not_set: 'is not set',
  gt: 'more than',
  lt: 'less than',
  changed: 'changed',
  changed_from: 'changed from',
  changed_to: 'changed to',
};

export const ACTION_LABELS: Record<RuleActionType, string> = {
  set_status: 'Set status',
  set_priority: 'Set priority',
  set_category: 'Set category',
  set_team: 'Set team',
  set_assignee: 'Set assignee',
  add_tag: 'Add tag',
  remove_tag: 'Remove tag',
  add_note: 'Add internal note',
  add_reply: 'Add public reply',
  route: 'Route (assign by the routing settings)',
};

/**
 * The input a value needs: a choice of statuses, priorities, channels, teams or agents, a
 * number of hours, one line or a longer text; `none` when there is no value.
 */
export type ValueKind = 'status' | 'priority' | 'channel' | 'team' | 'agent' | 'number' | 'text' | 'note' | 'none';

export function conditionValueKind(field: RuleField, op: RuleOp): ValueKind {
  if (!opTakesValue(op)) return 'none';
  switch (field) {
    case 'status':
    case 'priority':
    case 'channel':
    case 'team':
      return field;
    case 'assignee':
      return 'agent';
    case 'hours_since_created':
    case 'hours_since_updated':
      return 'number';
    default:
      return 'text';
  }
}

export function actionValueKind(type: RuleActionType): ValueKind {
  switch (type) {
    case 'set_status':
      return 'status';
    case 'set_priority':
      return 'priority';
    case 'set_team':
      return 'team';
    case 'set_assignee':
      return 'agent';
    case 'add_note':
    case 'add_reply':
      return 'note';
    case 'route':
      return 'none';
    default:
      return 'text';
  }
}

/** Actions whose value may be left empty: it clears the category or team, or unassigns. */
export function actionValueOptional(type: RuleActionType): boolean {
  return type === 'set_category' || type === 'set_team' || type === 'set_assignee';
}

/** The statuses a rule may set (never back to `new`). */
export const ACTION_STATUSES = STATUSES.filter((s) => s !== 'new');

// The form.

/** One condition row; every value is text while edited (hours too). */
export interface ConditionRow {
  key: string;
  field: RuleField;
  op: RuleOp;
  value: string;
}

export interface ActionRow {
  key: string;
  type: RuleActionType;
  value: string;
}

export interface RuleForm {
  name: string;
  enabled: boolean;
  all: ConditionRow[];
  any: ConditionRow[];
  actions: ActionRow[];
}

let nextKey = 0;
/** A key for a new row (React lists), unique within the page. */
function rowKey(): string {
  nextKey += 1;
  return `row-${nextKey}`;
}

export function newCondition(field: RuleField = 'subject', kind: RuleKind = 'triggers'): ConditionRow {
  return { key: rowKey(), field, op: opsFor(field, kind)[0]!, value: '' };
}

export function newAction(type: RuleActionType = 'add_tag'): ActionRow {
  return { key: rowKey(), type, value: '' };
}

/**
 * A new rule's form. A trigger starts as "Subject contains … → Add tag …"; an automation as
 * the usual shape of one, "Status is … and Hours since updated more than … → Set status …".
 */
export function emptyForm(kind: RuleKind = 'triggers'): RuleForm {
  if (kind === 'automations') {
    return {
      name: '',
      enabled: true,
      all: [newCondition('status', kind), newCondition('hours_since_updated', kind)],
      any: [],
      actions: [newAction('set_status')],
    };
  }
  return { name: '', enabled: true, all: [newCondition()], any: [], actions: [newAction()] };
}

/** Another field: the operator is kept when the field allows it, the value when its kind is kept. */
export function withField(row: ConditionRow, field: RuleField, kind: RuleKind = 'triggers'): ConditionRow {
  const ops = opsFor(field, kind);
  const op = ops.includes(row.op) ? row.op : ops[0]!;
  const sameKind = conditionValueKind(row.field, row.op) === conditionValueKind(field, op);
  return { ...row, field, op, value: sameKind ? row.value : '' };
}

export function withOp(row: ConditionRow, op: RuleOp): ConditionRow {
  return { ...row, op, value: opTakesValue(op) ? row.value : '' };
}

export function withActionType(row: ActionRow, type: RuleActionType): ActionRow {
  return { ...row, type, value: actionValueKind(row.type) === actionValueKind(type) ? row.value : '' };
}

function conditionRow(c: Condition): ConditionRow {
  return { key: rowKey(), field: c.field, op: c.op, value: c.value == null ? '' : String(c.value) };
}

/** A saved rule as the form edits it. */
export function formFromRule(rule: Rule): RuleForm {
  return {
    name: rule.name,
    enabled: rule.enabled,
    all: (rule.conditions.all ?? []).map(conditionRow),
    any: (rule.conditions.any ?? []).map(conditionRow),
    actions: rule.actions.map((a) => ({ key: rowKey(), type: a.type, value: a.value ?? '' })),
  };
}

/** A condition as the API takes it: no value where the operator takes none, hours as a number. */
export function conditionBody(row: ConditionRow): Condition {
  const kind = conditionValueKind(row.field, row.op);
  if (kind === 'none') return { field: row.field, op: row.op };
  const text = row.value.trim();
  if (kind === 'number') {
    const n = Number(text);
    return { field: row.field, op: row.op, value: text !== '' && Number.isFinite(n) ? n : text };
  }
  return { field: row.field, op: row.op, value: text };
}

/** An action as the API takes it: `route` and an empty clearing value send no value. */
export function actionBody(row: ActionRow): RuleAction {
  const kind = actionValueKind(row.type);
  const value = kind === 'note' ? row.value : row.value.trim();
  if (kind === 'none' || (value.trim() === '' && actionValueOptional(row.type))) return { type: row.type };
  return { type: row.type, value };
}

/** `POST /triggers` and `POST /automations` (and what `PATCH` sends): the same body. */
export function ruleBody(form: RuleForm): NewRule {
  return {
    name: form.name.trim(),
    enabled: form.enabled,
    conditions: { all: form.all.map(conditionBody), any: form.any.map(conditionBody) },
    actions: form.actions.map(actionBody),
  };
}

/**
 * `POST /{kind}/dry-run` for the rule as edited: the same for both kinds, without `enabled`
 * (the triggers' dry run takes none; the automations' ignores it).
 */
export function dryRunBody(form: RuleForm): DryRunRequest {
  const { name, conditions, actions } = ruleBody(form);
  return { name, conditions, actions };
}

/**
 * What the form lacks before it is worth sending, keyed like the API's field errors
 * (`name`, `conditions.all[0]`, `actions[1]`): a name, a value where one is needed, hours
 * as a number, at least one action.
 */
export function formProblems(form: RuleForm, ruleKind: RuleKind = 'triggers'): Record<string, string> {
  const out: Record<string, string> = {};
  if (!form.name.trim()) out.name = `Give the ${KIND_WORDS[ruleKind].one} a name`;
  (['all', 'any'] as const).forEach((group) =>
    form[group].forEach((row, i) => {
      const at = `conditions.${group}[${i}]`;
      if (!opsFor(row.field, ruleKind).includes(row.op)) {
        out[at] = `${FIELD_LABELS[row.field]} cannot be “${OP_LABELS[row.op]}” here: automations run on a schedule, with no change`;
        return;
      }
      const kind = conditionValueKind(row.field, row.op);
      if (kind === 'none') return;
      if (!row.value.trim()) out[at] = 'Enter a value';
      else if (kind === 'number' && !(Number(row.value) >= 0)) out[at] = 'Enter a number of hours';
    }),
  );
  if (form.actions.length === 0) out.actions = 'Add at least one action';
  form.actions.forEach((row, i) => {
    const kind = actionValueKind(row.type);
    if (kind !== 'none' && !actionValueOptional(row.type) && !row.value.trim()) out[`actions[${i}]`] = 'Enter a value';
  });
  return out;
}

/**
 * The API's field errors by builder row: `conditions.all[0].value` and `conditions.all[0]`
 * both belong to `conditions.all[0]`, `actions[1].value` to `actions[1]`. Errors of no row
 * (`name`, `conditions`, and an automation's `conditions.all`: no condition its actions make
 * false) keep their field.
 */
export function errorsByRow(errors: readonly FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const m = /^(conditions\.(?:all|any)\[\d+\]|actions\[\d+\])/.exec(e.field);
    const at = m ? m[1]! : e.field;
    out[at] = out[at] ? `${out[at]}; ${e.message}` : e.message;
  }
  return out;
}

/** Moves the item at `from` to `to` (both clamped to the list), returning a new list. */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const out = [...items];
  if (from < 0 || from >= out.length) return out;
  const [item] = out.splice(from, 1);
  out.splice(Math.max(0, Math.min(to, out.length)), 0, item!);
  return out;
}

/** Names for ids in summaries: agents and teams. */
export interface Names {
  agent: (id: string) => string;
  team: (id: string) => string;
}

const plain: Names = { agent: (id) => id, team: (id) => id };

function shownValue(kind: ValueKind, value: string, names: Names): string {
  if (kind === 'agent') return names.agent(value);
  if (kind === 'team') return names.team(value);
  if (kind === 'status') return value === 'on_hold' ? 'on hold' : value;
  return kind === 'text' ? `“${value}”` : value;
}

/** "Subject contains “refund”", "Hours since created more than 4", "Team is set". */
export function describeCondition(c: Condition, names: Names = plain): string {
  const head = `${FIELD_LABELS[c.field]} ${OP_LABELS[c.op]}`;
  const kind = conditionValueKind(c.field, c.op);
  if (kind === 'none' || c.value == null) return head;
  return `${head} ${shownValue(kind, String(c.value), names)}`;
}

/** "Set team Billing", "Add tag “refund”", "Set assignee: nobody", "Route". */
export function describeAction(a: RuleAction, names: Names = plain): string {
  const kind = actionValueKind(a.type);
  if (a.type === 'route') return 'Route';
  if (a.type === 'add_note') return 'Add an internal note';
  if (a.type === 'add_reply') return 'Add a public reply';
  if (a.type === 'set_assignee' && a.value === 'me') return 'Assign to whoever applies it';
  if (a.value == null || a.value === '') {
    return a.type === 'set_assignee' ? 'Unassign' : `Clear the ${a.type === 'set_team' ? 'team' : 'category'}`;
  }
  return `${ACTION_LABELS[a.type]} ${shownValue(kind, a.value, names)}`;
}

/** A dry run's or an audit's changed value as text: null is "none". */
export function changeText(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'none';
  if (Array.isArray(value)) return value.length ? value.join(', ') : 'none';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
