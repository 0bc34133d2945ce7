import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { renderApp } from '@/testing/render';
import { emailTicket, users } from '@/testing/mocks/db';
import { server } from '@/testing/mocks/server';
import { API, db, problem } from '@/testing/mocks/handlers';
import type { NewTicket } from '@/types/api';

describe('the customer portal', () => {
  it('shows field errors from a 400 problem beside the fields', async () => {
    server.use(
      http.post(`${API}/tickets`, () =>
        problem(400, 'Invalid input', {
          type: 'about:blank#validation',
          detail: 'one or more fields are invalid',
          errors: [
            { field: 'subject', message: 'must be one line' },
            { field: 'description', message: 'must be at most 20000 characters' },
          ],
        }),
      ),
    );
    renderApp('/portal/new', { user: users.customer });
    await userEvent.type(await screen.findByRole('textbox', { name: /subject/i }), 'Broken');
    await userEvent.type(screen.getByRole('textbox', { name: /description/i }), 'It broke');
    await userEvent.click(screen.getByRole('button', { name: 'Submit ticket' }));

    const subject = screen.getByRole('textbox', { name: /subject/i });
    await waitFor(() => expect(subject).toHaveAccessibleDescription('must be one line'));
    expect(subject).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('textbox', { name: /description/i })).toHaveAccessibleDescription(
      'must be at most 20000 characters',
    );
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('one or more fields are invalid');
    // The field messages are shown at their fields, not repeated in the summary.
    expect(alert).not.toHaveTextContent('must be one line');
  });

  it('checks required fields before sending', async () => {
    renderApp('/portal/new', { user: users.customer });
    await userEvent.click(await screen.findByRole('button', { name: 'Submit ticket' }));
    expect(screen.getByRole('textbox', { name: /subject/i })).toHaveAccessibleDescription('Enter a subject');
  });

  it('submits a ticket without naming a customer and opens it', async () => {
    let sent: NewTicket | undefined;
    server.events.on('request:start', async ({ request }) => {
      if (request.method === 'POST') sent = (await request.clone().json()) as NewTicket;
    });
    const { router } = renderApp('/portal/new', { user: users.customer });
    await userEvent.type(await screen.findByRole('textbox', { name: /subject/i }), 'Invoice missing');
    await userEvent.type(screen.getByRole('textbox', { name: /description/i }), 'Where is my invoice?');
    await userEvent.click(screen.getByRole('button', { name: 'Submit ticket' }));
    await waitFor(() => expect(router.state.location.pathname).toMatch(/^\/portal\/tickets\/t-\d+$/));
    expect(sent).toEqual({ subject: 'Invoice missing', description: 'Where is my invoice?', priority: 'normal' });
    server.events.removeAllListeners();
  });

  it('lists my tickets, showing on hold as open', async () => {
    server.use(
      http.get(`${API}/tickets`, () =>
        HttpResponse.json({
          items: [
            { id: 't-7', number: 'TKT-000007', subject: 'Waiting on parts', status: 'on_hold', priority: 'normal', tags: [], updated_at: new Date().toISOString() },
          ],
          next_cursor: null,
        }),
      ),
    );
    renderApp('/portal', { user: users.customer });
    const list = await screen.findByRole('list', { name: 'My tickets' });
    expect(within(list).getByText('Waiting on parts')).toBeInTheDocument();
    expect(within(list).getByLabelText('Status: open')).toBeInTheDocument();
    expect(within(list).queryByText(/on hold/)).not.toBeInTheDocument();
  });

  it('shows the public thread only, with a reply box and no note option', async () => {
    renderApp('/portal/tickets/t-1', { user: users.customer });
    const thread = await screen.findByRole('list', { name: 'Conversation' });
    expect(within(thread).getAllByRole('listitem')).toHaveLength(2);
    expect(screen.queryByText(/Checked with facilities/)).not.toBeInTheDocument();
    expect(screen.queryByText('Internal note')).not.toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Reply' })).toBeInTheDocument();
  });

  it('shows a message that came by mail as its text only, without the email details staff see', async () => {
    db.tickets.push(emailTicket({}, { dropped_attachments: 1, auto_reply_blocked: ['auto-submitted'] }));
    renderApp('/portal/tickets/t-mail', { user: users.customer });
    const thread = await screen.findByRole('list', { name: 'Conversation' });
    expect(within(thread).getByText('Still smoking.')).toBeInTheDocument();
    expect(screen.queryByText(/By email from/)).not.toBeInTheDocument();
    expect(screen.queryByText(/jane@example\.com/)).not.toBeInTheDocument();
    expect(screen.queryByText(/^Cc:/)).not.toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Attachments' })).not.toBeInTheDocument();
    expect(screen.queryByText(/smoke\.jpg/)).not.toBeInTheDocument();
    expect(screen.queryByText(/left out/)).not.toBeInTheDocument();
    expect(screen.queryByText(/No automatic reply/)).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /full message|original formatting/ })).not.toBeInTheDocument();
    expect(screen.queryByTestId('email-details')).not.toBeInTheDocument();
    expect(document.querySelector('iframe')).toBeNull();
  });

  it("answers another customer's ticket with not found", async () => {
    renderApp('/portal/tickets/t-404', { user: users.customer });
    expect(await screen.findByRole('heading', { name: 'Ticket not found' })).toBeInTheDocument();
  });
});
