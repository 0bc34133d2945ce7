import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { renderApp } from '@/testing/render';
import { ticket, users } from '@/testing/mocks/db';
import { server } from '@/testing/mocks/server';
import { API, problem } from '@/testing/mocks/handlers';
import { ticketKeys } from '@/features/tickets/api/tickets';
import { POLL_MS } from '@/features/tickets/hooks/use-tickets';

describe('the inbox', () => {
  it('lists the tickets from GET /tickets with status, priority and assignee', async () => {
    const requested: string[] = [];
    server.events.on('request:start', ({ request }) => {
      if (new URL(request.url).pathname === '/api/v1/tickets') requested.push(request.url);
    });
    renderApp('/inbox', { user: users.agent });
    const list = await screen.findByRole('list', { name: 'Tickets' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent('TKT-000001');
    expect(rows[0]).toHaveTextContent('Printer on fire');
    expect(within(rows[0]!).getByLabelText('Priority: urgent')).toBeInTheDocument();
    await waitFor(() => expect(rows[0]).toHaveTextContent('Alice Agent'));
    expect(within(rows[1]!).getByLabelText('Status: new')).toBeInTheDocument();
    expect(rows[1]).toHaveTextContent('Unassigned');
    expect(within(rows[0]!).getByRole('link')).toHaveAttribute('href', '/tickets/t-1');
    expect(new URL(requested[0]!).searchParams.get('view')).toBe('mine');
    expect(new URL(requested[0]!).searchParams.get('limit')).toBe('25');
    server.events.removeAllListeners();
  });

  it('switches views and filters through the query string', async () => {
    const seen: URLSearchParams[] = [];
    server.use(
      http.get(`${API}/tickets`, ({ request }) => {
        seen.push(new URL(request.url).searchParams);
        return HttpResponse.json({ items: [], next_cursor: null });
      }),
    );
    const { router } = renderApp('/inbox?priority=high', { user: users.agent });
    expect(await screen.findByText('No tickets here.')).toBeInTheDocument();
    expect(seen.at(-1)?.get('priority')).toBe('high');
    await userEvent.click(screen.getByRole('radio', { name: /^Unassigned/ }));
    await waitFor(() => expect(seen.at(-1)?.get('view')).toBe('unassigned'));
    expect(seen.at(-1)?.get('priority')).toBe('high');
    expect(router.state.location.search).toContain('view=unassigned');
  });

  it('filters by assignee (in the "all" view, which the API needs for it) and by team', async () => {
    const seen: URLSearchParams[] = [];
    server.events.on('request:start', ({ request }) => {
      const url = new URL(request.url);
      if (url.pathname === '/api/v1/tickets') seen.push(url.searchParams);
    });
    const { router } = renderApp('/inbox', { user: users.agent });
    await screen.findByRole('list', { name: 'Tickets' });

    await userEvent.click(screen.getByRole('combobox', { name: 'Assignee' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Bob Agent', hidden: true }));
    await waitFor(() => expect(seen.at(-1)?.get('assignee')).toBe('acme-agent2'));
    expect(seen.at(-1)?.get('view')).toBe('all');
    expect(router.state.location.search).toContain('assignee=acme-agent2');
    expect(router.state.location.search).toContain('view=all');
    expect(await screen.findByText('No tickets here.')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('combobox', { name: 'Assignee' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Unassigned', hidden: true }));
    await waitFor(() => expect(seen.at(-1)?.get('assignee')).toBe('none'));
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Tickets' })).getAllByRole('listitem')).toHaveLength(2));

    await userEvent.click(screen.getByRole('combobox', { name: 'Team' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Support', hidden: true }));
    await waitFor(() => expect(seen.at(-1)?.get('team')).toBe('support'));
    expect(seen.at(-1)?.get('assignee')).toBe('none');
    expect(router.state.location.search).toContain('team=support');

    // Another view drops the assignee (the API would ignore it there) and keeps the team.
    await userEvent.click(screen.getByRole('radio', { name: /^Pending/ }));
    await waitFor(() => expect(seen.at(-1)?.get('view')).toBe('pending'));
    expect(seen.at(-1)?.get('assignee')).toBeNull();
    expect(seen.at(-1)?.get('team')).toBe('support');
    expect(router.state.location.search).not.toContain('assignee');
    server.events.removeAllListeners();
  });

  it('reads the assignee and team filters from the URL', async () => {
    const seen: URLSearchParams[] = [];
    server.events.on('request:start', ({ request }) => {
      const url = new URL(request.url);
      if (url.pathname === '/api/v1/tickets') seen.push(url.searchParams);
    });
    renderApp('/inbox?assignee=acme-agent1&team=support', { user: users.agent });
    await screen.findByText('No tickets here.');
    expect(seen[0]?.get('view')).toBe('all');
    expect(seen[0]?.get('assignee')).toBe('acme-agent1');
    expect(seen[0]?.get('team')).toBe('support');
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Assignee' })).toHaveValue('Alice Agent'));
    expect(screen.getByRole('combobox', { name: 'Team' })).toHaveValue('Support');
    server.events.removeAllListeners();
  });

  it('pages with the cursor', async () => {
    server.use(
      http.get(`${API}/tickets`, ({ request }) => {
        const cursor = new URL(request.url).searchParams.get('cursor');
        return cursor === 'page-2'
          ? HttpResponse.json({ items: [ticket({ id: 't-9', number: 'TKT-000009', subject: 'Second page' })], next_cursor: null })
          : HttpResponse.json({ items: [ticket({ id: 't-1', subject: 'First page' })], next_cursor: 'page-2' });
      }),
    );
    renderApp('/inbox', { user: users.agent });
    expect(await screen.findByText('First page')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Previous page' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('Second page')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Previous page' }));
    expect(await screen.findByText('First page')).toBeInTheDocument();
  });

  it('moves with j/k and opens with o, and shows the shortcut help on ?', async () => {
    const { router } = renderApp('/inbox', { user: users.agent });
    await screen.findByRole('list', { name: 'Tickets' });
    await userEvent.keyboard('j');
    expect(screen.getAllByRole('link', { name: /TKT-00000/ })[1]).toHaveFocus();
    await userEvent.keyboard('j');
    await userEvent.keyboard('k');
    await userEvent.keyboard('o');
    await waitFor(() => expect(router.state.location.pathname).toBe('/tickets/t-2'));
    await userEvent.keyboard('?');
    expect(await screen.findByRole('dialog', { name: 'Keyboard shortcuts' })).toBeInTheDocument();
  });
});

describe('SLA in the inbox', () => {
  it('shows the most urgent clock on rows and has a Breaching soon view', async () => {
    const seen: (string | null)[] = [];
    server.events.on('request:start', ({ request }) => {
      const url = new URL(request.url);
      if (url.pathname === '/api/v1/tickets') seen.push(url.searchParams.get('view'));
    });
    renderApp('/inbox', { user: users.agent });
    const list = await screen.findByRole('list', { name: 'Tickets' });
    const rows = within(list).getAllByRole('listitem');
    expect(within(rows[0]!).getByLabelText('SLA first response: Due in 35m')).toBeInTheDocument();
    expect(within(rows[1]!).queryByTestId('sla-badge')).not.toBeInTheDocument();
    expect(within(rows[2]!).getByLabelText('SLA resolution: Paused')).toBeInTheDocument();

    await userEvent.click(screen.getByText('Breaching soon'));
    await waitFor(() => expect(seen.at(-1)).toBe('breaching'));
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Tickets' })).getAllByRole('listitem')).toHaveLength(1));
    server.events.removeAllListeners();
  });
});

describe('view counts', () => {
  it('shows GET /ticket-counts next to each view name, none for Breaching soon', async () => {
    renderApp('/inbox', { user: users.agent });
    const views = await screen.findByRole('radiogroup', { name: 'View' });
    expect(await within(views).findByRole('radio', { name: 'My open (1 ticket)' })).toBeInTheDocument();
    expect(within(views).getByRole('radio', { name: 'Unassigned (2 tickets)' })).toBeInTheDocument();
    expect(within(views).getByRole('radio', { name: 'All open (2 tickets)' })).toBeInTheDocument();
    expect(within(views).getByRole('radio', { name: 'Pending (1 ticket)' })).toBeInTheDocument();
    expect(within(views).getByRole('radio', { name: 'Resolved (0 tickets)' })).toBeInTheDocument();
    expect(within(views).getByRole('radio', { name: 'All (3 tickets)' })).toBeInTheDocument();
    expect(within(views).getByRole('radio', { name: 'Breaching soon' })).toBeInTheDocument();
  });

  it('are polled on the same interval as the list', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const asked: string[] = [];
      server.events.on('request:start', ({ request }) => {
        const path = new URL(request.url).pathname;
        if (path.endsWith('/ticket-counts') || path.endsWith('/tickets')) asked.push(path.split('/').pop()!);
      });
      renderApp('/inbox', { user: users.agent });
      await screen.findByRole('radio', { name: /^Pending \(/ });
      expect(asked.filter((p) => p === 'ticket-counts')).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(POLL_MS);
      await waitFor(() => expect(asked.filter((p) => p === 'ticket-counts')).toHaveLength(2));
      expect(asked.filter((p) => p === 'tickets')).toHaveLength(2);
      server.events.removeAllListeners();
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows the views without counts when the endpoint is missing', async () => {
    server.use(http.get(`${API}/ticket-counts`, () => problem(404, 'Not Found')));
    renderApp('/inbox', { user: users.agent });
    await screen.findByRole('list', { name: 'Tickets' });
    expect(screen.getByRole('radio', { name: 'My open' })).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'All' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('are refreshed after a ticket changes', async () => {
    const { router, queryClient } = renderApp('/inbox', { user: users.agent });
    await screen.findByRole('radio', { name: 'Pending (1 ticket)' });
    expect(queryClient.getQueryState(ticketKeys.counts())?.isInvalidated).toBe(false);

    await router.navigate('/tickets/t-1');
    await userEvent.click(await screen.findByRole('combobox', { name: 'Status' }));
    await userEvent.click(await screen.findByRole('option', { name: 'pending', hidden: true }));
    await waitFor(() => expect(queryClient.getQueryState(ticketKeys.counts())?.isInvalidated).toBe(true));

    await router.navigate('/inbox');
    expect(await screen.findByRole('radio', { name: 'Pending (2 tickets)' })).toBeInTheDocument();
  });

  it('are never asked for by customers, even after they write', async () => {
    const asked: string[] = [];
    server.events.on('request:start', ({ request }) => {
      if (new URL(request.url).pathname.endsWith('/ticket-counts')) asked.push(request.url);
    });
    const { router } = renderApp('/portal/new', { user: users.customer });
    await userEvent.type(await screen.findByRole('textbox', { name: /subject/i }), 'Invoice missing');
    await userEvent.type(screen.getByRole('textbox', { name: /description/i }), 'Where is my invoice?');
    await userEvent.click(screen.getByRole('button', { name: 'Submit ticket' }));
    await waitFor(() => expect(router.state.location.pathname).toMatch(/^\/portal\/tickets\//));
    await router.navigate('/portal');
    await screen.findByRole('list', { name: 'My tickets' });
    expect(asked).toEqual([]);
    server.events.removeAllListeners();
  });
});
