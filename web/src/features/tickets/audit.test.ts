import { describe, expect, it } from 'vitest';
import { auditActionLabel, autoAssignment, isAutomationEntry, isRulesEntry } from '@/features/tickets/audit';
import type { AuditEntry } from '@/types/api';

const entry = (id: string, action: string, changes: AuditEntry['changes'], reason?: string): AuditEntry => ({
  id,
  ticket_id: 't-1',
  at: '2026-12-04T01:50:38Z',
  actor: action === 'rules' ? 'system' : 'acme-admin',
  actor_role: 'admin',
  action,
  changes,
  reason,
});

const created = entry('1', 'create', []);
const routed = entry(
  '2',
  'rules',
  [
    { field: 'assignee_id', from: null, to: 'acme-agent1' },
    { field: 'team_id', from: null, to: 'billing' },
  ],
  'trigger Invoices go to Billing; load balanced, team Billing',
);

describe('auto-assignment from the audit trail', () => {
  it('is the rules entry that gave the ticket its assignee', () => {
    expect(autoAssignment([created, routed], 'acme-agent1')).toBe(routed);
  });

  it('is nothing once a person assigned it since, or when nobody is assigned', () => {
    const byHand = entry('3', 'assign', [{ field: 'assignee_id', from: 'acme-agent1', to: 'acme-agent2' }]);
    expect(autoAssignment([created, routed, byHand], 'acme-agent2')).toBeNull();
    expect(autoAssignment([created, routed], null)).toBeNull();
  });

  it('looks past later entries that did not touch the assignee', () => {
    const edit = entry('4', 'edit', [{ field: 'priority', from: 'normal', to: 'high' }]);
    expect(autoAssignment([created, routed, edit], 'acme-agent1')).toBe(routed);
  });

  it('names the actions', () => {
    expect(auditActionLabel('rules')).toBe('applied triggers and routing');
    expect(auditActionLabel('merged-in')).toBe('merged-in');
    expect(auditActionLabel('set_status')).toBe('set status');
  });

  it("shows the hourly automations' entries as automatic too, and names them", () => {
    const closed = entry('5', 'rules', [{ field: 'status', from: 'resolved', to: 'closed' }], 'automation Close resolved');
    expect(isRulesEntry(closed)).toBe(true);
    expect(isAutomationEntry(closed)).toBe(true);
    expect(isAutomationEntry(routed)).toBe(false);
    expect(auditActionLabel(closed.action, closed.reason)).toBe('applied automations');
    expect(auditActionLabel(routed.action, routed.reason)).toBe('applied triggers and routing');
    // An automation that routes: its assignee is automatic.
    const assigned = entry('6', 'rules', [{ field: 'assignee_id', from: null, to: 'acme-agent2' }], 'automation Escalate; round robin');
    expect(autoAssignment([created, assigned], 'acme-agent2')).toBe(assigned);
  });
});
