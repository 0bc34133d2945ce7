/**
 * Default MSW handlers: an in-memory version of the API contract (docs/openapi.json, docs/api.md).
 * Each API route is declared with `route()`, which takes the route as the API document names it
 * and types the request body and the answer with its generated schemas, so the mocks cannot
 * drift from the contract. Tests override single routes with `server.use(...)` to script errors.
 */
import { http, HttpResponse, type HttpResponseResolver, type PathParams } from 'msw';
import {
  agents,
  customer,
  defaultMailTemplates,
  mailVariables,
  seedMailOverrides,
  seedNotifications,
  seedQuarantine,
  seedTickets,
  users,
} from '@/testing/mocks/db';
import {
  FILES_ORIGIN,
  attachTo,
  bytesOf,
  createUpload,
  declaredProblem,
  downloadOf,
  filesFor,
  receiveBytes,
  resetUploadsDb,
} from '@/testing/mocks/uploads';
import {
  MAIL_KINDS,
  isStaffRole,
  type Agent,
  type AgentsReport,
  type ApiRoute,
  type BusinessHours,
  type DeflectionDay,
  type FieldError,
  type Interaction,
  type KnowledgeBaseReport,
  type MailTemplatesView,
  type Problem,
  type ReportDay,
  type ReportOverview,
  type RouteMethod,
  type RouteRequest,
  type RouteResponse,
  type SlaPolicy,
  type SlaPriorityReport,
  type SlaReport,
  type Team,
  type Ticket,
  type TicketCounts,
} from '@/types/api';

export const API = '*/api/v1';

/**
 * An MSW handler for `method path` of the API document (`/api/v1/tickets/{id}`): `request.json()`
 * is the route's request schema and the resolver must answer its success schema or a problem.
 */
export function route<P extends ApiRoute, M extends RouteMethod<P> & ('get' | 'post' | 'put' | 'patch')>(
  method: M,
  path: P,
  resolver: HttpResponseResolver<PathParams, RouteRequest<P, M>, RouteResponse<P, M> | Problem>,
) {
  return http[method](`*${path.replace(/\{(\w+)\}/g, ':$1')}`, resolver);
}

/** What a `PATCH` changes: the fields sent, as the API reads them (null is "unchanged"). */
function sent<T extends object>(patch: T): { [K in keyof T]?: NonNullable<T[K]> } {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== null && v !== undefined)) as {
    [K in keyof T]?: NonNullable<T[K]>;
  };
}

function seedTeams(): Team[] {
  return [{ id: 'support', org_id: '10001', name: 'Support', members: ['acme-agent1'], version: 1 }];
}

function seedPolicies(): SlaPolicy[] {
  return [
    {
      priority: 'urgent',
      first_response_minutes: 30,
      next_response_minutes: 60,
      resolution_minutes: 240,
      business_hours: false,
      warn_at_percent: 75,
      pause_on: ['pending', 'on_hold'],
      escalation: { raise_priority: false },
    },
  ];
}

function seedHours(): BusinessHours {
  const day = [{ start: '09:00', end: '17:00' }];
  return {
    time_zone: 'Europe/Berlin',
    week: { monday: day, tuesday: day, wednesday: day, thursday: day, friday: day },
    holidays: ['2026-12-25'],
  };
}

export const db = {
  tickets: seedTickets(),
  notifications: seedNotifications(),
  agents: [...agents],
  teams: seedTeams(),
  policies: seedPolicies(),
  hours: seedHours(),
  mailOverrides: seedMailOverrides(),
  quarantine: seedQuarantine(),
};

export function resetDb(): void {
  db.tickets = seedTickets();
  db.notifications = seedNotifications();
  db.agents = [...agents];
  db.teams = seedTeams();
  db.policies = seedPolicies();
  db.hours = seedHours();
  db.mailOverrides = seedMailOverrides();
  db.quarantine = seedQuarantine();
  resetUploadsDb();
}

/** The days from `from` to `to`, both included. */
function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
    days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

