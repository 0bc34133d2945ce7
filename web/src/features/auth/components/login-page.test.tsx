import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '@/testing/render';
import { getSession } from '@/lib/session';

describe('signing in (local mode)', () => {
  it('signs an agent in by email and lands on the inbox', async () => {
    const { router } = renderApp('/login');
    await userEvent.type(screen.getByLabelText(/email/i), 'agent1@acme.test');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/inbox'));
    expect(getSession()?.user.role).toBe('agent');
    expect(getSession()?.token).toBe('token-for-acme-agent1');
    expect(await screen.findByRole('heading', { name: 'Inbox' })).toBeInTheDocument();
  });

  it('signs a customer in with a demo button and lands on the portal', async () => {
    const { router } = renderApp('/login');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in as customer1@acme.test' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/portal'));
    expect(await screen.findByRole('heading', { name: 'My tickets' })).toBeInTheDocument();
  });

  it('returns to the page that asked for sign-in', async () => {
    const { router } = renderApp('/tickets/t-1');
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    await userEvent.click(screen.getByRole('button', { name: 'Sign in as agent1@acme.test' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/tickets/t-1'));
  });

  it('explains a refused sign-in and stays signed out', async () => {
    renderApp('/login');
    await userEvent.type(screen.getByLabelText(/email/i), 'stranger@acme.test');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/no such local user/);
    expect(getSession()).toBeNull();
  });
});
