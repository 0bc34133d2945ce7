import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '@/testing/render';
import { defaultMailTemplates, seedMailOverrides, users } from '@/testing/mocks/db';
import { server } from '@/testing/mocks/server';
import { db } from '@/testing/mocks/handlers';

/** Collects the JSON bodies of `PUT /mail-templates`. */
function putBodies(): unknown[] {
  const bodies: unknown[] = [];
  server.events.on('request:start', async ({ request }) => {
    if (request.method === 'PUT' && new URL(request.url).pathname === '/api/v1/mail-templates') {
      bodies.push(await request.clone().json());
    }
  });
  return bodies;
}

const section = (name: string) => screen.findByRole('region', { name });

describe('the mail page', () => {
  afterEach(() => server.events.removeAllListeners());

  it('lists every kind with its recipients, the wording in force and a Customized or Default badge', async () => {
    renderApp('/mail', { user: users.admin });
    expect(await screen.findByRole('link', { name: 'Mail' })).toBeInTheDocument();
    const ack = await section('Acknowledgement');
    expect(within(ack).getByText('Default')).toBeInTheDocument();
    expect(within(ack).getByText('To the customer')).toBeInTheDocument();
    expect(within(ack).getByRole('textbox', { name: 'Subject' })).toHaveValue(defaultMailTemplates.acknowledgement.subject);
    expect(within(ack).getByRole('textbox', { name: 'Text' })).toHaveValue(defaultMailTemplates.acknowledgement.text);

    const reply = await section('Reply');
    expect(within(reply).getByText('Customized')).toBeInTheDocument();
    expect(within(reply).getByRole('textbox', { name: 'Subject' })).toHaveValue('Acme: {{ ticket_subject }}');
    expect(within(reply).getByRole('textbox', { name: 'HTML (optional)' })).toHaveValue('<p>{{ reply }}</p>');
    expect(within(reply).getByRole('button', { name: 'Reset to default' })).toBeInTheDocument();
    expect(within(reply).getByRole('button', { name: 'Insert {{ agent_name }}' })).toBeInTheDocument();

    for (const name of ['Resolved', 'Assigned', 'SLA warning', 'SLA breached']) {
      expect(within(await section(name)).getByText('Default')).toBeInTheDocument();
    }
    expect(within(await section('Assigned')).getByText('To agents')).toBeInTheDocument();
    expect(within(await section('SLA breached')).getByRole('button', { name: 'Insert {{ due_at }}' })).toBeInTheDocument();
    // Only customized kinds can be reset, and an unchanged template has nothing to save.
    expect(within(ack).queryByRole('button', { name: 'Reset to default' })).not.toBeInTheDocument();
    expect(within(ack).getByRole('button', { name: 'Save template' })).toBeDisabled();
  });

  it('inserts a variable at the cursor of the last field, or appends it to the text', async () => {
    renderApp('/mail', { user: users.admin });
    const ack = await section('Acknowledgement');
    const text = within(ack).getByRole('textbox', { name: 'Text' });
    await userEvent.click(within(ack).getByRole('button', { name: 'Insert {{ org_name }}' }));
    expect(text).toHaveValue(`${defaultMailTemplates.acknowledgement.text}{{ org_name }}`);

    const subject = within(ack).getByRole('textbox', { name: 'Subject' });
    await userEvent.click(subject);
    await userEvent.keyboard('{Home}');
    await userEvent.click(within(ack).getByRole('button', { name: 'Insert {{ org_name }}' }));
    expect(subject).toHaveValue(`{{ org_name }}${defaultMailTemplates.acknowledgement.subject}`);
    expect(subject).toHaveFocus();
    expect((subject as HTMLInputElement).selectionStart).toBe('{{ org_name }}'.length);
  });

  it('saves one kind with the other customized kinds, as the PUT replaces them all', async () => {
    const bodies = putBodies();
    renderApp('/mail', { user: users.admin });
    const resolved = await section('Resolved');
    const text = within(resolved).getByRole('textbox', { name: 'Text' });
    await userEvent.clear(text);
    await userEvent.type(text, 'All done, ');
    await userEvent.click(within(resolved).getByRole('button', { name: 'Insert {{ customer_name }}' }));
    await userEvent.click(within(resolved).getByRole('button', { name: 'Save template' }));

    expect(await within(resolved).findByText('Resolved template saved.')).toBeInTheDocument();
    expect(bodies).toEqual([
      {
        templates: {
          reply: seedMailOverrides().reply,
          resolved: { subject: defaultMailTemplates.resolved.subject, text: 'All done, {{ customer_name }}' },
        },
      },
    ]);
    expect(Object.keys(db.mailOverrides).sort()).toEqual(['reply', 'resolved']);
    await waitFor(() => expect(within(resolved).getByText('Customized')).toBeInTheDocument());
    expect(within(resolved).getByRole('button', { name: 'Reset to default' })).toBeInTheDocument();
    expect(text).toHaveValue('All done, {{ customer_name }}');
  });

  it('resets a kind by sending the other overrides without it', async () => {
    db.mailOverrides.assigned = { subject: 'Yours: {{ ticket_number }}', text: 'Hi {{ recipient_name }}' };
    const bodies = putBodies();
    renderApp('/mail', { user: users.admin });
    const reply = await section('Reply');
    await userEvent.click(within(reply).getByRole('button', { name: 'Reset to default' }));

    expect(await within(reply).findByText('Reply template reset to the default.')).toBeInTheDocument();
    expect(bodies).toEqual([
      { templates: { assigned: { subject: 'Yours: {{ ticket_number }}', text: 'Hi {{ recipient_name }}' } } },
    ]);
    await waitFor(() => expect(within(reply).getByText('Default')).toBeInTheDocument());
    expect(within(reply).queryByRole('button', { name: 'Reset to default' })).not.toBeInTheDocument();
    expect(within(reply).getByRole('textbox', { name: 'Subject' })).toHaveValue(defaultMailTemplates.reply.subject);
    expect(within(reply).getByRole('textbox', { name: 'HTML (optional)' })).toHaveValue('');
    expect(within(await section('Assigned')).getByText('Customized')).toBeInTheDocument();
  });

  it("shows the API's field error under the input it is about", async () => {
    renderApp('/mail', { user: users.admin });
    const reply = await section('Reply');
    const text = within(reply).getByRole('textbox', { name: 'Text' });
    await userEvent.clear(text);
    await userEvent.click(text);
    await userEvent.paste('Hi {{ replly }}');
    await userEvent.click(within(reply).getByRole('button', { name: 'Save template' }));

    await waitFor(() => expect(text).toHaveAttribute('aria-invalid', 'true'));
    expect(text).toHaveAccessibleDescription(/`replly` is not a variable/);
    expect(within(reply).getByRole('textbox', { name: 'Subject' })).not.toHaveAttribute('aria-invalid', 'true');
    // The alert does not repeat the field error shown at the input.
    const alert = within(reply).getByRole('alert');
    expect(alert).toHaveTextContent('Could not save the Reply template');
    expect(alert).not.toHaveTextContent('replly');
    expect(db.mailOverrides).toEqual(seedMailOverrides());
    expect(text).toHaveValue('Hi {{ replly }}');
  });

  it('is read-only for agents: the wording and badges, no editor', async () => {
    renderApp('/mail', { user: users.agent });
    const reply = await section('Reply');
    expect(within(reply).getByText('Customized')).toBeInTheDocument();
    expect(within(reply).getByText('Acme: {{ ticket_subject }}')).toBeInTheDocument();
    expect(within(reply).getByText('<p>{{ reply }}</p>')).toBeInTheDocument();
    expect(within(await section('Resolved')).getByText(defaultMailTemplates.resolved.subject)).toBeInTheDocument();
    expect(screen.getByText('Read-only: only admins can change mail templates.')).toBeInTheDocument();
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Save|Reset|Insert/ })).not.toBeInTheDocument();
  });
});
