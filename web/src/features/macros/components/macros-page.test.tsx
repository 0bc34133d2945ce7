import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '@/testing/render';
import { users } from '@/testing/mocks/db';
import { server } from '@/testing/mocks/server';
import type { NewMacro } from '@/types/api';

/** Opens a Mantine select and clicks one of its own options. */
async function pick(input: HTMLElement, option: string) {
  await userEvent.click(input);
  const listbox = await waitFor(() => document.getElementById(input.getAttribute('aria-controls') ?? '')!);
  await userEvent.click(within(listbox).getByRole('option', { name: option, hidden: true }));
}

describe('the macros page', () => {
  it('saves a macro of changes and one public reply, in the triggers’ wire shape', async () => {
    const posted: NewMacro[] = [];
    server.events.on('request:start', async ({ request }) => {
      if (request.method === 'POST' && new URL(request.url).pathname === '/api/v1/macros') {
        posted.push((await request.clone().json()) as NewMacro);
      }
    });
    renderApp('/macros', { user: users.admin });
    expect(await screen.findByText('No macros yet.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'New macro' }));
    const editor = screen.getByRole('region', { name: 'New macro' });
    await userEvent.type(within(editor).getByRole('textbox', { name: /^Name/ }), 'Solved, thanks');
    await pick(within(editor).getByRole('combobox', { name: 'Shared with' }), 'Everyone in the org');
    // The first action starts as "Set status".
    await pick(within(editor).getByRole('combobox', { name: 'Action 1 value' }), 'resolved');
    await userEvent.click(within(editor).getByRole('button', { name: 'Add an action' }));
    await pick(within(editor).getByRole('combobox', { name: 'Action 2 type' }), 'Add public reply');
    await userEvent.type(within(editor).getByRole('textbox', { name: 'Action 2 value' }), 'Glad we could help!');

    // At most one note or reply.
    await userEvent.click(within(editor).getByRole('button', { name: 'Add an action' }));
    await pick(within(editor).getByRole('combobox', { name: 'Action 3 type' }), 'Add internal note');
    await userEvent.type(within(editor).getByRole('textbox', { name: 'Action 3 value' }), 'FYI');
    expect(within(editor).getByText('At most one internal note or public reply per macro.')).toBeInTheDocument();
    expect(within(editor).getByRole('button', { name: 'Save' })).toBeDisabled();
    await userEvent.click(within(editor).getByRole('button', { name: 'Remove action 3' }));

    await userEvent.click(within(editor).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Macro Solved, thanks saved.')).toBeInTheDocument();
    expect(posted).toEqual([
      {
        name: 'Solved, thanks',
        actions: [
          { type: 'set_status', value: 'resolved' },
          { type: 'add_reply', value: 'Glad we could help!' },
        ],
        shared: 'org',
        team_id: null,
      },
    ]);
    const item = await screen.findByRole('listitem', { name: 'Solved, thanks' });
    expect(item).toHaveTextContent('Set status resolved, Add a public reply.');
    expect(item).toHaveTextContent('Used 0 times');
    server.events.removeAllListeners();
  });

  it('keeps agents to personal macros that assign to "me", without a team', async () => {
    renderApp('/macros', { user: users.agent });
    await userEvent.click(await screen.findByRole('button', { name: 'New macro' }));
    const editor = screen.getByRole('region', { name: 'New macro' });
    expect(within(editor).getByRole('combobox', { name: 'Shared with' })).toHaveValue('Only me');
    await userEvent.click(within(editor).getByRole('combobox', { name: 'Action 1 type' }));
    const types = await waitFor(() =>
      document.getElementById(within(editor).getByRole('combobox', { name: 'Action 1 type' }).getAttribute('aria-controls')!)!,
    );
    expect(within(types).queryByRole('option', { name: 'Set team', hidden: true })).not.toBeInTheDocument();
    await userEvent.click(within(types).getByRole('option', { name: 'Set assignee', hidden: true }));
    const assignee = within(editor).getByRole('combobox', { name: 'Action 1 value' });
    await userEvent.click(assignee);
    const options = await waitFor(() => document.getElementById(assignee.getAttribute('aria-controls')!)!);
    expect(within(options).getAllByRole('option', { hidden: true }).map((o) => o.textContent)).toEqual([
      'Me (whoever applies it)',
    ]);
  });
});
