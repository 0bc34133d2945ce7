import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse } from 'msw';
import { renderApp } from '@/testing/render';
import { interaction, users } from '@/testing/mocks/db';
import { server } from '@/testing/mocks/server';
import { db, problem, route } from '@/testing/mocks/handlers';
import { macroFixture } from '@/testing/mocks/csat';
import { STALE_MESSAGE } from '@/features/tickets/components/ticket-controls';
import type { Ticket } from '@/types/api';

const escalate = macroFixture({
  id: 'mac-1',
  name: 'Escalate',
  actions: [
    { type: 'set_priority', value: 'low' },
    { type: 'add_tag', value: 'escalated' },
    { type: 'add_note', value: 'Escalated by {{ agent.name }}' },
  ],
});

/**
 * The macro routes as the API answers them: a preview changes nothing, an apply changes the
 * mock's ticket (one version up) when its If-Match is current, else 412. Records each call.
 */
function macroApi() {
  const calls: { macro: string; preview: string | null; ifMatch: string | null }[] = [];
  server.use(
    route('get', '/api/v1/macros', () => HttpResponse.json({ items: [escalate] })),
    route('post', '/api/v1/tickets/{id}/macros/{macro_id}', ({ params, request }) => {
      const preview = new URL(request.url).searchParams.get('preview');
      const ifMatch = request.headers.get('if-match');
      calls.push({ macro: String(params.macro_id), preview, ifMatch });
      const t = db.tickets.find((x) => x.id === params.id)!;
      if (ifMatch !== `"${t.version}"`) return problem(412, 'Precondition Failed');
      const note = interaction({
        id: 'm-macro',
        body: 'Escalated by Alice Agent',
        author: { kind: 'agent', id: 'acme-agent1' },
        internal: true,
      });
      const after: Ticket = {
        ...t,
        priority: 'low',
        tags: [...t.tags, 'escalated'],
        version: t.version + 1,
        thread: [...(t.thread ?? []), note],
      };
      if (!preview) Object.assign(t, after);
      return HttpResponse.json({
        ticket: preview ? { ...after, version: t.version } : after,
        interaction: note,
        changed: true,
        preview: !!preview,
      });
    }),
  );
  return calls;
}

async function chooseMacro(name: string) {
  await userEvent.click(await screen.findByRole('button', { name: 'Macros' }));
  await userEvent.click(await screen.findByRole('menuitem', { name }));
  return screen.findByRole('dialog', { name: `Apply macro ${name}` });
}

describe('the macro menu', () => {
  it('previews a macro (writing nothing), then applies it with If-Match of the version shown', async () => {
    const calls = macroApi();
    renderApp('/tickets/t-1', { user: users.agent });
    expect(await screen.findByRole('heading', { name: 'Printer on fire' })).toBeInTheDocument();
    const dialog = await chooseMacro('Escalate');

    const preview = await within(dialog).findByRole('region', { name: 'What the macro would do' });
    expect(preview).toHaveTextContent('Priority: urgent → low');
    expect(preview).toHaveTextContent('Add tags: escalated');
    expect(within(preview).getByText('Internal note')).toBeInTheDocument();
    expect(within(preview).getByTestId('macro-message')).toHaveTextContent('Escalated by Alice Agent');
    expect(calls).toEqual([{ macro: 'mac-1', preview: '1', ifMatch: '"3"' }]);
    // The preview wrote nothing.
    expect(db.tickets[0]!.priority).toBe('urgent');

    await userEvent.click(within(dialog).getByRole('button', { name: 'Apply' }));
    expect(await screen.findByText('Macro Escalate applied.')).toBeInTheDocument();
    expect(calls[1]).toEqual({ macro: 'mac-1', preview: null, ifMatch: '"3"' });
    expect(db.tickets[0]!.version).toBe(4);
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Apply macro Escalate' })).not.toBeInTheDocument());
    // The page shows the ticket after it: the new priority and the note in the thread.
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Priority' })).toHaveValue('low'));
    expect(screen.getByRole('list', { name: 'Conversation' })).toHaveTextContent('Escalated by Alice Agent');
  });

  it('says so when the ticket changed after the preview (412), applies nothing, and previews again', async () => {
    const calls = macroApi();
    renderApp('/tickets/t-1', { user: users.agent });
    expect(await screen.findByRole('heading', { name: 'Printer on fire' })).toBeInTheDocument();
    const dialog = await chooseMacro('Escalate');
    await within(dialog).findByRole('region', { name: 'What the macro would do' });
    // Someone else changes the ticket meanwhile.
    db.tickets[0]!.version = 7;
    await userEvent.click(within(dialog).getByRole('button', { name: 'Apply' }));
    expect(await within(dialog).findByText(STALE_MESSAGE)).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Apply' })).toBeDisabled();
    expect(calls.map((c) => c.preview)).toEqual(['1', null]);
    expect(db.tickets[0]!.priority).toBe('urgent');

    // The ticket was reloaded: the second preview and the apply carry its version.
    await userEvent.click(within(dialog).getByRole('button', { name: 'Preview again' }));
    await within(dialog).findByRole('region', { name: 'What the macro would do' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Apply' }));
    expect(await screen.findByText('Macro Escalate applied.')).toBeInTheDocument();
    expect(calls.slice(2)).toEqual([
      { macro: 'mac-1', preview: '1', ifMatch: '"7"' },
      { macro: 'mac-1', preview: null, ifMatch: '"7"' },
    ]);
  });

  it('reloads the ticket when its preview finds it changed (412)', async () => {
    const calls = macroApi();
    renderApp('/tickets/t-1', { user: users.agent });
    expect(await screen.findByRole('heading', { name: 'Printer on fire' })).toBeInTheDocument();
    db.tickets[0]!.version = 5;
    const dialog = await chooseMacro('Escalate');
    expect(await within(dialog).findByText(STALE_MESSAGE)).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Apply' })).toBeDisabled();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Preview again' }));
    expect(await within(dialog).findByRole('region', { name: 'What the macro would do' })).toHaveTextContent(
      'Priority: urgent → low',
    );
    expect(calls.map((c) => c.ifMatch)).toEqual(['"3"', '"5"']);
  });
});
