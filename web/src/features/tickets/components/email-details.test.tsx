import { afterEach, describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '@/testing/render';
import { emailMeta, emailTicket, users } from '@/testing/mocks/db';
import { db } from '@/testing/mocks/handlers';
import { fileOn } from '@/testing/mocks/uploads';

/** The one message of the mail ticket, once the thread has loaded. */
async function mailMessage() {
  const thread = await screen.findByRole('list', { name: 'Conversation' });
  // The thread's own items, not those of the attachment list inside a message.
  const items = [...thread.querySelectorAll<HTMLElement>(':scope > li')];
  expect(items).toHaveLength(1);
  return items[0]!;
}

declare global {
  interface Window {
    pwned?: boolean;
  }
}

describe('email metadata in the agent thread', () => {
  afterEach(() => {
    delete window.pwned;
  });

  it('shows the sender, the copies and the attachments, and nothing of the rest until asked', async () => {
    db.tickets.push(emailTicket());
    renderApp('/tickets/t-mail', { user: users.agent });
    const message = await mailMessage();
    expect(message).toHaveTextContent('Still smoking.');
    expect(within(message).getByText('By email from Jane Doe <jane@example.com>')).toBeInTheDocument();
    expect(within(message).getByText('Cc: boss@example.com, it@example.com')).toBeInTheDocument();

    const attachments = within(message).getByRole('list', { name: 'Attachments' });
    const files = within(attachments).getAllByRole('listitem');
    expect(files).toHaveLength(2);
    expect(files[0]).toHaveTextContent('smoke.jpg (1.5 KB)');
    expect(files[0]).not.toHaveTextContent('inline');
    expect(files[1]).toHaveTextContent('logo.png (512 B) inline');
    // Names only for now: nothing to download yet.
    expect(within(attachments).queryByRole('link')).not.toBeInTheDocument();

    expect(within(message).queryByText(/left out/)).not.toBeInTheDocument();
    expect(within(message).queryByText(/No automatic reply/)).not.toBeInTheDocument();
    expect(within(message).queryByLabelText('Full message')).not.toBeInTheDocument();
    expect(document.querySelector('iframe')).toBeNull();
  });

  it("lists a mail's filed parts once, as the message's files with their downloads", async () => {
    const t = emailTicket();
    const [smoke, logo] = emailMeta().attachments!;
    const mail = t.thread![0]!;
    const filed = fileOn(mail, { id: 'f-smoke', name: smoke!.name, content_type: smoke!.content_type, size: smoke!.size });
    t.thread = [
      {
        ...filed,
        // The screenshot became a file of the message; the logo came before files had ids.
        email: { ...mail.email!, attachments: [{ ...smoke!, id: 'f-smoke' }, logo!] },
      },
    ];
    db.tickets.push(t);
    renderApp('/tickets/t-mail', { user: users.agent });
    const message = await mailMessage();
    const files = within(message).getByRole('list', { name: 'Attached files' });
    expect(within(files).getByRole('button', { name: 'Download smoke.jpg' })).toBeInTheDocument();
    const parts = within(message).getByRole('list', { name: 'Attachments' });
    expect(within(parts).getAllByRole('listitem')).toHaveLength(1);
    expect(parts).toHaveTextContent('logo.png (512 B) inline');
    expect(within(message).getAllByText('smoke.jpg')).toHaveLength(1);
  });

  it('reveals the full text, quoted history included, and hides it again', async () => {
    db.tickets.push(emailTicket());
    renderApp('/tickets/t-mail', { user: users.agent });
    const message = await mailMessage();
    const toggle = within(message).getByRole('button', { name: 'Show full message' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    const full = within(message).getByLabelText('Full message');
    expect(full.tagName).toBe('PRE');
    expect(full.textContent).toBe(
      'Still smoking.\n\nOn Fri, Nov 20, 2026 at 9:00 Support wrote:\n> We are sending someone now.',
    );
    const hide = within(message).getByRole('button', { name: 'Hide full message' });
    expect(hide).toHaveAttribute('aria-expanded', 'true');
    await userEvent.click(hide);
    expect(within(message).queryByLabelText('Full message')).not.toBeInTheDocument();
  });

  it('renders the HTML only inside an iframe with an empty sandbox, never in the page', async () => {
    db.tickets.push(emailTicket());
    renderApp('/tickets/t-mail', { user: users.agent });
    const message = await mailMessage();
    await userEvent.click(within(message).getByRole('button', { name: 'View original formatting' }));
    const frame = within(message).getByTitle('Original formatting');
    expect(frame.tagName).toBe('IFRAME');
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toContain('<p>Still <b>smoking</b>.</p>');
    // A policy inside the document fetches nothing, should the sanitiser ever miss something.
    expect(frame.getAttribute('srcdoc')).toContain("default-src 'none'");
    expect(document.querySelector('b')).toBeNull();

    await userEvent.click(within(message).getByRole('button', { name: 'Hide original formatting' }));
    expect(document.querySelector('iframe')).toBeNull();
  });

  it('never turns hostile HTML or names into elements of the page', async () => {
    const html = '<script>window.parent.pwned = true; window.pwned = true</script><img src="x" onerror="window.pwned = true"><p>Hi</p>';
    db.tickets.push(
      emailTicket(
        {},
        {
          from_name: '<img src=x onerror="window.pwned = true">',
          cc: ['<script>window.pwned = true</script>@example.com'],
          attachments: [{ name: '<b>evil</b>.exe', content_type: 'application/octet-stream', size: 10, key: 'k-1', inline: false }],
          html,
        },
      ),
    );
    renderApp('/tickets/t-mail', { user: users.agent });
    const message = await mailMessage();
    expect(
      within(message).getByText('By email from <img src=x onerror="window.pwned = true"> <jane@example.com>'),
    ).toBeInTheDocument();
    expect(within(message).getByText('Cc: <script>window.pwned = true</script>@example.com')).toBeInTheDocument();
    expect(within(message).getByText('<b>evil</b>.exe')).toBeInTheDocument();

    await userEvent.click(within(message).getByRole('button', { name: 'View original formatting' }));
    const frame = within(message).getByTitle('Original formatting');
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toContain(html);
    expect(frame).toBeEmptyDOMElement();
    expect(document.querySelectorAll('script')).toHaveLength(0);
    expect(document.querySelectorAll('img')).toHaveLength(0);
    expect(document.querySelector('b')).toBeNull();
    expect(window.pwned).toBeUndefined();
  });

  it('counts the attachments left out and says why no automatic reply went out', async () => {
    db.tickets.push(
      emailTicket(
        {},
        { dropped_attachments: 2, auto_reply_blocked: ['auto-submitted', 'spam'], full_text: null, html: null, cc: [] },
      ),
    );
    renderApp('/tickets/t-mail', { user: users.agent });
    const message = await mailMessage();
    expect(within(message).getByText('2 attachments left out (over the size or count limits)')).toBeInTheDocument();
    expect(within(message).getByText('No automatic reply sent (auto-submitted, spam)')).toBeInTheDocument();
    expect(within(message).queryByText(/^Cc:/)).not.toBeInTheDocument();
    // Nothing to show: no toggles.
    expect(within(message).queryByRole('button')).not.toBeInTheDocument();
  });

  it('says when the full message is too large to be on the ticket', async () => {
    db.tickets.push(emailTicket({}, { full_text: null, html: null, overflow_key: 'org/10001/mail/h/overflow.json' }));
    renderApp('/tickets/t-mail', { user: users.agent });
    const message = await mailMessage();
    expect(within(message).getByText('The full message is too large to show here.')).toBeInTheDocument();
  });

  it('shows no email details on messages that did not come by mail', async () => {
    renderApp('/tickets/t-1', { user: users.agent });
    await screen.findByRole('list', { name: 'Conversation' });
    expect(screen.queryByTestId('email-details')).not.toBeInTheDocument();
    expect(screen.queryByText(/By email from/)).not.toBeInTheDocument();
  });
});

describe('the spam badge', () => {
  it('marks a ticket tagged spam in the ticket page header', async () => {
    db.tickets.push(emailTicket({ tags: ['spam'], subject: 'Cheap watches' }));
    renderApp('/tickets/t-mail', { user: users.agent });
    expect(await screen.findByRole('heading', { name: 'Cheap watches' })).toBeInTheDocument();
    expect(screen.getByLabelText('Spam')).toHaveTextContent('Spam');
  });

  it('shows in the inbox row of the spam ticket only', async () => {
    db.tickets.push(emailTicket({ tags: ['spam'], subject: 'Cheap watches' }));
    renderApp('/inbox?view=all', { user: users.agent });
    const list = await screen.findByRole('list', { name: 'Tickets' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows).toHaveLength(4);
    expect(within(rows[3]!).getByLabelText('Spam')).toBeInTheDocument();
    for (const row of rows.slice(0, 3)) expect(within(row).queryByLabelText('Spam')).not.toBeInTheDocument();
  });
});
