import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { renderApp } from '@/testing/render';
import { users } from '@/testing/mocks/db';
import { server } from '@/testing/mocks/server';
import { API, db, invalid, problem } from '@/testing/mocks/handlers';

/** Opens a Mantine select and clicks one of its own options (other selects keep theirs mounted). */
async function pick(input: HTMLElement, option: string) {
  await userEvent.click(input);
  const listbox = await waitFor(() => document.getElementById(input.getAttribute('aria-controls') ?? '')!);
  await userEvent.click(within(listbox).getByRole('option', { name: option, hidden: true }));
}

/** Collects the JSON bodies of PATCH requests to a path. */
function patchBodies(path: RegExp): unknown[] {
  const bodies: unknown[] = [];
  server.events.on('request:start', async ({ request }) => {
    if (request.method === 'PATCH' && path.test(new URL(request.url).pathname)) bodies.push(await request.clone().json());
  });
  return bodies;
}

describe('the team page', () => {
  it('lists agents with role and availability, and teams; agents see no admin forms', async () => {
    renderApp('/team', { user: users.agent });
    const table = await screen.findByRole('table', { name: 'Agents' });
    const bob = within(table).getByText('Bob Agent').closest('tr')!;
    expect(bob).toHaveTextContent('agent');
    expect(bob).toHaveTextContent('away');
    expect(await screen.findByText('Support')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add agent' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create team' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Edit/ })).not.toBeInTheDocument();
  });

  it('lets an admin add an agent and create a team', async () => {
    renderApp('/team', { user: users.admin });
    await screen.findByRole('table', { name: 'Agents' });
    await userEvent.type(screen.getByRole('textbox', { name: /Email/ }), 'carol@acme.test');
    await userEvent.type(screen.getByRole('textbox', { name: /^Name/ }), 'Carol Agent');
    await userEvent.click(screen.getByRole('button', { name: 'Add agent' }));
    expect(await screen.findByText('Carol Agent added.')).toBeInTheDocument();
    expect(db.agents.find((a) => a.email === 'carol@acme.test')).toMatchObject({ name: 'Carol Agent', role: 'agent' });
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Agents' })).getByText('Carol Agent')).toBeInTheDocument());

    await userEvent.type(screen.getByRole('textbox', { name: /Team id/ }), 'billing');
    await userEvent.type(screen.getByRole('textbox', { name: /Team name/ }), 'Billing');
    await userEvent.click(screen.getByRole('button', { name: 'Create team' }));
    expect(await screen.findByText('Team Billing created.')).toBeInTheDocument();
    expect(db.teams.map((t) => t.id)).toContain('billing');
  });

  it('lets an admin edit an agent: name, role and skills, in a dialog', async () => {
    const bodies = patchBodies(/^\/api\/v1\/agents\/acme-agent2$/);
    renderApp('/team', { user: users.admin });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit Bob Agent' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit Bob Agent' });
    const name = within(dialog).getByRole('textbox', { name: /Name/ });
    expect(name).toHaveValue('Bob Agent');
    await userEvent.clear(name);
    await userEvent.type(name, 'Robert Agent');
    await pick(within(dialog).getByRole('combobox', { name: 'Role' }), 'manager');
    await userEvent.type(within(dialog).getByLabelText('Skills'), 'billing{Enter}');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByRole('status')).toHaveTextContent('Robert Agent saved.');
    expect(bodies).toEqual([{ name: 'Robert Agent', role: 'manager', skills: ['billing'] }]);
    const row = await waitFor(() => within(screen.getByRole('table', { name: 'Agents' })).getByText('Robert Agent').closest('tr')!);
    expect(row).toHaveTextContent('manager');
    expect(row).toHaveTextContent('billing');
    server.events.removeAllListeners();
  });

  it('sends only the fields that changed', async () => {
    const bodies = patchBodies(/^\/api\/v1\/agents\//);
    renderApp('/team', { user: users.admin });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit Alice Agent' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit Alice Agent' });
    await userEvent.type(within(dialog).getByRole('textbox', { name: /Name/ }), ' B.');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(bodies).toEqual([{ name: 'Alice Agent B.' }]);
    server.events.removeAllListeners();
  });

  it("shows the API's field errors beside the inputs and keeps the dialog open", async () => {
    server.use(
      http.patch(`${API}/agents/:id`, () =>
        invalid([
          { field: 'name', message: 'at most 100 characters' },
          { field: 'skills[0]', message: 'letters, digits and dashes only' },
        ]),
      ),
    );
    renderApp('/team', { user: users.admin });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit Bob Agent' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit Bob Agent' });
    await userEvent.type(within(dialog).getByRole('textbox', { name: /Name/ }), 'x');
    await userEvent.type(within(dialog).getByLabelText('Skills'), 'bad skill{Enter}');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(await within(dialog).findByText('at most 100 characters')).toBeInTheDocument();
    expect(within(dialog).getByRole('textbox', { name: /Name/ })).toHaveAttribute('aria-invalid', 'true');
    expect(within(dialog).getByText('letters, digits and dashes only')).toBeInTheDocument();
    const alert = within(dialog).getByRole('alert');
    expect(alert).toHaveTextContent('Could not save the agent');
    expect(alert).toHaveTextContent('one or more fields are invalid');
    // Not repeated in the alert's list.
    expect(alert).not.toHaveTextContent('at most 100 characters');
    expect(screen.getByRole('dialog', { name: 'Edit Bob Agent' })).toBeInTheDocument();
  });

  it('lets an admin rename a team and change its members', async () => {
    const bodies = patchBodies(/^\/api\/v1\/teams\/support$/);
    renderApp('/team', { user: users.admin });
    await screen.findByRole('table', { name: 'Agents' });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit team Support' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit team Support' });
    const name = within(dialog).getByRole('textbox', { name: /Team name/ });
    await userEvent.clear(name);
    await userEvent.type(name, 'Customer Support');
    await pick(within(dialog).getByLabelText('Members'), 'Bob Agent');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(bodies).toEqual([{ name: 'Customer Support', members: ['acme-agent1', 'acme-agent2'] }]);
    expect(screen.getByRole('status')).toHaveTextContent('Team Customer Support saved.');
    const teams = screen.getByRole('list', { name: 'Teams' });
    await waitFor(() => expect(teams).toHaveTextContent('Customer Support (Alice Agent, Bob Agent)'));
    expect(db.teams[0]).toMatchObject({ name: 'Customer Support', members: ['acme-agent1', 'acme-agent2'] });
    server.events.removeAllListeners();
  });

  it("shows the API's problem when a team cannot be saved", async () => {
    server.use(http.patch(`${API}/teams/:id`, () => problem(404, 'Not found', { detail: 'agent not found' })));
    renderApp('/team', { user: users.admin });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit team Support' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit team Support' });
    await userEvent.type(within(dialog).getByRole('textbox', { name: /Team name/ }), '!');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('Could not save the team');
    expect(alert).toHaveTextContent('agent not found');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(db.teams[0]?.name).toBe('Support');
  });

  it('is linked in the header for staff; Reports only for managers and admins', async () => {
    renderApp('/inbox', { user: users.agent });
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Team' })).toHaveAttribute('href', '/team');
    expect(within(nav).getByRole('link', { name: 'SLA' })).toHaveAttribute('href', '/sla');
    expect(within(nav).queryByRole('link', { name: 'Reports' })).not.toBeInTheDocument();
  });
});
