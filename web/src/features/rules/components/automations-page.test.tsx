import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { renderApp } from '@/testing/render';
import { users } from '@/testing/mocks/db';
import { server } from '@/testing/mocks/server';
import { API, unprocessable } from '@/testing/mocks/handlers';
import type { Rule } from '@/types/api';

const closeResolved: Rule = {
  id: 'a-1',
  name: 'Close resolved',
  enabled: true,
  conditions: {
    all: [
      { field: 'status', op: 'is', value: 'resolved' },
      { field: 'hours_since_updated', op: 'gt', value: 96 },
    ],
    any: [],
  },
  actions: [{ type: 'set_status', value: 'closed' }],
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  version: 1,
};

const NEEDS = 'needs a condition its own actions make false (e.g. status is pending with set_status closed), so it acts once per ticket';

/** Serves `/automations` (and records what is posted to it); `/triggers` is never asked. */
function serveAutomations() {
  const posted: unknown[] = [];
  server.use(
    http.get(`${API}/automations`, () => HttpResponse.json({ items: [closeResolved], version: 1 })),
    http.post(`${API}/automations`, async ({ request }) => {
      const body = (await request.json()) as { actions: { type: string }[] };
      posted.push(body);
      if (body.actions.some((a) => a.type === 'add_note')) return unprocessable([{ field: 'conditions.all', message: NEEDS }]);
      return HttpResponse.json({ ...closeResolved, ...body, id: 'a-2' }, { status: 201 });
    }),
    http.get(`${API}/triggers`, () => HttpResponse.json({ message: 'not this one' }, { status: 500 })),
  );
  return posted;
}

/** Opens a Mantine select and clicks one of its own options. */
async function pick(input: HTMLElement, option: string) {
  await userEvent.click(input);
  const listbox = await waitFor(() => document.getElementById(input.getAttribute('aria-controls') ?? '')!);
  await userEvent.click(within(listbox).getByRole('option', { name: option, hidden: true }));
}

describe('the automations page', () => {
  it('lists the automations, explains what they need, and offers no changed operators', async () => {
    serveAutomations();
    renderApp('/automations', { user: users.admin });
    expect(await screen.findByRole('heading', { name: 'Automations', level: 1 })).toBeInTheDocument();
    expect(screen.getByText(/status is pending and hours since updated > 72 → set status closed/)).toBeInTheDocument();
    const item = await screen.findByRole('listitem', { name: 'Close resolved' });
    expect(item).toHaveTextContent('Status is resolved and Hours since updated more than 96: Set status closed.');

    await userEvent.click(screen.getByRole('button', { name: 'New automation' }));
    const editor = screen.getByRole('region', { name: 'New automation' });
    expect(within(editor).getByRole('combobox', { name: 'All condition 1 field' })).toHaveValue('Status');
    const op = within(editor).getByRole('combobox', { name: 'All condition 1 operator' });
    expect(op).toHaveValue('is');
    await userEvent.click(op);
    const listbox = await waitFor(() => document.getElementById(op.getAttribute('aria-controls') ?? '')!);
    const offered = within(listbox)
      .getAllByRole('option', { hidden: true })
      .map((o) => o.textContent);
    expect(offered).toEqual(['is', 'is not']);
  });

  it("shows the API's refusal of an automation with no condition its actions make false above the conditions", async () => {
    const posted = serveAutomations();
    renderApp('/automations', { user: users.admin });
    await userEvent.click(await screen.findByRole('button', { name: 'New automation' }));
    const editor = screen.getByRole('region', { name: 'New automation' });
    await userEvent.type(within(editor).getByRole('textbox', { name: /^Name/ }), 'Nag');
    await pick(within(editor).getByRole('combobox', { name: 'All condition 1 value' }), 'pending');
    await userEvent.click(within(editor).getByRole('button', { name: 'Remove all condition 2' }));
    await pick(within(editor).getByRole('combobox', { name: 'Action 1 type' }), 'Add internal note');
    await userEvent.type(within(editor).getByRole('textbox', { name: 'Action 1 value' }), 'Still pending');
    await userEvent.click(within(editor).getByRole('button', { name: 'Save' }));

    const alert = await within(editor).findByRole('alert', { name: /every hour/ });
    expect(alert).toHaveTextContent(/^It would act on the same tickets every hourNeeds a condition its own actions make false/);
    expect(within(editor).getByRole('group', { name: 'All of these conditions' })).toHaveAccessibleDescription(/^Needs a condition/);
    expect(posted).toEqual([
      {
        name: 'Nag',
        enabled: true,
        conditions: { all: [{ field: 'status', op: 'is', value: 'pending' }], any: [] },
        actions: [{ type: 'add_note', value: 'Still pending' }],
      },
    ]);
  });

  it('is read-only for managers, and not there for agents', async () => {
    serveAutomations();
    const { unmount } = renderApp('/automations', { user: users.manager });
    expect(await screen.findByText(/Read-only: only admins can change automations\./)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New automation' })).not.toBeInTheDocument();
    expect(await screen.findByRole('switch', { name: 'Close resolved enabled' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'View Close resolved' }));
    const editor = screen.getByRole('region', { name: 'Automation Close resolved' });
    expect(within(editor).queryByRole('button', { name: 'Save' })).not.toBeInTheDocument();
    expect(within(editor).getByRole('button', { name: 'Dry run' })).toBeInTheDocument();
    unmount();

    const { router } = renderApp('/automations', { user: users.agent });
    await waitFor(() => expect(router.state.location.pathname).toBe('/inbox'));
    expect(screen.queryByRole('link', { name: 'Automations' })).not.toBeInTheDocument();
  });
});
