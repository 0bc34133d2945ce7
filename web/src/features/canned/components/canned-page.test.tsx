import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '@/testing/render';
import { users } from '@/testing/mocks/db';
import { server } from '@/testing/mocks/server';
import type { NewCanned } from '@/types/api';

/** Opens a Mantine select and clicks one of its own options. */
async function pick(input: HTMLElement, option: string) {
  await userEvent.click(input);
  const listbox = await waitFor(() => document.getElementById(input.getAttribute('aria-controls') ?? '')!);
  await userEvent.click(within(listbox).getByRole('option', { name: option, hidden: true }));
}

function postedBodies(): NewCanned[] {
  const bodies: NewCanned[] = [];
  server.events.on('request:start', async ({ request }) => {
    if (request.method === 'POST' && new URL(request.url).pathname === '/api/v1/canned-responses') {
      bodies.push((await request.clone().json()) as NewCanned);
    }
  });
  return bodies;
}

describe('the canned responses page', () => {
  it('lists them with folder, sharing and usage; an agent saves a personal one and edits only their own', async () => {
    const posted = postedBodies();
    renderApp('/canned-responses', { user: users.agent });
    const table = await screen.findByRole('table', { name: 'Canned responses' });
    const refund = within(table).getByRole('row', { name: /Refund issued/ });
    expect(within(refund).getAllByRole('cell').map((c) => c.textContent)).toEqual(['Billing', 'Org', '0', 'Read-only']);

    await userEvent.click(screen.getByRole('button', { name: 'New canned response' }));
    const editor = screen.getByRole('region', { name: 'New canned response' });
    // Agents keep personal ones only.
    const sharing = within(editor).getByRole('combobox', { name: 'Shared with' });
    expect(sharing).toHaveValue('Only me');
    expect(within(editor).getByText('Only managers and admins can share with a team or the org.')).toBeInTheDocument();
    await userEvent.type(within(editor).getByRole('textbox', { name: /^Title/ }), 'My sign-off');
    const text = within(editor).getByRole('textbox', { name: /^Text/ });
    await userEvent.type(text, 'Thanks, ');
    // A variable chip goes in at the cursor.
    await userEvent.click(within(editor).getByRole('button', { name: 'customer.first_name' }));
    await waitFor(() => expect(text).toHaveValue('Thanks, {{ customer.first_name }}'));
    await userEvent.click(within(editor).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Canned response My sign-off saved.')).toBeInTheDocument();
    expect(posted).toEqual([
      { title: 'My sign-off', body: 'Thanks, {{ customer.first_name }}', folder: null, shared: 'personal', team_id: null },
    ]);
    const mine = await within(table).findByRole('row', { name: /My sign-off/ });
    expect(within(mine).getByRole('button', { name: 'Edit My sign-off' })).toBeInTheDocument();

    // Deleted with its version.
    await userEvent.click(within(mine).getByRole('button', { name: 'Delete My sign-off' }));
    const confirm = await screen.findByRole('dialog', { name: 'Delete canned response' });
    await userEvent.click(within(confirm).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('Canned response My sign-off deleted.')).toBeInTheDocument();
    await waitFor(() => expect(within(table).queryByRole('row', { name: /My sign-off/ })).not.toBeInTheDocument());
    server.events.removeAllListeners();
  });

  it('lets an admin share with the org, and shows the API refusing a body at its field', async () => {
    const posted = postedBodies();
    renderApp('/canned-responses', { user: users.admin });
    await screen.findByRole('table', { name: 'Canned responses' });
    await userEvent.click(screen.getByRole('button', { name: 'New canned response' }));
    const editor = screen.getByRole('region', { name: 'New canned response' });
    await userEvent.type(within(editor).getByRole('textbox', { name: /^Title/ }), 'Leak');
    await userEvent.type(within(editor).getByRole('textbox', { name: /^Folder/ }), 'Misc');
    await pick(within(editor).getByRole('combobox', { name: 'Shared with' }), 'Everyone in the org');
    const text = within(editor).getByRole('textbox', { name: /^Text/ });
    await userEvent.type(text, '{{{{ secrets.key }}');
    await userEvent.click(within(editor).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(text).toHaveAttribute('aria-invalid', 'true'));
    expect(within(editor).getByText('unknown variable `secrets`')).toBeInTheDocument();
    expect(posted[0]).toMatchObject({ title: 'Leak', folder: 'Misc', shared: 'org', team_id: null });

    await userEvent.clear(text);
    await userEvent.type(text, 'Hello');
    await userEvent.click(within(editor).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Canned response Leak saved.')).toBeInTheDocument();
    const row = await screen.findByRole('row', { name: /Leak/ });
    expect(within(row).getByRole('button', { name: 'Edit Leak' })).toBeInTheDocument();
    expect(row).toHaveTextContent('Org');
    server.events.removeAllListeners();
  });
});
