import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { renderApp } from '@/testing/render';
import { users } from '@/testing/mocks/db';
import { API, db, problem } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { http } from 'msw';

const nav = () => screen.findByRole('navigation', { name: 'Main' });

describe('the quarantine page', () => {
  it('lists the messages kept aside, newest first, with their reasons', async () => {
    renderApp('/quarantine', { user: users.admin });
    const table = await screen.findByRole('table', { name: 'Quarantine' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Received',
      'From',
      'Subject',
      'Reasons',
    ]);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('mailer-daemon@example.net');
    expect(rows[0]).toHaveTextContent('Undelivered Mail Returned to Sender');
    expect(within(rows[0]!).getByText('Bounce')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('inbound/ses-0002')).toBeInTheDocument();
    expect(rows[0]!.querySelector('time')).toHaveAttribute('datetime', db.quarantine[0]!.received_at);

    expect(rows[1]).toHaveTextContent('billing@evil.example');
    // The subject is text, whatever it looks like.
    expect(within(rows[1]!).getByText('Invoice <script>alert(1)</script>')).toBeInTheDocument();
    expect(document.querySelectorAll('script')).toHaveLength(0);
    expect(within(rows[1]!).getByText('Virus')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('DMARC failed')).toBeInTheDocument();
  });

  it('shows a reason it does not know as the API sent it', async () => {
    db.quarantine = [{ ...db.quarantine[0]!, reasons: ['something-new'] }];
    renderApp('/quarantine', { user: users.admin });
    const table = await screen.findByRole('table', { name: 'Quarantine' });
    expect(within(table).getByText('something-new')).toBeInTheDocument();
  });

  it('says so when nothing is in quarantine', async () => {
    db.quarantine = [];
    renderApp('/quarantine', { user: users.admin });
    expect(await screen.findByText('Nothing in quarantine.')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows the API error when the list cannot be loaded', async () => {
    server.use(http.get(`${API}/quarantine`, () => problem(403, 'Forbidden', { detail: 'admins only' })));
    renderApp('/quarantine', { user: users.admin });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load the quarantine');
    expect(alert).toHaveTextContent('admins only');
  });

  it('is linked in the navigation for admins only', async () => {
    const { unmount } = renderApp('/inbox', { user: users.admin });
    expect(within(await nav()).getByRole('link', { name: 'Quarantine' })).toHaveAttribute('href', '/quarantine');
    unmount();
    for (const user of [users.manager, users.agent]) {
      const view = renderApp('/inbox', { user });
      const links = within(await nav());
      expect(links.getByRole('link', { name: 'Inbox' })).toBeInTheDocument();
      expect(links.queryByRole('link', { name: 'Quarantine' })).not.toBeInTheDocument();
      view.unmount();
    }
  });

  it.each([
    ['manager', users.manager],
    ['agent', users.agent],
  ])('sends a %s who opens it to the inbox', async (_, user) => {
    const { router } = renderApp('/quarantine', { user });
    await waitFor(() => expect(router.state.location.pathname).toBe('/inbox'));
    expect(screen.queryByRole('heading', { name: 'Quarantine' })).not.toBeInTheDocument();
  });
});
