import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse } from 'msw';
import { renderApp } from '@/testing/render';
import { users } from '@/testing/mocks/db';
import { server } from '@/testing/mocks/server';
import { route } from '@/testing/mocks/handlers';
import { renderBody } from '@/testing/mocks/csat';
import { byFolder, opensPicker } from '@/features/canned/folders';
import type { CannedResponse, RenderRequest } from '@/types/api';

/** Records every render the picker asks for (the mock's render answers as the API would). */
function recordRenders() {
  const renders: { id: string; body: RenderRequest }[] = [];
  server.use(
    route('post', '/api/v1/canned-responses/{id}/render', async ({ params, request }) => {
      const body = await request.json();
      renders.push({ id: String(params.id), body });
      const text = renderBody(
        'Hi {{ customer.first_name | default("there") }}, the refund for order {{ ask("order number") }} is on its way.',
        body.answers ?? {},
      );
      return HttpResponse.json({ text, asks: ['order number'], missing: body.answers?.['order number'] ? [] : ['order number'] });
    }),
  );
  return renders;
}

describe('the canned-response picker', () => {
  it('lists by folder, asks for the prompts, previews, and inserts the rendered text at the cursor', async () => {
    const renders = recordRenders();
    renderApp('/tickets/t-1', { user: users.agent });
    const reply = await screen.findByRole('textbox', { name: 'Reply' });
    await userEvent.type(reply, 'Hello.');
    await userEvent.click(screen.getByRole('button', { name: 'Canned responses' }));
    const dialog = await screen.findByRole('dialog', { name: 'Canned responses' });
    const billing = await within(dialog).findByRole('group', { name: 'Billing' });
    expect(within(dialog).getByRole('group', { name: 'Accounts' })).toBeInTheDocument();
    expect(within(dialog).getByRole('group', { name: 'No folder' })).toBeInTheDocument();

    await userEvent.click(within(billing).getByRole('option', { name: 'Refund issued' }));
    const preview = await within(dialog).findByTestId('canned-preview');
    await waitFor(() => expect(preview).toHaveTextContent('Hi Carl, the refund for order [order number] is on its way.'));
    expect(renders[0]).toEqual({ id: 'cr-1', body: { ticket_id: 't-1', answers: {}, preview: true } });

    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Order number' }), 'A-1009');
    await waitFor(() => expect(within(dialog).getByTestId('canned-preview')).toHaveTextContent('order A-1009 is on'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Insert' }));

    await waitFor(() =>
      expect(reply).toHaveValue('Hello. Hi Carl, the refund for order A-1009 is on its way.'),
    );
    const counted = renders.filter((r) => !r.body.preview);
    expect(counted).toEqual([{ id: 'cr-1', body: { ticket_id: 't-1', answers: { 'order number': 'A-1009' }, preview: false } }]);
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Canned responses' })).not.toBeInTheDocument());
  });

  it('opens on / in an empty composer and searches by title', async () => {
    renderApp('/tickets/t-1', { user: users.agent });
    const reply = await screen.findByRole('textbox', { name: 'Reply' });
    await userEvent.click(reply);
    await userEvent.keyboard('/');
    const dialog = await screen.findByRole('dialog', { name: 'Canned responses' });
    expect(reply).toHaveValue('');
    await within(dialog).findByRole('option', { name: 'Thanks' });
    await userEvent.type(within(dialog).getByRole('combobox', { name: 'Search canned responses' }), 'pass');
    await waitFor(() => expect(within(dialog).queryByRole('option', { name: 'Thanks' })).not.toBeInTheDocument());
    expect(within(dialog).getByRole('option', { name: 'Password reset' })).toBeInTheDocument();
  });

  it('is worked by keyboard: Up/Down choose, Enter opens, the ask gets the focus, Enter inserts', async () => {
    recordRenders();
    renderApp('/tickets/t-1', { user: users.agent });
    const reply = await screen.findByRole('textbox', { name: 'Reply' });
    await userEvent.click(reply);
    await userEvent.keyboard('{Control>}{Shift>}K{/Shift}{/Control}');
    const dialog = await screen.findByRole('dialog', { name: 'Canned responses' });
    const search = within(dialog).getByRole('combobox', { name: 'Search canned responses' });
    await waitFor(() => expect(search).toHaveFocus());
    // Shown by folder: Accounts (Password reset), Billing (Refund issued), No folder (Thanks).
    const options = await within(dialog).findAllByRole('option');
    expect(options.map((o) => o.getAttribute('aria-label'))).toEqual(['Password reset', 'Refund issued', 'Thanks']);
    expect(search).toHaveAttribute('aria-activedescendant', options[0]!.id);
    await userEvent.keyboard('{ArrowDown}');
    expect(search).toHaveAttribute('aria-activedescendant', options[1]!.id);
    expect(options[1]).toHaveAttribute('aria-selected', 'true');
    await userEvent.keyboard('{ArrowUp}{ArrowUp}');
    expect(search).toHaveAttribute('aria-activedescendant', options[2]!.id);
    await userEvent.keyboard('{ArrowDown}{ArrowDown}{Enter}');

    const ask = await within(dialog).findByRole('textbox', { name: 'Order number' });
    await waitFor(() => expect(ask).toHaveFocus());
    await userEvent.keyboard('B-77{Enter}');
    await waitFor(() => expect(reply).toHaveValue('Hi Carl, the refund for order B-77 is on its way.'));
  });

  it('is not offered to customers', async () => {
    renderApp('/portal/tickets/t-1', { user: users.customer });
    expect(await screen.findByRole('textbox', { name: 'Reply' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Canned responses' })).not.toBeInTheDocument();
  });
});

describe('byFolder and opensPicker', () => {
  const c = (id: string, title: string, folder: string | null) =>
    ({ id, title, folder, body: '', shared: 'org' }) as CannedResponse;
  it('groups by folder, A–Z, those without one last', () => {
    const groups = byFolder([c('1', 'b', null), c('2', 'z', 'Billing'), c('3', 'a', 'Billing'), c('4', 'x', 'Accounts')]);
    expect(groups.map((g) => [g.folder, g.items.map((i) => i.title)])).toEqual([
      ['Accounts', ['x']],
      ['Billing', ['a', 'z']],
      ['No folder', ['b']],
    ]);
  });
  it('opens on / only in an empty box, and on Ctrl+Shift+K', () => {
    const key = (k: string, mods: Partial<{ ctrlKey: boolean; shiftKey: boolean }> = {}) => ({
      key: k,
      ctrlKey: false,
      metaKey: false,
      shiftKey: false,
      altKey: false,
      ...mods,
    });
    expect(opensPicker(key('/'), '')).toBe(true);
    expect(opensPicker(key('/'), 'and/or')).toBe(false);
    expect(opensPicker(key('K', { ctrlKey: true, shiftKey: true }), 'text')).toBe(true);
  });
});
