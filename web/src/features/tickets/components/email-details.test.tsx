import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { renderApp } from '@/testing/render';
import { emailMeta, emailTicket, users } from '@/testing/mocks/db';
import { API, db, problem } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { FILES_ORIGIN, fileOn } from '@/testing/mocks/uploads';
import type { FileRef } from '@/types/api';

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

describe('cid: images in the original formatting', () => {
  /** The logo of tests/mail/corpus/nested-inline-image.eml, a 1×1 PNG. */
  const LOGO_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGM4w8DwHwAENAHMMxyLlwAAAABJRU5ErkJggg==';
  const LOGO = Uint8Array.from(atob(LOGO_BASE64), (c) => c.charCodeAt(0));
  const HTML =
    '<p>The attached invoice does not open.</p>' +
    '<img src="cid:logo@customer.test" alt="logo">' +
    '<img src="cid:Held@Buyer.test" alt="held">' +
    '<img src="cid:gone@buyer.test" alt="gone">' +
    '<img src="cid:doc@buyer.test" alt="doc">' +
    '<img src="cid:refused@buyer.test" alt="refused">' +
    '<img src="cid:nobody@buyer.test" alt="nobody">';

  /**
   * A mail whose HTML shows six cid: images: its logo (a file of the message), a photo the
   * malware scan holds (409), a file the API no longer has (404), a part that is no image, one
   * the API will not show inline (422), and a Content-ID no file has.
   */
  function seed() {
    const t = emailTicket({}, { html: HTML, attachments: [] });
    let mail = t.thread![0]!;
    const part = (id: string, content_id: string, content_type = 'image/png'): FileRef => ({
      id,
      name: `${id}.png`,
      content_type,
      size: 70,
      content_id,
      inline: true,
    });
    mail = fileOn(mail, part('f-logo', '<LOGO@customer.test>'), 'c-1', LOGO);
    mail = fileOn(mail, part('f-held', 'held@buyer.test', 'image/jpeg'));
    mail = { ...mail, attachments: [...mail.attachments!, part('f-gone', 'gone@buyer.test')] };
    mail = fileOn(mail, part('f-doc', 'doc@buyer.test', 'application/octet-stream'));
    mail = fileOn(mail, part('f-refused', 'refused@buyer.test', 'image/gif'));
    t.thread = [mail];
    db.tickets.push(t);
    server.use(
      http.get(`${API}/attachments/f-held`, () =>
        problem(409, 'Conflict', { detail: 'the file is being checked for malware' }),
      ),
      http.get(`${API}/attachments/f-refused`, () =>
        problem(422, 'Unprocessable content', {
          errors: [{ field: 'inline', message: 'only PNG, JPEG, GIF and WebP images are shown inline' }],
        }),
      ),
    );
  }

  /** The API's and the storage's requests, as path and query. */
  function recordAsked() {
    const asked: string[] = [];
    server.events.on('request:start', ({ request }) => {
      const url = new URL(request.url);
      if (url.pathname.startsWith('/api/v1/attachments/') || url.origin === FILES_ORIGIN) {
        asked.push(url.origin === FILES_ORIGIN ? `s3 ${url.pathname}` : url.pathname + url.search);
      }
    });
    return asked;
  }

  const srcOf = (doc: string, alt: string) => {
    const parsed = new DOMParser().parseFromString(doc, 'text/html');
    return parsed.querySelector(`img[alt="${alt}"]`)?.getAttribute('src');
  };

  it("shows the message's images as data: URLs, asked only once opened, and the others as they were", async () => {
    seed();
    const asked = recordAsked();
    renderApp('/tickets/t-mail', { user: users.agent });
    const message = await mailMessage();
    // At load: nothing of the images, which the thread folds away (see the attachments tests).
    expect(asked).toEqual([]);

    await userEvent.click(within(message).getByRole('button', { name: 'View original formatting' }));
    const frame = await within(message).findByTitle('Original formatting');
    const doc = frame.getAttribute('srcdoc')!;
    expect(srcOf(doc, 'logo')).toBe(`data:image/png;base64,${LOGO_BASE64}`);
    // Held by the scan, gone, no image, refused, no such part: broken images, as before.
    expect(srcOf(doc, 'held')).toBe('cid:Held@Buyer.test');
    expect(srcOf(doc, 'gone')).toBe('cid:gone@buyer.test');
    expect(srcOf(doc, 'doc')).toBe('cid:doc@buyer.test');
    expect(srcOf(doc, 'refused')).toBe('cid:refused@buyer.test');
    expect(srcOf(doc, 'nobody')).toBe('cid:nobody@buyer.test');
    // The iframe still fetches nothing itself: its policy allows data: images only.
    expect(doc).toContain("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame).toBeEmptyDOMElement();
    // The page asked: the links of the raster parts, then the bytes of the one link it got.
    expect([...asked].sort()).toEqual([
      '/api/v1/attachments/f-gone?inline=1',
      '/api/v1/attachments/f-held?inline=1',
      '/api/v1/attachments/f-logo?inline=1',
      '/api/v1/attachments/f-refused?inline=1',
      's3 /files/f-logo',
    ]);

    // Hidden and shown again: the images it has are not asked again.
    await userEvent.click(within(message).getByRole('button', { name: 'Hide original formatting' }));
    await userEvent.click(within(message).getByRole('button', { name: 'View original formatting' }));
    const again = await within(message).findByTitle('Original formatting');
    expect(srcOf(again.getAttribute('srcdoc')!, 'logo')).toBe(`data:image/png;base64,${LOGO_BASE64}`);
    expect(asked.filter((a) => a.includes('f-logo'))).toHaveLength(2);
    server.events.removeAllListeners();
  });

  it('waits for the images before showing the document once, and shows it without those that fail', async () => {
    seed();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    server.use(
      http.get(`${FILES_ORIGIN}/files/:id`, async () => {
        await held;
        return new HttpResponse('<Error><Code>AccessDenied</Code></Error>', { status: 403 });
      }),
    );
    renderApp('/tickets/t-mail', { user: users.agent });
    const message = await mailMessage();
    await userEvent.click(within(message).getByRole('button', { name: 'View original formatting' }));
    expect(await within(message).findByRole('status')).toHaveTextContent('Loading the images in the message…');
    expect(within(message).queryByTitle('Original formatting')).not.toBeInTheDocument();
    release();
    const frame = await within(message).findByTitle('Original formatting');
    expect(srcOf(frame.getAttribute('srcdoc')!, 'logo')).toBe('cid:logo@customer.test');
    expect(within(message).queryByRole('status')).not.toBeInTheDocument();
  });

  it('shows HTML without cid: images at once, asking nothing', async () => {
    db.tickets.push(emailTicket());
    const asked = recordAsked();
    renderApp('/tickets/t-mail', { user: users.agent });
    const message = await mailMessage();
    await userEvent.click(within(message).getByRole('button', { name: 'View original formatting' }));
    expect(within(message).getByTitle('Original formatting').getAttribute('srcdoc')).toContain('<p>Still <b>smoking</b>.</p>');
    await waitFor(() => expect(asked).toEqual([]));
    server.events.removeAllListeners();
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
