import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { renderApp } from '@/testing/render';
import { users } from '@/testing/mocks/db';
import { server } from '@/testing/mocks/server';
import { API, problem } from '@/testing/mocks/handlers';

async function openMerge() {
  await screen.findByRole('heading', { name: 'Printer on fire' });
  await userEvent.click(screen.getByRole('button', { name: 'Merge…' }));
  return screen.findByRole('dialog', { name: /Merge TKT-000001/ });
}

describe('merging a ticket', () => {
  it('merges with If-Match and shows the ticket closed with a link to the target', async () => {
    let ifMatch: string | null = null;
    let body: unknown;
    server.events.on('request:start', async ({ request }) => {
      if (request.method === 'POST' && request.url.endsWith('/merge')) {
        ifMatch = request.headers.get('if-match');
        body = await request.clone().json();
      }
    });
    renderApp('/tickets/t-1', { user: users.agent });
    const dialog = await openMerge();
    await userEvent.type(within(dialog).getByRole('textbox', { name: /Target ticket number/ }), 'TKT-000002');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Merge' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(screen.getAllByLabelText('Status: closed').length).toBeGreaterThan(0));
    const link = await screen.findByRole('link', { name: /TKT-000002 · Cannot log in/ });
    expect(link).toHaveAttribute('href', '/tickets/t-2');
    expect(screen.queryByRole('button', { name: 'Merge…' })).not.toBeInTheDocument();
    expect(ifMatch).toBe('"3"');
    expect(body).toEqual({ target_id: 'TKT-000002' });
    server.events.removeAllListeners();
  });

  it('says clearly when the target does not exist (404)', async () => {
    renderApp('/tickets/t-1', { user: users.agent });
    const dialog = await openMerge();
    await userEvent.type(within(dialog).getByRole('textbox', { name: /Target ticket number/ }), 'TKT-999999');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Merge' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('No such ticket');
    expect(alert).toHaveTextContent('no ticket TKT-999999');
    // The draft stays for a correction.
    expect(within(dialog).getByRole('textbox', { name: /Target ticket number/ })).toHaveValue('TKT-999999');
  });

  it('shows the 409 problem when the merge is refused', async () => {
    server.use(
      http.post(`${API}/tickets/:id/merge`, () =>
        problem(409, 'Conflict', { detail: 'the target ticket is closed' }),
      ),
    );
    renderApp('/tickets/t-1', { user: users.agent });
    const dialog = await openMerge();
    await userEvent.type(within(dialog).getByRole('textbox', { name: /Target ticket number/ }), 'TKT-000003');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Merge' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('These tickets cannot be merged');
    expect(alert).toHaveTextContent('the target ticket is closed');
  });
});