/** A deterministic report: day i has i+1 created, i resolved, a reopen every fourth day. */
function overview(from: string, to: string): ReportOverview {
  const days: ReportDay[] = daysOf(from, to).map((day, i) => ({
    day,
    tickets_created: i + 1,
    tickets_resolved: i,
    tickets_reopened: i % 4 === 1 ? 1 : 0,
    replies_sent: 2 * i,
    sla_breached: i % 3 === 0 ? 1 : 0,
    backlog: 10 + i,
  }));
  const sum = (k: keyof Omit<ReportDay, 'day'>) => days.reduce((n, d) => n + d[k], 0);
  return {
    from,
    to,
    time_zone: 'Europe/Berlin',
    days,
    totals: {
      tickets_created: sum('tickets_created'),
      tickets_resolved: sum('tickets_resolved'),
      tickets_reopened: sum('tickets_reopened'),
      replies_sent: sum('replies_sent'),
      sla_breached: sum('sla_breached'),
      backlog: days.at(-1)?.backlog ?? 0,
    },
    first_response_minutes: { count: 5, median: 30, p90: 120 },
    resolution_minutes: { count: 1, median: 1440, p90: 1440 },
  };
}

/** A deterministic SLA report: breaches on the first and every fifth day. */
function slaReport(from: string, to: string): SlaReport {
  const days = daysOf(from, to).map((day, i) => ({
    day,
    first_response_breached: i % 5 === 0 ? 1 : 0,
    next_response_breached: 0,
    resolution_breached: i === 0 ? 2 : 0,
  }));
  const priorities: SlaPriorityReport[] = [
    { priority: 'urgent', tickets_solved: 2, first_response: { achieved: 1, breached: 1 }, resolution: { achieved: 2, breached: 0 } },
    { priority: 'high', tickets_solved: 2, first_response: { achieved: 2, breached: 0 }, resolution: { achieved: 2, breached: 0 } },
    { priority: 'normal', tickets_solved: 0, first_response: { achieved: 0, breached: 0 }, resolution: { achieved: 0, breached: 0 } },
    { priority: 'low', tickets_solved: 0, first_response: { achieved: 0, breached: 0 }, resolution: { achieved: 0, breached: 0 } },
  ];
  return {
    from,
    to,
    time_zone: 'Europe/Berlin',
    days,
    priorities,
    totals: { tickets_solved: 4, first_response: { achieved: 3, breached: 1 }, resolution: { achieved: 4, breached: 0 }, achieved_percent: 87.5 },
  };
}

/** Two agents by name; Bob has measured nothing yet (null medians). */
function agentsReport(from: string, to: string): AgentsReport {
  return {
    from,
    to,
    time_zone: 'Europe/Berlin',
    agents: [
      {
        agent_id: 'acme-agent1',
        name: 'Alice Agent',
        tickets_resolved: 2,
        replies_sent: 5,
        sla_breached: 1,
        first_response_minutes: { count: 2, median: 15, p90: 30 },
        resolution_minutes: { count: 2, median: 240, p90: 480 },
      },
      {
        agent_id: 'acme-agent2',
        name: 'Bob Agent',
        tickets_resolved: 0,
        replies_sent: 0,
        sla_breached: 0,
        first_response_minutes: { count: 0, median: null, p90: null },
        resolution_minutes: { count: 0, median: null, p90: null },
      },
    ],
  };
}

/**
 * A deterministic self-service report: forms with suggestions on the first day (4: 3 deflected,
 * 1 submitted) and the third (3: 1 and 2), none on the others; two searches without results,
 * one of them looking like markup.
 */
function knowledgeBaseReport(from: string, to: string): KnowledgeBaseReport {
  const forms: Record<number, [number, number]> = { 0: [3, 1], 2: [1, 2] };
  const rate = (suggested: number, abandoned: number) => (suggested > 0 ? abandoned / suggested : null);
  const days: DeflectionDay[] = daysOf(from, to).map((day, i) => {
    const [abandoned, submitted] = forms[i] ?? [0, 0];
    const suggested = abandoned + submitted;
    return { day, suggested, abandoned, submitted, deflection_rate: rate(suggested, abandoned) };
  });
  const sum = (k: 'suggested' | 'abandoned' | 'submitted') => days.reduce((n, d) => n + d[k], 0);
  return {
    from,
    to,
    time_zone: 'Europe/Berlin',
    days,
    totals: {
      suggested: sum('suggested'),
      abandoned: sum('abandoned'),
      submitted: sum('submitted'),
      deflection_rate: rate(sum('suggested'), sum('abandoned')),
    },
    unanswered_searches: [
      { query: 'warranty extension', searches: 3 },
      { query: '<b>refund</b> policy', searches: 1 },
    ],
  };
}

