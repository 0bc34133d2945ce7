import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { renderApp } from '@/testing/render';
import { interaction, users } from '@/testing/mocks/db';
import { server } from '@/testing/mocks/server';
import { API, db, problem, route } from '@/testing/mocks/handlers';
import type { Interaction, InteractionCreated, NewInteraction } from '@/types/api';

/** What `POST /tickets/{id}/interactions` answers for t-1: the message and the ticket after it. */
function created(i: Interaction): InteractionCreated {
  const t = db.tickets[0]!;
  return { interaction: i, ticket: { ...t, thread: [...(t.thread ?? []), i], version: t.version + 1 } };
}

describe('the agent ticket page', () => {
  it('shows the whole thread, internal notes marked as such, and the customer sidebar', async () => {
    renderApp('/tickets/t-1', { user: users.agent });
    expect(await screen.findByRole('heading', { name: 'Printer on fire' })).toBeInTheDocument();
    const thread = screen.getByRole('list', { name: 'Conversation' });
    const items = within(thread).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(items[1]).toHaveTextContent('Internal note');
    expect(items[1]).toHaveTextContent('Checked with facilities');
    expect(items[1]).toHaveAttribute('data-testid', 'internal-note');
    expect(items[2]).toHaveTextContent('We are sending someone now.');
    expect(items[2]).toHaveAttribute('data-testid', 'public-message');
    const sidebar = await screen.findByRole('complementary', { name: 'Customer' });
    expect(await within(sidebar).findByText('Carl Customer')).toBeInTheDocument();
    expect(within(sidebar).getByText(/TKT-000002/)).toBeInTheDocument();
  });

  it('sends a reply with If-Match of the version on screen', async () => {
    let ifMatch: string | null = null;
    let sent: NewInteraction | undefined;
    server.use(
      route('post', '/api/v1/tickets/{id}/interactions', async ({ request }) => {
        ifMatch = request.headers.get('if-match');
        sent = await request.json();
        return HttpResponse.json(created(interaction({ id: 'm-new', body: sent.body })), { status: 201 });
      }),
    );
    renderApp('/tickets/t-1', { user: users.agent });
    await userEvent.type(await screen.findByRole('textbox', { name: 'Reply' }), 'On our way');
    await userEvent.click(screen.getByRole('button', { name: 'Send reply' }));
    expect(await screen.findByText('Reply sent.')).toBeInTheDocument();
    expect(ifMatch).toBe('"3"');
    expect(sent).toEqual({ body: 'On our way', internal: false });
  });

  it('writes an internal note after pressing n', async () => {
    let sent: NewInteraction | undefined;
    server.use(
      route('post', '/api/v1/tickets/{id}/interactions', async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json(created(interaction({ id: 'm-new', body: sent.body, internal: true })), { status: 201 });
      }),
    );
    renderApp('/tickets/t-1', { user: users.agent });
    await screen.findByRole('heading', { name: 'Printer on fire' });
    await userEvent.keyboard('n');
    const box = await screen.findByRole('textbox', { name: 'Internal note' });
    await waitFor(() => expect(box).toHaveFocus());
    await userEvent.type(box, 'Escalate to facilities');
    await userEvent.click(screen.getByRole('button', { name: 'Add note' }));
    await screen.findByText('Note added.');
    expect(sent).toEqual({ body: 'Escalate to facilities', internal: true });
  });

  it('on a 409 collision shows what changed and resends with confirm: true', async () => {
    const posts: { body: NewInteraction; ifMatch: string | null }[] = [];
    server.use(
      route('post', '/api/v1/tickets/{id}/interactions', async ({ request }) => {
        const body = await request.json();
        posts.push({ body, ifMatch: request.headers.get('if-match') });
        if (!body.confirm) {
          // Meanwhile the customer wrote again and a colleague moved the ticket to pending.
          const t = db.tickets[0]!;
          t.thread = [...(t.thread ?? []), interaction({ id: 'm-4', body: 'Is anyone there?' })];
          t.status = 'pending';
          t.version = 5;
          return problem(409, 'The ticket changed', {
            type: 'about:blank#collision',
            detail: 'The ticket changed since version 3.',
          });
        }
        return HttpResponse.json(created(interaction({ id: 'm-5', body: body.body })), { status: 201 });
      }),
    );
    renderApp('/tickets/t-1', { user: users.agent });
    await userEvent.type(await screen.findByRole('textbox', { name: 'Reply' }), 'Fixed it');
    await userEvent.click(screen.getByRole('button', { name: 'Send reply' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This ticket changed while you were writing');
    await waitFor(() => expect(alert).toHaveTextContent('New reply from Carl Customer: “Is anyone there?”'));
    expect(alert).toHaveTextContent('Status changed from open to pending');
    expect(screen.getByRole('textbox', { name: 'Reply' })).toHaveValue('Fixed it');

    await userEvent.click(within(alert).getByRole('button', { name: 'Send anyway' }));
    expect(await screen.findByText('Reply sent.')).toBeInTheDocument();
    expect(posts).toHaveLength(2);
    expect(posts[0]).toEqual({ body: { body: 'Fixed it', internal: false }, ifMatch: '"3"' });
    expect(posts[1]).toEqual({ body: { body: 'Fixed it', internal: false, confirm: true }, ifMatch: '"5"' });
    expect(screen.getByRole('textbox', { name: 'Reply' })).toHaveValue('');
  });

  it('changes the status with If-Match', async () => {
    let ifMatch: string | null = null;
    server.use(
      http.put(`${API}/tickets/:id/status`, async ({ request }) => {
        ifMatch = request.headers.get('if-match');
        const { status } = (await request.json()) as { status: 'pending' };
        const t = db.tickets[0]!;
        Object.assign(t, { status, version: t.version + 1 });
        return HttpResponse.json({ ...t, thread: undefined });
      }),
    );
    renderApp('/tickets/t-1', { user: users.agent });
    await screen.findByRole('heading', { name: 'Printer on fire' });
    await userEvent.click(screen.getByRole('combobox', { name: 'Status' }));
    await userEvent.click(await screen.findByRole('option', { name: 'pending', hidden: true }));
    await waitFor(() => expect(screen.getAllByLabelText('Status: pending').length).toBeGreaterThan(0));
    expect(ifMatch).toBe('"3"');
  });

  it('on 412 says someone changed the ticket and reloads it', async () => {
    server.use(
      http.put(`${API}/tickets/:id/status`, () => {
        const t = db.tickets[0]!;
        Object.assign(t, { status: 'resolved', version: 9 });
        return problem(412, 'Precondition Failed', { detail: 'the ticket is at version 9' });
      }),
    );
    renderApp('/tickets/t-1', { user: users.agent });
    await screen.findByRole('heading', { name: 'Printer on fire' });
    await userEvent.click(screen.getByRole('combobox', { name: 'Status' }));
    await userEvent.click(await screen.findByRole('option', { name: 'closed', hidden: true }));
    expect(await screen.findByText(/Someone changed this ticket — reloaded/)).toBeInTheDocument();
    // The reload shows the colleague's change.
    await waitFor(() => expect(screen.getAllByLabelText('Status: resolved').length).toBeGreaterThan(0));
  });

  it('degrades when the agents and customers APIs answer 404 (as API Gateway does for a missing route)', async () => {
    const notFound = () => HttpResponse.json({ message: 'Not Found' }, { status: 404 });
    server.use(http.get(`${API}/agents`, notFound), http.get(`${API}/customers/:id`, notFound));
    renderApp('/tickets/t-1', { user: users.agent });
    await screen.findByRole('heading', { name: 'Printer on fire' });
    const sidebar = await screen.findByRole('complementary', { name: 'Customer' });
    expect(await within(sidebar).findByText('c-1')).toBeInTheDocument();
    expect(within(sidebar).queryByRole('alert')).not.toBeInTheDocument();
    // No availability without the agents API; the assignee picker still names the assignee.
    await waitFor(() => expect(screen.queryByLabelText('My availability')).not.toBeInTheDocument());
    expect(screen.getByRole('combobox', { name: 'Assignee' })).toHaveValue('acme-agent1');
  });
});
