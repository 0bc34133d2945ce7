import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { renderApp } from '@/testing/render';
import { users } from '@/testing/mocks/db';
import { server } from '@/testing/mocks/server';
import { API } from '@/testing/mocks/handlers';
import { getSession } from '@/lib/session';

describe('route guards', () => {
  it('sends visitors who are not signed in to /login, remembering where they were going', async () => {
    const { router } = renderApp('/inbox?view=pending');
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(router.state.location.search).toBe(`?next=${encodeURIComponent('/inbox?view=pending')}`);
  });

  it('lands agents on the inbox', async () => {
    const { router } = renderApp('/', { user: users.agent });
    await waitFor(() => expect(router.state.location.pathname).toBe('/inbox'));
  });

  it('lands customers on the portal', async () => {
    const { router } = renderApp('/', { user: users.customer });
    await waitFor(() => expect(router.state.location.pathname).toBe('/portal'));
  });

  it.each(['/inbox', '/tickets/t-1', '/tickets/new'])('keeps customers out of the agent page %s', async (path) => {
    const { router } = renderApp(path, { user: users.customer });
    await waitFor(() => expect(router.state.location.pathname).toBe('/portal'));
    expect(screen.queryByRole('heading', { name: 'Inbox' })).not.toBeInTheDocument();
  });

  it('sends staff who open the portal to the inbox', async () => {
    const { router } = renderApp('/portal/new', { user: users.admin });
    await waitFor(() => expect(router.state.location.pathname).toBe('/inbox'));
  });

  it('signs out and returns to /login when the API answers 401', async () => {
    server.use(http.get(`${API}/tickets`, () => HttpResponse.json({ message: 'Unauthorized' }, { status: 401 })));
    const { router } = renderApp('/inbox', { user: users.agent });
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(getSession()).toBeNull();
  });

  it('signs out with the header button', async () => {
    const { router } = renderApp('/portal', { user: users.customer });
    await userEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(getSession()).toBeNull();
  });
});
