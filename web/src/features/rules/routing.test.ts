import { describe, expect, it } from 'vitest';
import { duplicateSkillRows, etagVersion, newSkillRow, routingBody, routingToForm } from '@/features/rules/routing';
import type { Routing, Team } from '@/types/api';

const teams: Team[] = [
  { id: 'billing', org_id: '10001', name: 'Billing', members: [], version: 1 },
  { id: 'support', org_id: '10001', name: 'Support', members: [], version: 1 },
];

const seed: Routing = {
  default: { mode: 'round_robin', match_skills: false, capacity: 10 },
  teams: { billing: { mode: 'load_balanced', match_skills: false, capacity: 5 } },
};

describe('the routing form', () => {
  it('has a row per team: own policies as saved, the others following the default', () => {
    const form = routingToForm(seed, teams);
    expect(form.default).toEqual({ mode: 'round_robin', match_skills: false, capacity: 10 });
    expect(form.teams).toEqual([
      { team_id: 'billing', own: true, mode: 'load_balanced', match_skills: false, capacity: 5 },
      { team_id: 'support', own: false, mode: 'round_robin', match_skills: false, capacity: 10 },
    ]);
    expect(form.skills).toEqual([]);
  });

  it('keeps a policy of a team that is gone, so saving does not drop it unseen', () => {
    const form = routingToForm({ ...seed, teams: { ...seed.teams, old: { mode: 'manual' } } }, teams);
    expect(form.teams.map((t) => t.team_id)).toEqual(['billing', 'support', 'old']);
  });

  it('round-trips the settings, leaving out teams that follow the default and empty maps', () => {
    expect(routingBody(routingToForm(seed, teams))).toEqual(seed);
    const none = routingBody(routingToForm({ default: { mode: 'manual' } }, teams));
    expect(none).toEqual({ default: { mode: 'manual', match_skills: false } });
    expect(none).not.toHaveProperty('teams');
    expect(none).not.toHaveProperty('skills');
  });

  it('sends an empty capacity as no limit, and trimmed skills of named rows only', () => {
    const form = routingToForm(seed, teams);
    form.default.capacity = '';
    form.skills = [newSkillRow(' refund ', [' billing ', '']), newSkillRow('  ', ['x'])];
    expect(routingBody(form)).toEqual({
      default: { mode: 'round_robin', match_skills: false },
      teams: seed.teams,
      skills: { refund: ['billing'] },
    });
  });

  it('finds repeated categories or tags', () => {
    const rows = [newSkillRow('refund'), newSkillRow('vip'), newSkillRow(' refund')];
    expect([...duplicateSkillRows(rows)]).toEqual([rows[2]!.key]);
  });

  it('reads the version from the ETag', () => {
    expect(etagVersion('"3"')).toBe('3');
    expect(etagVersion('W/"12"')).toBe('12');
    expect(etagVersion(null)).toBeUndefined();
  });
});
