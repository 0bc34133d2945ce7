import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '@/testing/render';
import { users } from '@/testing/mocks/db';
import { db } from '@/testing/mocks/handlers';

describe('the notifications bell', () => {
  it('shows the unread count, lists them, and a click marks one read and opens its ticket', async () => {
    const { router } = renderApp('/inbox', { user: users.agent });
    const bell = await screen.findByRole('button', { name: 'Notifications, 2 unread' });
    await userEvent.click(bell);
    const item = await screen.findByRole('menuitem', { name: /TKT-000002 was assigned to you/ });
    expect(await screen.findByRole('menuitem', { name: /breached its first response/, hidden: true })).toBeInTheDocument();
    await userEvent.click(item);
    await waitFor(() => expect(router.state.location.pathname).toBe('/tickets/t-2'));
    await waitFor(() => expect(db.notifications.find((n) => n.id === 'n-1')?.read).toBe(true));
    expect(await screen.findByRole('button', { name: 'Notifications, 1 unread' })).toBeInTheDocument();
  });

  it('is not shown to customers', async () => {
    renderApp('/portal', { user: users.customer });
    await screen.findByRole('heading', { level: 1 });
    expect(screen.queryByRole('button', { name: /Notifications/ })).not.toBeInTheDocument();
  });
});
