/**
 * MSW handlers for issue #17: canned responses (with a small stand-in for the MiniJinja render:
 * `{{ customer.first_name | default("…") }}`, `{{ ticket.number }}` and `{{ ask("label") }}`),
 * macros, the satisfaction surveys, their settings and report. Tests override single routes.
 */
import { http, HttpResponse } from 'msw';
import { API, caller, problem, route, unprocessable } from '@/testing/mocks/handlers';
import type { CannedResponse, CsatReport, CsatSettings, Macro, SurveyView } from '@/types/api';

const at = '2026-11-20T09:00:00Z';

export function cannedFixture(partial: Partial<CannedResponse> & Pick<CannedResponse, 'id' | 'title' | 'body'>): CannedResponse {
  return {
    folder: null,
    shared: 'org',
    team_id: null,
    author_id: 'acme-admin',
    asks: [...partial.body.matchAll(/ask\("([^"]+)"\)/g)].map((m) => m[1]!),
    usage_count: 0,
    created_at: at,
    updated_at: at,
    version: 1,
    ...partial,
  };
}

function seedCanned(): CannedResponse[] {
  return [
    cannedFixture({
      id: 'cr-1',
      title: 'Refund issued',
      folder: 'Billing',
      body: 'Hi {{ customer.first_name | default("there") }}, the refund for order {{ ask("order number") }} is on its way.',
    }),
    cannedFixture({ id: 'cr-2', title: 'Thanks', body: 'Thanks for writing to us about {{ ticket.number }}.' }),
    cannedFixture({ id: 'cr-3', title: 'Password reset', folder: 'Accounts', body: 'Use the "Forgot password" link.' }),
  ];
}

export function macroFixture(partial: Partial<Macro> & Pick<Macro, 'id' | 'name' | 'actions'>): Macro {
  return {
    shared: 'org',
    team_id: null,
    author_id: 'acme-admin',
    usage_count: 0,
    created_at: at,
    updated_at: at,
    version: 1,
    ...partial,
  };
}

export function surveyFixture(partial: Partial<SurveyView> = {}): SurveyView {
  return {
    org_name: 'Acme',
    ticket_number: 'TKT-000001',
    subject: 'Cannot log in',
    status: 'resolved',
    rating: null,
    comment: null,
    reason: null,
    rated_at: null,
    expires_at: '2026-12-20T09:00:00Z',
    open: true,
    ...partial,
  };
}

export function emptyCsatReport(from: string, to: string): CsatReport {
  const zero = { good: 0, okay: 0, bad: 0, count: 0, score: null };
  return { from, to, time_zone: 'UTC', total: zero, days: [], agents: [], teams: [], categories: [], comments: [] };
}

let canned = seedCanned();
let macros: Macro[] = [];
let settings: CsatSettings = { enabled: true, after_rules: false };
let settingsVersion = 1;

export function resetCsatDb(): void {
  canned = seedCanned();
  macros = [];
  settings = { enabled: true, after_rules: false };
  settingsVersion = 1;
}

/** The stand-in render: Carl is the customer, TKT-000001 the ticket; an unanswered ask is `[label]`. */
export function renderBody(body: string, answers: Record<string, string> = {}): string {
  return body
    .replace(/\{\{\s*customer\.first_name(?:\s*\|\s*default\("[^"]*"\))?\s*\}\}/g, 'Carl')
    .replace(/\{\{\s*ticket\.number\s*\}\}/g, 'TKT-000001')
    .replace(/\{\{\s*ask\("([^"]+)"\)\s*\}\}/g, (_m, label: string) => answers[label] || `[${label}]`);
}

export const csatHandlers = [
  route('get', '/api/v1/canned-responses', ({ request }) => {
    const q = (new URL(request.url).searchParams.get('q') ?? '').toLowerCase();
    return HttpResponse.json({
      items: canned.filter((c) => c.title.toLowerCase().includes(q)),
      variables: ['ticket.number', 'ticket.subject', 'customer.name', 'customer.first_name', 'agent.name', 'org.name'],
    });
  }),
  route('post', '/api/v1/canned-responses', async ({ request }) => {
    const body = await request.json();
    // The API's strict check, in small: a body may read only its variables.
    if (/\{\{\s*secrets\./.test(body.body)) return unprocessable([{ field: 'body', message: 'unknown variable `secrets`' }]);
    const c = cannedFixture({
      id: `cr-${canned.length + 1}`,
      title: body.title,
      body: body.body,
      folder: body.folder ?? null,
      shared: body.shared ?? 'personal',
      team_id: body.team_id ?? null,
      author_id: caller(request)?.id ?? 'acme-admin',
    });
    canned.push(c);
    return HttpResponse.json(c, { status: 201 });
  }),
  http.delete(`${API}/canned-responses/:id`, ({ params, request }) => {
    const c = canned.find((x) => x.id === params.id);
    if (!c) return problem(404, 'Not found');
    if (request.headers.get('if-match') !== `"${c.version}"`) return problem(412, 'Precondition Failed');
    canned = canned.filter((x) => x !== c);
    return new HttpResponse(null, { status: 204 });
  }),
  route('post', '/api/v1/canned-responses/{id}/render', async ({ params, request }) => {
    const c = canned.find((x) => x.id === params.id);
    if (!c) return problem(404, 'Not found');
    const body = await request.json();
    const answers = body.answers ?? {};
    if (!body.preview) c.usage_count = (c.usage_count ?? 0) + 1;
    const asks = c.asks ?? [];
    return HttpResponse.json({ text: renderBody(c.body, answers), asks, missing: asks.filter((a) => !answers[a]) });
  }),
  route('get', '/api/v1/macros', () => HttpResponse.json({ items: macros })),
  route('post', '/api/v1/macros', async ({ request }) => {
    const body = await request.json();
    const m = macroFixture({
      id: `mac-${macros.length + 1}`,
      name: body.name,
      actions: body.actions,
      shared: body.shared ?? 'personal',
      team_id: body.team_id ?? null,
      author_id: caller(request)?.id ?? 'acme-admin',
    });
    macros.push(m);
    return HttpResponse.json(m, { status: 201 });
  }),
  route('get', '/api/v1/csat/{token}', ({ params, request }) => {
    if (params.token === 'expired') return problem(410, 'Gone', { detail: 'the survey has expired' });
    if (params.token !== 'tok-1') return problem(404, 'Not found');
    const rating = new URL(request.url).searchParams.get('rating');
    return HttpResponse.json(surveyFixture(rating === 'good' || rating === 'okay' || rating === 'bad' ? { rating, rated_at: at } : {}));
  }),
  route('get', '/api/v1/tickets/{id}/satisfaction', () => problem(409, 'Conflict', { detail: 'the ticket is not resolved' })),
  route('get', '/api/v1/settings/csat', () => HttpResponse.json(settings, { headers: { etag: `"${settingsVersion}"` } })),
  route('put', '/api/v1/settings/csat', async ({ request }) => {
    const ifMatch = request.headers.get('if-match');
    if (ifMatch && ifMatch.replace(/"/g, '') !== String(settingsVersion)) return problem(412, 'Precondition Failed');
    settings = await request.json();
    settingsVersion += 1;
    return HttpResponse.json(settings, { headers: { etag: `"${settingsVersion}"` } });
  }),
  route('get', '/api/v1/reports/csat', ({ request }) => {
    const q = new URL(request.url).searchParams;
    return HttpResponse.json(emptyCsatReport(q.get('from') ?? '', q.get('to') ?? ''));
  }),
];