/** The signed-in user, from the `token-for-<id>` bearer token the tests use. */
export function caller(request: Request) {
  const id = request.headers.get('authorization')?.replace(/^Bearer token-for-/, '');
  return Object.values(users).find((u) => u.id === id);
}

const UNSOLVED = ['new', 'open', 'pending', 'on_hold'];

/** What `GET /ticket-counts` answers for the seed, counted like the views. */
function ticketCounts(me: string): TicketCounts {
  const n = (p: (t: Ticket) => boolean) => db.tickets.filter(p).length;
  return {
    all: db.tickets.length,
    mine: n((t) => t.assignee_id === me && UNSOLVED.includes(t.status)),
    unassigned: n((t) => !t.assignee_id && UNSOLVED.includes(t.status)),
    open: n((t) => t.status === 'new' || t.status === 'open'),
    pending: n((t) => t.status === 'pending'),
    resolved: n((t) => t.status === 'resolved'),
  };
}

/** A running (unpaused, unmet, due) clock: what `view=breaching` lists. */
function hasRunningClock(t: Ticket): boolean {
  const clocks = [t.sla?.first_response, t.sla?.next_response, t.sla?.resolution];
  return clocks.some((c) => c && !c.paused && !c.met_at && c.due_at);
}

/** What `GET`/`PUT /mail-templates` answer: the overrides, else the defaults. */
function mailView(): MailTemplatesView {
  const templates = Object.fromEntries(
    MAIL_KINDS.map((k) => [k, { html: null, ...(db.mailOverrides[k] ?? defaultMailTemplates[k]) }]),
  ) as MailTemplatesView['templates'];
  return { templates, customized: MAIL_KINDS.filter((k) => db.mailOverrides[k]), variables: mailVariables };
}

