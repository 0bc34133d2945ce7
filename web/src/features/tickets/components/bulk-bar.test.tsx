import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '@/testing/render';
import { users } from '@/testing/mocks/db';
import { server } from '@/testing/mocks/server';
import { db, route } from '@/testing/mocks/handlers';
import type { BulkRequest, User } from '@/types/api';

/** Records the bodies of `POST /tickets/bulk` (the default handler still answers). */
function recordBulk(): BulkRequest[] {
  const bodies: BulkRequest[] = [];
  server.events.on('request:start', ({ request }) => {
    if (request.method === 'POST' && new URL(request.url).pathname === '/api/v1/tickets/bulk') {
      void request
        .clone()
        .json()
        .then((b) => bodies.push(b as BulkRequest));
    }
  });
  return bodies;
}

async function inbox(user: User = users.manager) {
  const utils = renderApp('/inbox', { user });
  const list = await screen.findByRole('list', { name: 'Tickets' });
  return { ...utils, list };
}

/** The open dropdown of the bulk bar's select `label` (every select keeps its options in the page). */
async function dropdown(label: string) {
  const input = within(screen.getByRole('region', { name: 'Bulk actions' })).getByRole('combobox', { name: label });
  await userEvent.click(input);
  await waitFor(() => expect(input).toHaveAttribute('aria-controls'));
  return within(document.getElementById(input.getAttribute('aria-controls')!)!);
}

async function choose(label: string, option: string | RegExp) {
  await userEvent.click((await dropdown(label)).getByRole('option', { name: option, hidden: true }));
}

describe('bulk actions in the inbox', () => {
  it('selects rows and all on the page, and shows the bar with the count', async () => {
    await inbox();
    expect(screen.queryByRole('region', { name: 'Bulk actions' })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select TKT-000001' }));
    const bar = screen.getByRole('region', { name: 'Bulk actions' });
    expect(bar).toHaveTextContent('1 selected');
    const all = screen.getByRole('checkbox', { name: 'Select all on this page' });
    expect(all).toHaveAttribute('data-indeterminate', 'true');
    await userEvent.click(all);
    expect(bar).toHaveTextContent('3 selected');
    expect(screen.getByRole('checkbox', { name: 'Select TKT-000003' })).toBeChecked();
    await userEvent.click(all);
    expect(screen.queryByRole('region', { name: 'Bulk actions' })).not.toBeInTheDocument();
  });

  it('assigns the selection in one request with each version, then clears it and says so', async () => {
    const bodies = recordBulk();
    await inbox();
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select TKT-000001' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select TKT-000002' }));
    await choose('Assign to agent', 'Bob Agent');
    expect(await screen.findByText('2 updated')).toBeInTheDocument();
    expect(bodies).toEqual([
      { ids: ['t-1', 't-2'], changes: { assignee_id: 'acme-agent2' }, versions: { 't-1': 3, 't-2': 1 } },
    ]);
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Bulk actions' })).not.toBeInTheDocument());
    const rows = within(screen.getByRole('list', { name: 'Tickets' })).getAllByRole('listitem');
    await waitFor(() => expect(rows[1]).toHaveTextContent('Bob Agent'));
    server.events.removeAllListeners();
  });

  it('sends status, priority and tags as their changes, and a merge into the chosen one', async () => {
    const bodies = recordBulk();
    await inbox();
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select all on this page' }));
    await choose('Set priority', 'high');
    await screen.findByText('3 updated');
    await waitFor(() => expect(bodies.at(-1)?.changes).toEqual({ priority: 'high' }));

    await userEvent.click(screen.getByRole('checkbox', { name: 'Select all on this page' }));
    await userEvent.type(within(screen.getByRole('region', { name: 'Bulk actions' })).getByRole('textbox', { name: 'Tag' }), ' VIP ');
    await userEvent.click(screen.getByRole('button', { name: 'Add tag' }));
    await waitFor(() => expect(bodies.at(-1)?.changes).toEqual({ add_tags: ['vip'] }));
    expect(bodies.at(-1)?.versions).toEqual({ 't-1': 4, 't-2': 2, 't-3': 2 });

    await waitFor(() => expect(screen.queryByRole('region', { name: 'Bulk actions' })).not.toBeInTheDocument());
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select TKT-000002' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select TKT-000003' }));
    await choose('Merge into', /^TKT-000002/);
    await userEvent.click(screen.getByRole('button', { name: 'Merge' }));
    await waitFor(() => expect(bodies.at(-1)).toMatchObject({ ids: ['t-3'], changes: { merge_into: 't-2' } }));
    server.events.removeAllListeners();
  });

  it('offers agents only themselves as assignee and no team', async () => {
    await inbox(users.agent);
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select TKT-000002' }));
    expect(screen.queryByRole('combobox', { name: 'Assign to team' })).not.toBeInTheDocument();
    const options = (await dropdown('Assign to agent')).getAllByRole('option', { hidden: true });
    expect(options.map((o) => o.textContent)).toEqual(['Me (Alice Agent)']);
  });

  it('summarises a partial failure and keeps the failed ticket selected', async () => {
    await inbox();
    // TKT-000003 moves on after it was listed: its version no longer matches.
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select all on this page' }));
    db.tickets[2]!.version += 1;
    await choose('Set status', 'pending');
    expect(
      await screen.findByText('2 updated, 1 failed: TKT-000003 changed since you loaded it'),
    ).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('region', { name: 'Bulk actions' })).toHaveTextContent('1 selected'));
    expect(screen.getByRole('checkbox', { name: 'Select TKT-000003' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Select TKT-000001' })).not.toBeChecked();
  });

  it('names the reason of each failure the API gives', async () => {
    server.use(
      route('post', '/api/v1/tickets/bulk', () =>
        Response.json({
          results: [
            { id: 't-1', status: 200 },
            { id: 't-2', status: 404, error: { type: 'about:blank', title: 'Not Found', status: 404, detail: 'no such ticket' } },
          ],
        }),
      ),
    );
    await inbox();
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select TKT-000001' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select TKT-000002' }));
    await choose('Set priority', 'low');
    expect(await screen.findByText('1 updated, 1 failed: TKT-000002 no such ticket')).toBeInTheDocument();
  });
});

