/**
 * Routing settings, the pure part: the form's state (the default policy, which teams have
 * their own, the skills each category or tag needs) and the `PUT /routing` body built from it.
 */
import type { Routing, RoutingMode, RoutingPolicy, Team } from '@/types/api';

export const MODE_LABELS: Record<RoutingMode, string> = {
  manual: 'Manual (nobody is assigned)',
  round_robin: 'Round robin',
  load_balanced: 'Load balanced (fewest open tickets)',
};

/** A policy while edited: an empty capacity is no limit. */
export interface PolicyForm {
  mode: RoutingMode;
  capacity: number | '';
  match_skills: boolean;
}

/** A team's row: `own` false follows the default policy (the team is left out of `teams`). */
export interface TeamPolicyForm extends PolicyForm {
  team_id: string;
  own: boolean;
}

export interface SkillRow {
  key: string;
  /** A category or a tag. */
  name: string;
  skills: string[];
}

export interface RoutingForm {
  default: PolicyForm;
  teams: TeamPolicyForm[];
  skills: SkillRow[];
}

const DEFAULT_POLICY: PolicyForm = { mode: 'manual', capacity: '', match_skills: false };

function policyForm(p: RoutingPolicy | undefined): PolicyForm {
  if (!p) return { ...DEFAULT_POLICY };
  return { mode: p.mode, capacity: p.capacity ?? '', match_skills: p.match_skills ?? false };
}

let nextKey = 0;
export function newSkillRow(name = '', skills: string[] = []): SkillRow {
  nextKey += 1;
  return { key: `skill-${nextKey}`, name, skills };
}

/**
 * The settings as the form edits them: one row per team the org has (and per team the
 * settings name that no longer exists, so nothing is dropped unseen), in the teams' order.
 */
export function routingToForm(routing: Routing, teams: readonly Team[]): RoutingForm {
  const own = routing.teams ?? {};
  const ids = [...teams.map((t) => t.id), ...Object.keys(own).filter((id) => !teams.some((t) => t.id === id))];
  const def = policyForm(routing.default);
  return {
    default: def,
    teams: ids.map((team_id) => ({ team_id, own: team_id in own, ...(own[team_id] ? policyForm(own[team_id]) : { ...def }) })),
    skills: Object.entries(routing.skills ?? {}).map(([name, skills]) => newSkillRow(name, skills)),
  };
}

function policyBody(p: PolicyForm): RoutingPolicy {
  const body: RoutingPolicy = { mode: p.mode, match_skills: p.match_skills };
  if (p.capacity !== '') body.capacity = p.capacity;
  return body;
}

/**
 * `PUT /routing`: teams that follow the default and skill rows without a name are left out,
 * and so are empty maps; names and skills are trimmed, empty skills dropped.
 */
export function routingBody(form: RoutingForm): Routing {
  const body: Routing = { default: policyBody(form.default) };
  const teams = Object.fromEntries(form.teams.filter((t) => t.own).map((t) => [t.team_id, policyBody(t)]));
  if (Object.keys(teams).length > 0) body.teams = teams;
  const skills = Object.fromEntries(
    form.skills
      .filter((r) => r.name.trim() !== '')
      .map((r) => [r.name.trim(), r.skills.map((s) => s.trim()).filter(Boolean)] as const),
  );
  if (Object.keys(skills).length > 0) body.skills = skills;
  return body;
}

/** Skill rows that repeat a category or tag, by key: the second one and after. */
export function duplicateSkillRows(rows: readonly SkillRow[]): Set<string> {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const r of rows) {
    const name = r.name.trim();
    if (!name) continue;
    if (seen.has(name)) dup.add(r.key);
    seen.add(name);
  }
  return dup;
}

/** The entity tag's version: `"3"` and `W/"3"` are 3. */
export function etagVersion(etag: string | null): string | undefined {
  const m = etag ? /^(?:W\/)?"?([0-9]+)"?$/.exec(etag.trim()) : null;
  return m ? m[1] : undefined;
}
