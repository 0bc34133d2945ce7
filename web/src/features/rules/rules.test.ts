import { describe, expect, it } from 'vitest';
import {
  actionBody,
  actionValueKind,
  conditionBody,
  conditionValueKind,
  describeAction,
  describeCondition,
  dryRunBody,
  emptyForm,
  errorsByRow,
  formFromRule,
  formProblems,
  moveItem,
  newAction,
  newCondition,
  KIND_WORDS,
  opsFor,
  opTakesValue,
  ruleBody,
  withActionType,
  withField,
  withOp,
  type RuleForm,
} from '@/features/rules/rules';
import { RULE_FIELDS, type Rule } from '@/types/api';

describe('which operators a field allows', () => {
  it('follows the API: text fields contain, hours compare, people and teams may be set or changed', () => {
    expect(opsFor('subject')).toEqual(['contains', 'not_contains']);
    expect(opsFor('tags')).toEqual(['contains', 'not_contains']);
    expect(opsFor('hours_since_created')).toEqual(['gt', 'lt']);
    expect(opsFor('channel')).toEqual(['is', 'is_not']);
    expect(opsFor('customer_email_domain')).toEqual(['is', 'is_not']);
    expect(opsFor('status')).toEqual(['is', 'is_not', 'changed', 'changed_from', 'changed_to']);
    expect(opsFor('team')).toEqual(['is', 'is_not', 'is_set', 'not_set', 'changed', 'changed_from', 'changed_to']);
    expect(opsFor('status')).not.toContain('is_set');
  });

  it('gives every field at least one operator', () => {
    for (const f of RULE_FIELDS) expect(opsFor(f).length).toBeGreaterThan(0);
  });

  it('takes no value for is_set, not_set and changed', () => {
    expect(opTakesValue('is_set')).toBe(false);
    expect(opTakesValue('not_set')).toBe(false);
    expect(opTakesValue('changed')).toBe(false);
    expect(opTakesValue('changed_to')).toBe(true);
  });

  it('picks the input each value needs', () => {
    expect(conditionValueKind('status', 'is')).toBe('status');
    expect(conditionValueKind('assignee', 'is')).toBe('agent');
    expect(conditionValueKind('team', 'changed_from')).toBe('team');
    expect(conditionValueKind('team', 'is_set')).toBe('none');
    expect(conditionValueKind('hours_since_updated', 'gt')).toBe('number');
    expect(conditionValueKind('customer_email_domain', 'is')).toBe('text');
    expect(actionValueKind('set_assignee')).toBe('agent');
    expect(actionValueKind('add_note')).toBe('note');
    expect(actionValueKind('route')).toBe('none');
    expect(actionValueKind('remove_tag')).toBe('text');
  });
});

describe('editing a row', () => {
  it('resets the operator when the new field does not allow it, and a value of another kind', () => {
    const row = { ...newCondition('subject'), value: 'refund' };
    const team = withField(row, 'team');
    expect(team.op).toBe('is');
    expect(team.value).toBe('');
    // Text to text keeps the value and the operator.
    expect(withField(row, 'description')).toMatchObject({ op: 'contains', value: 'refund' });
  });

  it('drops the value when the operator takes none', () => {
    const row = { ...newCondition('team'), value: 'billing' };
    expect(withOp(row, 'is_set').value).toBe('');
    expect(withOp(row, 'changed_to').value).toBe('billing');
  });

  it('keeps an action value only for the same kind of input', () => {
    const tag = { ...newAction('add_tag'), value: 'refund' };
    expect(withActionType(tag, 'remove_tag').value).toBe('refund');
    expect(withActionType(tag, 'set_team').value).toBe('');
  });
});

