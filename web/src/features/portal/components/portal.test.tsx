import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { renderApp } from '@/testing/render';
import { emailTicket, users } from '@/testing/mocks/db';
import { server } from '@/testing/mocks/server';
import { API, db, problem } from '@/testing/mocks/handlers';
import { kbDb } from '@/testing/mocks/kb';
import { getSession } from '@/lib/session';
import type { NewTicket } from '@/types/api';

/** Lets requests already made reach the mock API (none of these waits on a timer). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
const outcomes = () => kbDb.deflections.map((d) => d.outcome);
const pageHide = () => window.dispatchEvent(new Event('pagehide'));

/** On the new-request form, types a subject that the seeded articles answer and waits for them. */
async function showSuggestions() {
  await userEvent.type(await screen.findByRole('textbox', { name: /subject/i }), 'I forgot my passw');
  await screen.findByRole('list', { name: 'Suggested articles' });
}

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
      if (request.method === 'POST' && new URL(request.url).pathname === '/api/v1/tickets') {
        sent = (await request.clone().json()) as NewTicket;
      }
    });
    const { router } = renderApp('/portal/new', { user: users.customer });
    await userEvent.type(await screen.findByRole('textbox', { name: /subject/i }), 'Invoice missing');
    await userEvent.type(screen.getByRole('textbox', { name: /description/i }), 'Where is my invoice?');
    await userEvent.click(screen.getByRole('button', { name: 'Submit ticket' }));
    await waitFor(() => expect(router.state.location.pathname).toMatch(/^\/portal\/tickets\/t-\d+$/));
    expect(sent).toEqual({ subject: 'Invoice missing', description: 'Where is my invoice?', priority: 'normal' });
    server.events.removeAllListeners();
  });

  it('suggests help-center articles as the subject is typed, without sending the token', async () => {
    const sent: { org: string | null; q: string | null; authorization: string | null }[] = [];
    server.events.on('request:start', ({ request }) => {
      const url = new URL(request.url);
      if (url.pathname === '/api/v1/knowledge-base/suggestions') {
        sent.push({ org: url.searchParams.get('org'), q: url.searchParams.get('q'), authorization: request.headers.get('authorization') });
      }
    });
    renderApp('/portal/new', { user: users.customer });
    const subject = await screen.findByRole('textbox', { name: /subject/i });
    expect(screen.queryByRole('list', { name: 'Suggested articles' })).not.toBeInTheDocument();

    await userEvent.type(subject, 'I forgot my passw');
    const list = await screen.findByRole('list', { name: 'Suggested articles' });
    const link = within(list).getByRole('link', { name: 'Reset your password' });
    expect(link).toHaveAttribute('href', '/help/10001/articles/reset-your-password');
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAccessibleDescription(/open in a new tab/);
    expect([...list.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(expect.arrayContaining(['forgot']));
    // Drafts and archived articles are never suggested.
    expect(within(list).queryByText('Replacing the toner')).not.toBeInTheDocument();

    // Debounced, for the customer's org, and anonymous.
    expect(sent.at(-1)).toEqual({ org: '10001', q: 'I forgot my passw', authorization: null });
    expect(sent.length).toBeLessThan(5);
    expect(sent.every((r) => r.org === '10001' && r.authorization === null && (r.q?.length ?? 0) >= 3)).toBe(true);

    // Clearing the subject hides them.
    await userEvent.clear(subject);
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Suggested articles' })).not.toBeInTheDocument());
    server.events.removeAllListeners();
  });

  it('shows five suggestions at most, titles and snippets as text', async () => {
    server.use(
      http.get(`${API}/knowledge-base/suggestions`, () =>
        HttpResponse.json({
          items: Array.from({ length: 7 }, (_, i) => ({
            id: `a-${i}`,
            slug: `article-${i}`,
            title: `Article <b>${i}</b>`,
            snippet: `About &lt;script&gt; and the <mark>printer</mark> ${i}`,
          })),
        }),
      ),
    );
    renderApp('/portal/new', { user: users.customer });
    await userEvent.type(await screen.findByRole('textbox', { name: /subject/i }), 'printer');
    const list = await screen.findByRole('list', { name: 'Suggested articles' });
    expect(within(list).getAllByRole('link').map((a) => a.textContent)).toEqual([0, 1, 2, 3, 4].map((i) => `Article <b>${i}</b>`));
    expect(within(list).getAllByText(/About <script> and the/)).toHaveLength(5);
    expect(list.querySelector('script, b')).toBeNull();
    expect(list.querySelectorAll('mark')).toHaveLength(5);
  });

  it('still files the ticket when the suggestions fail', async () => {
    server.use(http.get(`${API}/knowledge-base/suggestions`, () => problem(503, 'Service Unavailable')));
    const { router } = renderApp('/portal/new', { user: users.customer });
    await userEvent.type(await screen.findByRole('textbox', { name: /subject/i }), 'Invoice missing');
    await userEvent.type(screen.getByRole('textbox', { name: /description/i }), 'Where is my invoice?');
    expect(screen.queryByRole('list', { name: 'Suggested articles' })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Submit ticket' }));
    await waitFor(() => expect(router.state.location.pathname).toMatch(/^\/portal\/tickets\/t-\d+$/));
    // No suggestion was shown, so how the form ended is not recorded.
    await settle();
    expect(kbDb.deflections).toEqual([]);
  });

  describe('records how a form that showed suggestions ended', () => {
    it('sends "submitted" once when the ticket is filed', async () => {
      const { router } = renderApp('/portal/new', { user: users.customer });
      await showSuggestions();
      await userEvent.type(screen.getByRole('textbox', { name: /description/i }), 'No mail');
      await userEvent.click(screen.getByRole('button', { name: 'Submit ticket' }));
      await waitFor(() => expect(router.state.location.pathname).toMatch(/^\/portal\/tickets\/t-\d+$/));
      await waitFor(() => expect(outcomes()).toEqual(['submitted']));
      expect(kbDb.deflections[0]).toMatchObject({ user: users.customer.id, keepalive: false });

      // The form is gone (it unmounted as the ticket opened); leaving the page adds nothing.
      pageHide();
      await settle();
      expect(outcomes()).toEqual(['submitted']);
    });

    it('sends "abandoned" once when the customer goes elsewhere in the app', async () => {
      const { router, unmount } = renderApp('/portal/new', { user: users.customer });
      await showSuggestions();
      await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
      await waitFor(() => expect(router.state.location.pathname).toBe('/portal'));
      await waitFor(() => expect(outcomes()).toEqual(['abandoned']));
      expect(kbDb.deflections[0]).toMatchObject({ user: users.customer.id, keepalive: true });

      pageHide();
      unmount();
      await settle();
      expect(outcomes()).toEqual(['abandoned']);
    });

    it('sends "abandoned" once, with keepalive, when the page is hidden or unloaded, and nothing after it', async () => {
      const { router, unmount } = renderApp('/portal/new', { user: users.customer });
      await showSuggestions();
      pageHide();
      await waitFor(() => expect(outcomes()).toEqual(['abandoned']));
      expect(kbDb.deflections[0]?.keepalive).toBe(true);

      // Back from the browser's cache, the same form is filed: still one outcome for it.
      pageHide();
      await userEvent.type(screen.getByRole('textbox', { name: /description/i }), 'No mail');
      await userEvent.click(screen.getByRole('button', { name: 'Submit ticket' }));
      await waitFor(() => expect(router.state.location.pathname).toMatch(/^\/portal\/tickets\/t-\d+$/));
      unmount();
      await settle();
      expect(outcomes()).toEqual(['abandoned']);
    });

    it('sends "abandoned" when the form unmounts', async () => {
      const { unmount } = renderApp('/portal/new', { user: users.customer });
      await showSuggestions();
      unmount();
      await waitFor(() => expect(outcomes()).toEqual(['abandoned']));
      await settle();
      expect(outcomes()).toEqual(['abandoned']);
    });

    it('sends nothing when the form is left without a suggestion shown', async () => {
      let asked = 0;
      server.use(
        http.get(`${API}/knowledge-base/suggestions`, () => {
          asked += 1;
          return HttpResponse.json({ items: [] });
        }),
      );
      const { unmount } = renderApp('/portal/new', { user: users.customer });
      await userEvent.type(await screen.findByRole('textbox', { name: /subject/i }), 'Fire');
      await waitFor(() => expect(asked).toBeGreaterThan(0));
      await settle();
      expect(screen.queryByRole('list', { name: 'Suggested articles' })).not.toBeInTheDocument();
      pageHide();
      unmount();
      await settle();
      expect(kbDb.deflections).toEqual([]);
    });

    it('never disturbs the customer when recording fails, not even with a 401', async () => {
      let calls = 0;
      server.use(
        http.post(`${API}/knowledge-base/deflections`, () => {
          calls += 1;
          return problem(401, 'Unauthorized');
        }),
      );
      const { router } = renderApp('/portal/new', { user: users.customer });
      await showSuggestions();
      await userEvent.type(screen.getByRole('textbox', { name: /description/i }), 'No mail');
      await userEvent.click(screen.getByRole('button', { name: 'Submit ticket' }));
      await waitFor(() => expect(router.state.location.pathname).toMatch(/^\/portal\/tickets\/t-\d+$/));
      await waitFor(() => expect(calls).toBe(1));
      await settle();
      // Still signed in, still on the new ticket, and no error on screen.
      expect(router.state.location.pathname).toMatch(/^\/portal\/tickets\/t-\d+$/);
      expect(getSession()?.user.id).toBe(users.customer.id);
      expect(await screen.findByRole('heading', { name: 'I forgot my passw', level: 1 })).toBeInTheDocument();
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    });
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
