/**
 * Default MSW handlers: an in-memory version of the API contract in docs/api.md.
 * Tests override single routes with `server.use(...)` to script errors.
 */
import { http, HttpResponse } from 'msw';
import { agents, customer, seedTickets, users } from '@/testing/mocks/db';
import type { Interaction, NewInteraction, Ticket } from '@/types/api';

export const API = '*/api/v1';

export const db = { tickets: seedTickets() };

export function resetDb(): void {
  db.tickets = seedTickets();
}

export function problem(status: number, title: string, extra: Record<string, unknown> = {}) {
  return HttpResponse.json(
    { type: 'about:blank', title, status, ...extra },
    { status, headers: { 'content-type': 'application/problem+json' } },
  );
}

function withoutThread({ thread: _thread, ...rest }: Ticket): Ticket {
  return rest;
}

function find(id: string | readonly string[] | undefined): Ticket | undefined {
  return db.tickets.find((t) => t.id === id);
}

export const handlers = [
  http.post('*/local/login', async ({ request }) => {
    const { email } = (await request.json()) as { email: string };
    const user = Object.values(users).find((u) => u.email === email);
    if (!user) return problem(401, 'Unauthorized', { detail: 'no such local user; see the logins printed at start-up' });
    return HttpResponse.json({ token: `token-for-${user.id}`, user });
  }),

  http.get(`${API}/tickets`, () => HttpResponse.json({ items: db.tickets.map(withoutThread), next_cursor: null })),

  http.get(`${API}/tickets/:id`, ({ params }) => {
    const t = find(params.id);
    if (!t) return problem(404, 'Not found');
    return HttpResponse.json(t, { headers: { etag: `"${t.version}"` } });
  }),

  http.post(`${API}/tickets`, async ({ request }) => {
    const body = (await request.json()) as { subject: string; description: string };
    const t: Ticket = {
      ...seedTickets()[1]!,
      id: `t-${db.tickets.length + 1}`,
      number: `TKT-00000${db.tickets.length + 1}`,
      subject: body.subject,
      status: 'new',
      version: 1,
      thread: [],
    };
    db.tickets.push(t);
    return HttpResponse.json(t, { status: 201, headers: { etag: '"1"' } });
  }),

  http.put(`${API}/tickets/:id/status`, async ({ request, params }) => {
    const t = find(params.id);
    if (!t) return problem(404, 'Not found');
    if (request.headers.get('if-match') !== `"${t.version}"`) return problem(412, 'Precondition Failed');
    const { status } = (await request.json()) as Pick<Ticket, 'status'>;
    Object.assign(t, { status, version: t.version + 1 });
    return HttpResponse.json(withoutThread(t));
  }),

  http.post(`${API}/tickets/:id/interactions`, async ({ request, params }) => {
    const t = find(params.id);
    if (!t) return problem(404, 'Not found');
    const body = (await request.json()) as NewInteraction;
    const i: Interaction = {
      id: `m-${Math.random().toString(36).slice(2)}`,
      ticket_id: t.id,
      author: { kind: 'agent', id: 'acme-agent1' },
      body: body.body,
      internal: !!body.internal,
      channel: 'web',
      created_at: new Date().toISOString(),
    };
    t.thread = [...(t.thread ?? []), i];
    t.version += 1;
    return HttpResponse.json({ interaction: i, ticket: t }, { status: 201 });
  }),

  http.get(`${API}/agents`, () => HttpResponse.json({ items: agents })),

  http.get(`${API}/customers/:id`, () => HttpResponse.json(customer(db.tickets.map(withoutThread)))),
];