describe('the request body', () => {
  it('sends hours as numbers, trims text and leaves out values an operator does not take', () => {
    expect(conditionBody({ key: 'k', field: 'hours_since_created', op: 'gt', value: ' 4 ' })).toEqual({
      field: 'hours_since_created',
      op: 'gt',
      value: 4,
    });
    expect(conditionBody({ key: 'k', field: 'subject', op: 'contains', value: ' refund ' })).toEqual({
      field: 'subject',
      op: 'contains',
      value: 'refund',
    });
    expect(conditionBody({ key: 'k', field: 'team', op: 'not_set', value: 'stale' })).toEqual({ field: 'team', op: 'not_set' });
  });

  it('sends no value for route, nor for an empty set_team (which clears it)', () => {
    expect(actionBody({ key: 'k', type: 'route', value: 'x' })).toEqual({ type: 'route' });
    expect(actionBody({ key: 'k', type: 'set_team', value: '' })).toEqual({ type: 'set_team' });
    expect(actionBody({ key: 'k', type: 'set_team', value: 'billing' })).toEqual({ type: 'set_team', value: 'billing' });
    expect(actionBody({ key: 'k', type: 'add_note', value: 'Line 1\n' })).toEqual({ type: 'add_note', value: 'Line 1\n' });
  });

  it('builds POST /triggers from the form', () => {
    const form: RuleForm = {
      name: ' Refunds ',
      enabled: true,
      all: [{ key: 'a', field: 'subject', op: 'contains', value: 'refund' }],
      any: [],
      actions: [
        { key: 'b', type: 'set_team', value: 'billing' },
        { key: 'c', type: 'set_priority', value: 'high' },
        { key: 'd', type: 'add_tag', value: 'refund' },
      ],
    };
    expect(ruleBody(form)).toEqual({
      name: 'Refunds',
      enabled: true,
      conditions: { all: [{ field: 'subject', op: 'contains', value: 'refund' }], any: [] },
      actions: [
        { type: 'set_team', value: 'billing' },
        { type: 'set_priority', value: 'high' },
        { type: 'add_tag', value: 'refund' },
      ],
    });
  });

  it('dry-runs the rule as edited, without enabled (the dry run takes none)', () => {
    const form = { ...emptyForm(), name: 'Try', enabled: false };
    form.all[0]!.value = 'refund';
    form.actions[0]!.value = 'refund';
    expect(dryRunBody(form)).toEqual({
      name: 'Try',
      conditions: { all: [{ field: 'subject', op: 'contains', value: 'refund' }], any: [] },
      actions: [{ type: 'add_tag', value: 'refund' }],
    });
  });

  it('round-trips a saved rule through the form', () => {
    const rule: Rule = {
      id: 'r1',
      name: 'Old tickets',
      enabled: false,
      conditions: {
        all: [{ field: 'hours_since_updated', op: 'gt', value: 48 }],
        any: [
          { field: 'team', op: 'is_set' },
          { field: 'status', op: 'is', value: 'pending' },
        ],
      },
      actions: [{ type: 'route' }, { type: 'set_assignee' }],
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
      version: 3,
    };
    const form = formFromRule(rule);
    expect(form.all[0]!.value).toBe('48');
    expect(ruleBody(form)).toEqual({
      name: 'Old tickets',
      enabled: false,
      conditions: rule.conditions,
      actions: rule.actions,
    });
  });
});

describe('problems and errors', () => {
  it('asks for a name, values and at least one action', () => {
    const form = emptyForm();
    form.actions = [];
    expect(formProblems(form)).toEqual({
      name: 'Give the trigger a name',
      'conditions.all[0]': 'Enter a value',
      actions: 'Add at least one action',
    });
    form.name = 'x';
    form.all = [{ key: 'h', field: 'hours_since_created', op: 'lt', value: 'soon' }];
    form.actions = [{ key: 'r', type: 'route', value: '' }, { key: 's', type: 'set_category', value: '' }];
    expect(formProblems(form)).toEqual({ 'conditions.all[0]': 'Enter a number of hours' });
  });

  it("puts the API's field errors on their rows", () => {
    expect(
      errorsByRow([
        { field: 'conditions.all[0]', message: 'status takes no contains' },
        { field: 'conditions.any[1].value', message: 'not a status' },
        { field: 'actions[1].value', message: 'no such team' },
        { field: 'actions[1]', message: 'and more' },
        { field: 'name', message: 'too long' },
      ]),
    ).toEqual({
      'conditions.all[0]': 'status takes no contains',
      'conditions.any[1]': 'not a status',
      'actions[1]': 'no such team; and more',
      name: 'too long',
    });
  });
});

describe('moving and describing', () => {
  it('moves an item up, down and to the ends, within the list', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 2)).toEqual(['b', 'c', 'a']);
    expect(moveItem(['a', 'b', 'c'], 1, 9)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 5, 0)).toEqual(['a', 'b', 'c']);
  });

  it('says what a condition and an action do, with names for ids', () => {
    const names = { agent: (id: string) => (id === 'acme-agent1' ? 'Alex Agent' : id), team: () => 'Billing' };
    expect(describeCondition({ field: 'subject', op: 'contains', value: 'refund' })).toBe('Subject contains “refund”');
    expect(describeCondition({ field: 'team', op: 'is_set' })).toBe('Team is set');
    expect(describeCondition({ field: 'assignee', op: 'is', value: 'acme-agent1' }, names)).toBe('Assignee is Alex Agent');
    expect(describeCondition({ field: 'hours_since_created', op: 'gt', value: 4 })).toBe('Hours since created more than 4');
    expect(describeAction({ type: 'set_team', value: 'billing' }, names)).toBe('Set team Billing');
    expect(describeAction({ type: 'set_assignee' })).toBe('Unassign');
    expect(describeAction({ type: 'route' })).toBe('Route');
    expect(describeAction({ type: 'set_status', value: 'on_hold' })).toBe('Set status on hold');
  });
});

