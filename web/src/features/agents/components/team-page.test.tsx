import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '@/testing/render';
import { users } from '@/testing/mocks/db';
import { db } from '@/testing/mocks/handlers';

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

  it('is linked in the header for staff; Reports only for managers and admins', async () => {
    renderApp('/inbox', { user: users.agent });
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Team' })).toHaveAttribute('href', '/team');
    expect(within(nav).getByRole('link', { name: 'SLA' })).toHaveAttribute('href', '/sla');
    expect(within(nav).queryByRole('link', { name: 'Reports' })).not.toBeInTheDocument();
  });
});