/** A little of what the API checks when it renders a template with sample values. */
function templateError(source: string, known: readonly string[]): string | undefined {
  if (source.split('{{').length !== source.split('}}').length) return 'syntax error: unexpected end of input';
  const used = [...source.matchAll(/\{\{-?\s*([A-Za-z_]\w*)|\{%-?\s*(?:if|elif)\s+(?:not\s+)?([A-Za-z_]\w*)/g)];
  const unknown = used.map((m) => m[1] ?? m[2]!).find((name) => !known.includes(name));
  return unknown ? `undefined value: \`${unknown}\` is not a variable of this mail` : undefined;
}

export function problem(status: number, title: string, extra: Partial<Problem> = {}) {
  return HttpResponse.json<Problem>(
    { type: 'about:blank', title, status, ...extra },
    { status, headers: { 'content-type': 'application/problem+json' } },
  );
}

/** The API's 400 for field errors. */
export function invalid(errors: FieldError[]) {
  return problem(400, 'Invalid input', { type: 'about:blank#validation', detail: 'one or more fields are invalid', errors });
}

/** The API's 422: the request is well formed but breaks a rule (a refused file, say). */
export function unprocessable(errors: FieldError[]) {
  return problem(422, 'Unprocessable content', {
    type: 'about:blank#unprocessable',
    detail: 'the request is well formed but breaks a rule',
    errors,
  });
}

/** Like the API's `deny_unknown_fields`: a body field outside `allowed` is a 400. */
function unknownField(body: object, allowed: readonly string[]) {
  const extra = Object.keys(body).find((k) => !allowed.includes(k));
  return extra ? problem(400, 'Bad request', { detail: `unknown field \`${extra}\`` }) : null;
}

function withoutThread({ thread: _thread, ...rest }: Ticket): Ticket {
  return rest;
}

function find(id: string | readonly string[] | undefined): Ticket | undefined {
  return db.tickets.find((t) => t.id === id || t.number === id);
}

export const handlers = [
  http.post('*/local/login', async ({ request }) => {
    const { email } = (await request.json()) as { email: string };
    const user = Object.values(users).find((u) => u.email === email);
    if (!user) return problem(401, 'Unauthorized', { detail: 'no such local user; see the logins printed at start-up' });
    return HttpResponse.json({ token: `token-for-${user.id}`, user });
  }),

  route('get', '/api/v1/tickets', ({ request }) => {
    const q = new URL(request.url).searchParams;
    const view = q.get('view');
    const assignee = q.get('assignee');
    const team = q.get('team');
    const items = (view === 'breaching' ? db.tickets.filter(hasRunningClock) : db.tickets)
      // Like the API: `assignee` applies to the "all" view only, `team` to every view.
      .filter((t) => view !== 'all' || !assignee || (t.assignee_id ?? null) === (assignee === 'none' ? null : assignee))
      .filter((t) => !team || t.team_id === team);
    return HttpResponse.json({ items: items.map(withoutThread), next_cursor: null });
  }),

  route('get', '/api/v1/ticket-counts', ({ request }) => {
    const user = caller(request);
    if (!user) return problem(401, 'Unauthorized');
    if (user.role === 'customer') return problem(403, 'Forbidden', { detail: 'staff only' });
    return HttpResponse.json(ticketCounts(user.id));
  }),

  route('get', '/api/v1/tickets/{id}', ({ params }) => {
    const t = find(params.id);
    if (!t) return problem(404, 'Not found');
    return HttpResponse.json(t, { headers: { etag: `"${t.version}"` } });
  }),

  route('post', '/api/v1/tickets', async ({ request }) => {
    const body = await request.json();
    const user = caller(request);
    const files = filesFor(body.attachment_ids, user, null);
    if (!Array.isArray(files)) return unprocessable([files]);
    const id = `t-${db.tickets.length + 1}`;
    const first: Interaction = {
      id: `m-${Math.random().toString(36).slice(2)}`,
      ticket_id: id,
      author: { kind: user?.role === 'customer' ? 'customer' : 'agent', id: user?.id },
      body: body.description,
      internal: false,
      channel: 'web',
      created_at: new Date().toISOString(),
      ...(files.length > 0 ? { attachments: files } : {}),
    };
    attachTo(files, first);
    const t: Ticket = {
      ...seedTickets()[1]!,
      id,
      number: `TKT-00000${db.tickets.length + 1}`,
      subject: body.subject,
      status: 'new',
      version: 1,
      thread: [first],
    };
    db.tickets.push(t);
    return HttpResponse.json(t, { status: 201, headers: { etag: '"1"' } });
  }),

  route('put', '/api/v1/tickets/{id}/status', async ({ request, params }) => {
    const t = find(params.id);
    if (!t) return problem(404, 'Not found');
    if (request.headers.get('if-match') !== `"${t.version}"`) return problem(412, 'Precondition Failed');
    const { status } = await request.json();
    Object.assign(t, { status, version: t.version + 1 });
    return HttpResponse.json(withoutThread(t));
  }),

  route('post', '/api/v1/tickets/{id}/interactions', async ({ request, params }) => {
    const t = find(params.id);
    if (!t) return problem(404, 'Not found');
    const body = await request.json();
    const files = filesFor(body.attachment_ids, caller(request), t.id);
    if (!Array.isArray(files)) return unprocessable([files]);
    const i: Interaction = {
      id: `m-${Math.random().toString(36).slice(2)}`,
      ticket_id: t.id,
      author: { kind: 'agent', id: 'acme-agent1' },
      body: body.body,
      internal: !!body.internal,
      channel: 'web',
      created_at: new Date().toISOString(),
      ...(files.length > 0 ? { attachments: files } : {}),
    };
    attachTo(files, i);
    t.thread = [...(t.thread ?? []), i];
    t.version += 1;
    return HttpResponse.json({ interaction: i, ticket: t }, { status: 201 });
  }),

  // Like the API: each id on its own (404, 412 on a stale version, 409 for a closed merge), in order.
  route('post', '/api/v1/tickets/bulk', async ({ request }) => {
    const user = caller(request);
    if (!user) return problem(401, 'Unauthorized');
    if (!isStaffRole(user.role)) return problem(403, 'Forbidden', { detail: 'staff only' });
    const { ids, changes, versions } = await request.json();
    const target = changes.merge_into ? find(changes.merge_into) : undefined;
    if (changes.merge_into && !target) return problem(404, 'Not found', { detail: `no ticket ${changes.merge_into}` });
    const results = ids.map((id) => {
      const t = find(id);
      if (!t) return { id, status: 404, error: { type: 'about:blank', title: 'Not Found', status: 404, detail: 'no such ticket' } };
      const version = versions?.[id];
      if (version !== undefined && version !== t.version) {
        return {
          id,
          status: 412,
          error: { type: 'about:blank', title: 'Precondition Failed', status: 412, detail: 'changed since you loaded it' },
        };
      }
      if (target) {
        if (t.status === 'closed' || target.status === 'closed' || t.id === target.id) {
          return { id, status: 409, error: { type: 'about:blank', title: 'Conflict', status: 409, detail: 'cannot be merged' } };
        }
        Object.assign(t, { status: 'closed', merged_into: target.id, closed_at: new Date().toISOString() });
      }
      const set = sent({ status: changes.status, priority: changes.priority });
      Object.assign(t, set);
      if ('assignee_id' in changes) t.assignee_id = changes.assignee_id ?? null;
      if ('team_id' in changes) t.team_id = changes.team_id ?? null;
      const tags = new Set([...t.tags, ...(changes.add_tags ?? [])]);
      for (const tag of changes.remove_tags ?? []) tags.delete(tag);
      t.tags = [...tags];
      t.version += 1;
      return { id, status: 200, ticket: withoutThread(t) };
    });
    return HttpResponse.json({ results });
  }),

  route('post', '/api/v1/tickets/{id}/merge', async ({ request, params }) => {
    const t = find(params.id);
    if (!t) return problem(404, 'Not found');
    const ifMatch = request.headers.get('if-match');
    if (ifMatch && ifMatch !== `"${t.version}"`) return problem(412, 'Precondition Failed');
    const { target_id } = await request.json();
    const target = find(target_id);
    if (!target || target.id === t.id) return problem(404, 'Not found', { detail: `no ticket ${target_id}` });
    if (t.status === 'closed' || target.status === 'closed') {
      return problem(409, 'Conflict', { detail: 'a closed ticket cannot be merged' });
    }
    Object.assign(t, { status: 'closed', merged_into: target.id, closed_at: new Date().toISOString(), version: t.version + 1 });
    return HttpResponse.json(withoutThread(t), { headers: { etag: `"${t.version}"` } });
  }),

  route('get', '/api/v1/notifications', ({ request }) => {
    const unread = new URL(request.url).searchParams.get('unread') === 'true';
    return HttpResponse.json({ items: db.notifications.filter((n) => !unread || !n.read) });
  }),

  route('post', '/api/v1/notifications/{id}/read', ({ params }) => {
    const n = db.notifications.find((x) => x.id === params.id);
    if (!n) return problem(404, 'Not found');
    n.read = true;
    return new HttpResponse(null, { status: 204 });
  }),

  route('get', '/api/v1/agents', () => HttpResponse.json({ items: db.agents })),

  route('post', '/api/v1/agents', async ({ request }) => {
    const body = await request.json();
    if (db.agents.some((a) => a.email === body.email)) return problem(409, 'Conflict', { detail: 'that email is taken' });
    const a: Agent = {
      org_id: '10001',
      skills: [],
      status: 'offline',
      version: 1,
      ...body,
      id: body.id ?? `agent-${db.agents.length + 1}`,
    };
    db.agents.push(a);
    return HttpResponse.json(a, { status: 201 });
  }),

  route('patch', '/api/v1/agents/{id}', async ({ request, params }) => {
    const i = db.agents.findIndex((x) => x.id === params.id);
    if (i < 0) return problem(404, 'Not found', { detail: 'agent not found' });
    const body = await request.json();
    const bad = unknownField(body, ['name', 'role', 'skills']);
    if (bad) return bad;
    const patch = sent(body);
    const errors: FieldError[] = [];
    if (patch.name !== undefined && !patch.name.trim()) errors.push({ field: 'name', message: 'must not be empty' });
    if (patch.role !== undefined && !isStaffRole(patch.role)) {
      errors.push({ field: 'role', message: 'agents are admin, manager or agent' });
    }
    if (errors.length) return invalid(errors);
    // A new object: the seed's fixtures are shared between tests.
    const before = db.agents[i]!;
    const a: Agent = { ...before, ...patch, version: (before.version ?? 0) + 1 };
    db.agents[i] = a;
    return HttpResponse.json(a, { headers: { etag: `"${a.version}"` } });
  }),

  route('get', '/api/v1/teams', () => HttpResponse.json({ items: db.teams })),

  route('post', '/api/v1/teams', async ({ request }) => {
    const body = await request.json();
    if (db.teams.some((t) => t.id === body.id)) return problem(409, 'Conflict', { detail: 'that team id is taken' });
    const t: Team = { org_id: '10001', members: [], version: 1, ...body };
    db.teams.push(t);
    return HttpResponse.json(t, { status: 201 });
  }),

  route('patch', '/api/v1/teams/{id}', async ({ request, params }) => {
    const t = db.teams.find((x) => x.id === params.id);
    if (!t) return problem(404, 'Not found', { detail: 'team not found' });
    const body = await request.json();
    const bad = unknownField(body, ['name', 'members']);
    if (bad) return bad;
    const patch = sent(body);
    if (patch.name !== undefined && !patch.name.trim()) return invalid([{ field: 'name', message: 'must not be empty' }]);
    if (patch.members?.some((m) => !db.agents.some((a) => a.id === m))) {
      return problem(404, 'Not found', { type: 'about:blank#not-found', detail: 'agent not found' });
    }
    Object.assign(t, patch, { version: (t.version ?? 0) + 1 });
    return HttpResponse.json(t, { headers: { etag: `"${t.version}"` } });
  }),

  route('get', '/api/v1/sla-policies', () => HttpResponse.json({ policies: db.policies })),
  route('put', '/api/v1/sla-policies', async ({ request }) => {
    db.policies = (await request.json()).policies;
    return HttpResponse.json({ policies: db.policies });
  }),

  route('get', '/api/v1/business-hours', () => HttpResponse.json(db.hours)),
  route('put', '/api/v1/business-hours', async ({ request }) => {
    db.hours = await request.json();
    return HttpResponse.json(db.hours);
  }),

  route('get', '/api/v1/mail-templates', ({ request }) => {
    const user = caller(request);
    if (user?.role === 'customer') return problem(403, 'Forbidden', { detail: 'staff only' });
    return HttpResponse.json(mailView());
  }),
  route('put', '/api/v1/mail-templates', async ({ request }) => {
    if (caller(request)?.role !== 'admin') return problem(403, 'Forbidden', { detail: 'admins only' });
    const body = await request.json();
    const bad = unknownField(body, ['templates']);
    if (bad) return bad;
    const errors: FieldError[] = [];
    for (const [kind, t] of Object.entries(body.templates ?? {})) {
      if (!(MAIL_KINDS as readonly string[]).includes(kind)) {
        return problem(400, 'Bad request', { detail: `unknown variant \`${kind}\`` });
      }
      const badField = unknownField(t, ['subject', 'text', 'html']);
      if (badField) return badField;
      const at = (f: string) => `templates.${kind}.${f}`;
      const known = mailVariables[kind as keyof typeof mailVariables];
      const subjectError =
        !t.subject.trim() || t.subject.length > 200 || /[\r\n]/.test(t.subject)
          ? 'one line of 1 to 200 characters'
          : templateError(t.subject, known);
      if (subjectError) errors.push({ field: at('subject'), message: subjectError });
      const textError = !t.text.trim() || t.text.length > 20_000 ? '1 to 20000 bytes' : templateError(t.text, known);
      if (textError) errors.push({ field: at('text'), message: textError });
      const htmlError = t.html ? templateError(t.html, known) : undefined;
      if (htmlError) errors.push({ field: at('html'), message: htmlError });
    }
    if (errors.length) return invalid(errors);
    db.mailOverrides = body.templates;
    return HttpResponse.json(mailView());
  }),

  route('get', '/api/v1/reports/overview', ({ request }) => {
    const q = new URL(request.url).searchParams;
    return HttpResponse.json(overview(q.get('from') ?? '', q.get('to') ?? ''));
  }),

  route('get', '/api/v1/reports/sla', ({ request }) => {
    const q = new URL(request.url).searchParams;
    return HttpResponse.json(slaReport(q.get('from') ?? '', q.get('to') ?? ''));
  }),

  route('get', '/api/v1/reports/agents', ({ request }) => {
    const q = new URL(request.url).searchParams;
    return HttpResponse.json(agentsReport(q.get('from') ?? '', q.get('to') ?? ''));
  }),

  route('get', '/api/v1/reports/knowledge-base', ({ request }) => {
    const user = caller(request);
    if (!user) return problem(401, 'Unauthorized');
    if (user.role !== 'admin' && user.role !== 'manager') return problem(403, 'Forbidden', { detail: 'managers and admins only' });
    const q = new URL(request.url).searchParams;
    return HttpResponse.json(knowledgeBaseReport(q.get('from') ?? '', q.get('to') ?? ''));
  }),

  route('get', '/api/v1/quarantine', ({ request }) => {
    const user = caller(request);
    if (!user) return problem(401, 'Unauthorized');
    if (user.role !== 'admin') return problem(403, 'Forbidden', { detail: 'admins only' });
    return HttpResponse.json({ items: db.quarantine });
  }),

  route('get', '/api/v1/customers/{id}', () => HttpResponse.json(customer(db.tickets.map(withoutThread)))),

  route('post', '/api/v1/attachments', async ({ request }) => {
    const user = caller(request);
    if (!user) return problem(401, 'Unauthorized');
    const file = await request.json();
    const refused = declaredProblem(file);
    if (refused) return unprocessable([{ field: 'file', message: refused }]);
    return HttpResponse.json(createUpload(file, user, null), { status: 201 });
  }),

  route('post', '/api/v1/tickets/{id}/attachments', async ({ request, params }) => {
    const user = caller(request);
    if (!user) return problem(401, 'Unauthorized');
    const t = find(params.id);
    if (!t) return problem(404, 'Not found');
    const file = await request.json();
    const refused = declaredProblem(file);
    if (refused) return unprocessable([{ field: 'file', message: refused }]);
    return HttpResponse.json(createUpload(file, user, t.id), { status: 201 });
  }),

  route('get', '/api/v1/attachments/{id}', ({ request, params }) => {
    const inline = new URL(request.url).searchParams.get('inline') === '1';
    const view = downloadOf(String(params.id), caller(request), inline);
    if (!view) return problem(404, 'Not found', { detail: 'attachment not found' });
    if (inline && !view.inline) {
      return unprocessable([{ field: 'inline', message: 'only PNG, JPEG, GIF and WebP images are shown inline' }]);
    }
    return HttpResponse.json(view);
  }),

  // The presigned GET of a file on a message (S3: another origin, no token).
  http.get(`${FILES_ORIGIN}/files/:id`, ({ params }) => {
    const file = bytesOf(String(params.id));
    if (!file) return new HttpResponse('<Error><Code>NoSuchKey</Code></Error>', { status: 404 });
    return new HttpResponse(file.content, { status: 200, headers: { 'content-type': file.type } });
  }),

  // The presigned PUT, to S3 (another origin, no token): the signed type must come along.
  http.put(`${FILES_ORIGIN}/pending/:id`, async ({ request, params }) => {
    const bytes = (await request.arrayBuffer()).byteLength;
    if (!request.headers.get('content-type')) return new HttpResponse(null, { status: 403 });
    return receiveBytes(String(params.id), bytes) ? new HttpResponse(null, { status: 200 }) : new HttpResponse(null, { status: 404 });
  }),
];