describe('automations (issue #16)', () => {
  it('offer no changed operators: a scheduled run has no change', () => {
    expect(opsFor('status', 'automations')).toEqual(['is', 'is_not']);
    expect(opsFor('priority', 'automations')).toEqual(['is', 'is_not']);
    expect(opsFor('team', 'automations')).toEqual(['is', 'is_not', 'is_set', 'not_set']);
    expect(opsFor('assignee', 'automations')).toEqual(['is', 'is_not', 'is_set', 'not_set']);
    expect(opsFor('tags', 'automations')).toEqual(['contains', 'not_contains']);
    expect(opsFor('hours_since_updated', 'automations')).toEqual(['gt', 'lt']);
    for (const f of RULE_FIELDS) {
      expect(opsFor(f, 'automations').length).toBeGreaterThan(0);
      expect(opsFor(f, 'automations')).not.toContain('changed');
      expect(opsFor(f, 'automations')).not.toContain('changed_from');
      expect(opsFor(f, 'automations')).not.toContain('changed_to');
      // Triggers keep them all.
      expect(opsFor(f, 'triggers')).toEqual(opsFor(f));
    }
    expect(opsFor('status', 'triggers')).toContain('changed_to');
  });

  it('never pick a changed operator for a new row or another field', () => {
    expect(newCondition('status', 'automations').op).toBe('is');
    const row = { ...newCondition('hours_since_updated', 'automations'), value: '72' };
    expect(withField(row, 'team', 'automations').op).toBe('is');
    expect(withField({ ...row, field: 'team', op: 'is_set' }, 'status', 'automations').op).toBe('is');
  });

  it('start a new automation as "status is … and hours since updated more than … → set status …"', () => {
    const form = emptyForm('automations');
    expect(form.all.map((r) => [r.field, r.op])).toEqual([
      ['status', 'is'],
      ['hours_since_updated', 'gt'],
    ]);
    expect(form.any).toEqual([]);
    expect(form.actions.map((a) => a.type)).toEqual(['set_status']);
    // A new trigger starts as before.
    expect(emptyForm('triggers').all.map((r) => [r.field, r.op])).toEqual([['subject', 'contains']]);
    expect(emptyForm().actions.map((a) => a.type)).toEqual(['add_tag']);
  });

  it('build POST /automations and its dry run like the triggers', () => {
    const form = emptyForm('automations');
    form.name = ' Close resolved ';
    form.all[0]!.value = 'resolved';
    form.all[1]!.value = '96';
    form.actions[0]!.value = 'closed';
    const conditions = {
      all: [
        { field: 'status', op: 'is', value: 'resolved' },
        { field: 'hours_since_updated', op: 'gt', value: 96 },
      ],
      any: [],
    };
    const actions = [{ type: 'set_status', value: 'closed' }];
    expect(formProblems(form, 'automations')).toEqual({});
    expect(ruleBody(form)).toEqual({ name: 'Close resolved', enabled: true, conditions, actions });
    expect(dryRunBody(form)).toEqual({ name: 'Close resolved', conditions, actions });
  });

  it('name the kind in what they ask for, and refuse a changed condition from elsewhere', () => {
    const form = emptyForm('automations');
    form.all = [{ key: 'c', field: 'status', op: 'changed_to', value: 'pending' }];
    form.actions = [{ key: 'a', type: 'add_note', value: 'hi' }];
    const problems = formProblems(form, 'automations');
    expect(problems.name).toBe('Give the automation a name');
    expect(problems['conditions.all[0]']).toMatch(/schedule/);
    // The same rule is a fine trigger.
    expect(formProblems({ ...form, name: 'x' }, 'triggers')).toEqual({});
    expect(KIND_WORDS.automations).toEqual({ one: 'automation', One: 'Automation', many: 'automations', Many: 'Automations' });
  });

  it("keep the API's \"no condition its actions make false\" on the whole \"all\" list", () => {
    expect(errorsByRow([{ field: 'conditions.all', message: 'needs a condition its own actions make false' }])).toEqual({
      'conditions.all': 'needs a condition its own actions make false',
    });
  });
});