describe('inbox keys', () => {
  it('moves with j/k, selects with x, opens with Enter', async () => {
    const { router } = await inbox(users.agent);
    await userEvent.keyboard('j');
    const links = screen.getAllByRole('link', { name: /TKT-00000/ });
    expect(links[1]).toHaveFocus();
    expect(links[1]).toHaveAttribute('data-selected', 'true');
    await userEvent.keyboard('x');
    expect(screen.getByRole('checkbox', { name: 'Select TKT-000002' })).toBeChecked();
    expect(screen.getByRole('region', { name: 'Bulk actions' })).toHaveTextContent('1 selected');
    await userEvent.keyboard('j');
    await userEvent.keyboard('x');
    expect(screen.getByRole('region', { name: 'Bulk actions' })).toHaveTextContent('2 selected');
    await userEvent.keyboard('x');
    expect(screen.getByRole('checkbox', { name: 'Select TKT-000003' })).not.toBeChecked();
    await userEvent.keyboard('k');
    expect(links[1]).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(router.state.location.pathname).toBe('/tickets/t-2'));
  });

  it('resolves the highlighted ticket with e through the bulk route', async () => {
    const bodies = recordBulk();
    await inbox();
    await userEvent.keyboard('j');
    await userEvent.keyboard('e');
    expect(await screen.findByText('1 updated')).toBeInTheDocument();
    expect(bodies).toEqual([{ ids: ['t-2'], changes: { status: 'resolved' }, versions: { 't-2': 1 } }]);
    const rows = within(screen.getByRole('list', { name: 'Tickets' })).getAllByRole('listitem');
    await waitFor(() => expect(within(rows[1]!).getByLabelText('Status: resolved')).toBeInTheDocument());
    server.events.removeAllListeners();
  });

  it('fires no shortcut while typing in a field', async () => {
    const bodies = recordBulk();
    const { router } = await inbox();
    const tag = screen.getByRole('textbox', { name: 'Tag' });
    await userEvent.click(tag);
    await userEvent.keyboard('jxe');
    expect(tag).toHaveValue('jxe');
    await userEvent.keyboard('{Enter}');
    expect(screen.getAllByRole('link', { name: /TKT-00000/ })[0]).not.toHaveFocus();
    expect(screen.queryByRole('region', { name: 'Bulk actions' })).not.toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/inbox');
    expect(bodies).toEqual([]);
    server.events.removeAllListeners();
  });
});
