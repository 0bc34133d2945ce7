import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '@/testing/render';
import { interaction, users } from '@/testing/mocks/db';
import { server } from '@/testing/mocks/server';
import { db } from '@/testing/mocks/handlers';
import { kbDb } from '@/testing/mocks/kb';
import type { CreateArticleRequest } from '@/types/api';

describe('the knowledge base on the ticket page', () => {
  it('inserts a published article’s help-center link into the reply at the cursor', async () => {
    const queries: string[] = [];
    server.events.on('request:start', ({ request }) => {
      const url = new URL(request.url);
      if (url.pathname === '/api/v1/knowledge-base/articles') queries.push(url.search);
    });
    renderApp('/tickets/t-1', { user: users.agent });
    const reply = await screen.findByRole('textbox', { name: 'Reply' });
    await userEvent.type(reply, 'This should help:');
    // Asked for only once the picker opens.
    expect(queries).toEqual([]);

    const picker = screen.getByRole('combobox', { name: 'Insert article link' });
    await userEvent.click(picker);
    const listbox = await waitFor(() => document.getElementById(picker.getAttribute('aria-controls') ?? '')!);
    const options = await within(listbox).findAllByRole('option', { hidden: true });
    // Published articles only.
    expect(options.map((o) => o.textContent)).toEqual(['Download an invoice', 'Reset your password']);
    await userEvent.type(picker, 'reset');
    await userEvent.click(within(listbox).getByRole('option', { name: 'Reset your password', hidden: true }));

    const origin = window.location.origin;
    await waitFor(() =>
      expect(reply).toHaveValue(`This should help: Reset your password: ${origin}/help/10001/articles/reset-your-password`),
    );
    expect(picker).toHaveValue('');
    expect(queries).toEqual(['?limit=100&status=published']);
    server.events.removeAllListeners();
  });

  it('creates a draft article from the latest public agent reply and opens it', async () => {
    // A customer message after the agent's reply: the default is still the agent's.
    db.tickets[0]!.thread!.push(interaction({ id: 'm-9', body: 'Thanks, it worked!' }));
    let sent: CreateArticleRequest | undefined;
    server.events.on('request:start', async ({ request }) => {
      if (request.method === 'POST' && new URL(request.url).pathname === '/api/v1/knowledge-base/articles') {
        sent = (await request.clone().json()) as CreateArticleRequest;
      }
    });
    const { router } = renderApp('/tickets/t-1', { user: users.agent });
    await userEvent.click(await screen.findByRole('button', { name: 'Create article from ticket' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create an article from this ticket' });
    // Public messages only: no internal note to pick.
    const radios = within(dialog).getAllByRole('radio');
    expect(radios).toHaveLength(3);
    expect(within(dialog).queryByText(/Checked with facilities/)).not.toBeInTheDocument();
    expect(within(dialog).getByRole('radio', { name: /We are sending someone now/ })).toBeChecked();

    await userEvent.click(within(dialog).getByRole('button', { name: 'Create draft' }));
    await waitFor(() => expect(router.state.location.pathname).toMatch(/^\/kb\/a-new-\d+$/));
    expect(sent).toEqual({ ticket_id: 't-1', interaction_id: 'm-3' });
    // The editor: the ticket's subject as the title, the reply as the body.
    expect(await screen.findByRole('textbox', { name: /Body/ })).toHaveValue('We are sending someone now.');
    expect(screen.getByRole('textbox', { name: /Title/ })).toHaveValue('Printer on fire');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(kbDb.articles.at(-1)!.article.status).toBe('draft');
    server.events.removeAllListeners();
  });

  it('lets staff pick another public message', async () => {
    let sent: CreateArticleRequest | undefined;
    server.events.on('request:start', async ({ request }) => {
      if (request.method === 'POST' && new URL(request.url).pathname === '/api/v1/knowledge-base/articles') {
        sent = (await request.clone().json()) as CreateArticleRequest;
      }
    });
    renderApp('/tickets/t-1', { user: users.manager });
    await userEvent.click(await screen.findByRole('button', { name: 'Create article from ticket' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create an article from this ticket' });
    await userEvent.click(within(dialog).getByRole('radio', { name: /Smoke everywhere/ }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create draft' }));
    await waitFor(() => expect(sent).toEqual({ ticket_id: 't-1', interaction_id: 'm-1' }));
    server.events.removeAllListeners();
  });
});
