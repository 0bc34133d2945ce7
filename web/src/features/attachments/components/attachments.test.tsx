import { describe, expect, it, vi } from 'vitest';
import { createEvent, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { renderApp } from '@/testing/render';
import { emailTicket, interaction, ticket, users } from '@/testing/mocks/db';
import { server } from '@/testing/mocks/server';
import { API, db, problem } from '@/testing/mocks/handlers';
import { FILES_ORIGIN, fileOn, receiveBytes, uploadsDb } from '@/testing/mocks/uploads';
import { startDownload } from '@/features/attachments/download';
import type { NewInteraction, NewTicket, UploadRequest } from '@/types/api';

vi.mock('@/features/attachments/download', () => ({ startDownload: vi.fn() }));

const png = (name = 'screen.png', bytes = 70) => new File([new Uint8Array(bytes)], name, { type: 'image/png' });

/** Records what the app sends: upload requests (with the route they went to), PUTs, messages and new tickets. */
function recordRequests() {
  const sent = {
    uploads: [] as { path: string; body: UploadRequest }[],
    puts: [] as { url: string; headers: Record<string, string> }[],
    messages: [] as NewInteraction[],
    tickets: [] as NewTicket[],
  };
  server.events.on('request:start', async ({ request }) => {
    const url = new URL(request.url);
    if (request.method === 'POST' && url.pathname.endsWith('/attachments')) {
      sent.uploads.push({ path: url.pathname, body: (await request.clone().json()) as UploadRequest });
    } else if (request.method === 'PUT' && url.origin === FILES_ORIGIN) {
      sent.puts.push({ url: request.url, headers: Object.fromEntries(request.headers) });
    } else if (request.method === 'POST' && url.pathname.endsWith('/interactions')) {
      sent.messages.push((await request.clone().json()) as NewInteraction);
    } else if (request.method === 'POST' && url.pathname === '/api/v1/tickets') {
      sent.tickets.push((await request.clone().json()) as NewTicket);
    }
  });
  return sent;
}

const filesToSend = () => screen.getByRole('list', { name: 'Files to send' });
const row = (name: string) => within(filesToSend()).getByText(name).closest('li')!;

/** Waits until the upload of `name` is done. */
async function uploaded(name: string) {
  await waitFor(() => expect(row(name)).toHaveTextContent('uploaded'));
}

describe('attaching files to a reply', () => {
  it('uploads a chosen file at once and sends its id with the reply, then clears the list', async () => {
    const sent = recordRequests();
    renderApp('/tickets/t-1', { user: users.agent });
    await userEvent.type(await screen.findByRole('textbox', { name: 'Reply' }), 'Here is the manual');
    await userEvent.upload(screen.getByLabelText('Attach files'), png());

    await uploaded('screen.png');
    expect(row('screen.png')).toHaveTextContent('(70 B)');
    // Asked for this ticket, then the bytes PUT to the presigned link without content-length.
    expect(sent.uploads).toEqual([
      { path: '/api/v1/tickets/t-1/attachments', body: { filename: 'screen.png', content_type: 'image/png', size: 70 } },
    ]);
    expect(sent.puts).toHaveLength(1);
    expect(sent.puts[0]!.url).toMatch(/^https:\/\/files\.test\/pending\//);
    expect(sent.puts[0]!.headers['content-type']).toBe('image/png');
    expect(sent.puts[0]!.headers.authorization).toBeUndefined();

    await userEvent.click(screen.getByRole('button', { name: 'Send reply' }));
    expect(await screen.findByText('Reply sent.')).toBeInTheDocument();
    const id = uploadsDb.uploads[0]!.view.id;
    expect(sent.messages).toEqual([{ body: 'Here is the manual', internal: false, attachment_ids: [id] }]);
    expect(screen.queryByRole('list', { name: 'Files to send' })).not.toBeInTheDocument();
    // The new message lists the file.
    const thread = screen.getByRole('list', { name: 'Conversation' });
    expect(await within(thread).findByRole('button', { name: 'Download screen.png' })).toBeInTheDocument();
    server.events.removeAllListeners();
  });

  it('keeps send disabled while an upload is in flight', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    server.use(
      http.put(`${FILES_ORIGIN}/pending/:id`, async ({ params }) => {
        await held;
        receiveBytes(String(params.id), 70);
        return new HttpResponse(null, { status: 200 });
      }),
    );
    renderApp('/tickets/t-1', { user: users.agent });
    await userEvent.type(await screen.findByRole('textbox', { name: 'Reply' }), 'Photo attached');
    await userEvent.upload(screen.getByLabelText('Attach files'), png());

    expect(await within(filesToSend()).findByRole('progressbar', { name: 'Uploading screen.png' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Send reply' })).toBeDisabled();
    expect(screen.getByRole('status')).toHaveTextContent(/Uploading/);
    release();
    await uploaded('screen.png');
    expect(screen.getByRole('button', { name: 'Send reply' })).toBeEnabled();
  });

  it('refuses empty, too large, unknown and unaccepted files before any upload, and an eleventh file', async () => {
    const sent = recordRequests();
    renderApp('/tickets/t-1', { user: users.agent });
    const input = await screen.findByLabelText('Attach files');
    const big = png('huge.png', 1);
    Object.defineProperty(big, 'size', { value: 21 * 1024 * 1024 });
    await userEvent.upload(input, [
      new File([], 'empty.txt', { type: 'text/plain' }),
      big,
      new File(['x'], 'mystery.bin', { type: '' }),
      new File(['MZ'], 'setup.exe', { type: 'application/x-msdownload' }),
    ]);

    expect(row('empty.txt')).toHaveTextContent('Not attached: The file is empty.');
    expect(row('huge.png')).toHaveTextContent('Not attached: The file is 21 MB; at most 20 MB are accepted.');
    expect(row('mystery.bin')).toHaveTextContent(/Not attached: Unknown type/);
    expect(row('setup.exe')).toHaveTextContent('Not attached: Files of type application/x-msdownload are not accepted.');
    expect(within(filesToSend()).queryByRole('progressbar')).not.toBeInTheDocument();

    // Refused files do not count towards the ten; the eleventh good one is refused.
    await userEvent.upload(input, Array.from({ length: 11 }, (_, i) => png(`page-${i + 1}.png`)));
    await uploaded('page-10.png');
    expect(row('page-11.png')).toHaveTextContent('Not attached: At most 10 files go with one message.');
    expect(sent.uploads.map((u) => u.body.filename)).toEqual(Array.from({ length: 10 }, (_, i) => `page-${i + 1}.png`));
    server.events.removeAllListeners();
  });

  it("shows the API's refusal and a failed upload at their files, and leaves them out", async () => {
    const sent = recordRequests();
    server.use(
      http.post(`${API}/tickets/:id/attachments`, async ({ request }) => {
        const body = (await request.clone().json()) as UploadRequest;
        if (body.filename === 'refused.png') {
          return problem(422, 'Unprocessable content', { errors: [{ field: 'size', message: 'the org accepts at most 5 MB' }] });
        }
        return undefined;
      }),
      http.put(`${FILES_ORIGIN}/pending/:id`, async ({ request, params }) => {
        if (uploadsDb.uploads.find((u) => u.view.id === params.id)?.view.filename === 'expired.png') {
          return new HttpResponse(null, { status: 403 });
        }
        receiveBytes(String(params.id), (await request.arrayBuffer()).byteLength);
        return new HttpResponse(null, { status: 200 });
      }),
    );
    renderApp('/tickets/t-1', { user: users.agent });
    await userEvent.type(await screen.findByRole('textbox', { name: 'Reply' }), 'Three photos');
    await userEvent.upload(screen.getByLabelText('Attach files'), [png('refused.png'), png('expired.png'), png('good.png')]);

    await waitFor(() => expect(row('refused.png')).toHaveTextContent('Not attached: the org accepts at most 5 MB'));
    await waitFor(() => expect(row('expired.png')).toHaveTextContent('Not attached: The upload failed (the file storage answered 403).'));
    await uploaded('good.png');
    await userEvent.click(screen.getByRole('button', { name: 'Send reply' }));
    await screen.findByText('Reply sent.');
    const good = uploadsDb.uploads.find((u) => u.view.filename === 'good.png')!.view.id;
    expect(sent.messages[0]!.attachment_ids).toEqual([good]);
    server.events.removeAllListeners();
  });

  it('on a 422 naming a file keeps the message, marks the file, and sends without it once removed', async () => {
    const sent = recordRequests();
    renderApp('/tickets/t-1', { user: users.agent });
    await userEvent.type(await screen.findByRole('textbox', { name: 'Reply' }), 'Two files');
    await userEvent.upload(screen.getByLabelText('Attach files'), [png('fake.png'), png('real.png')]);
    await uploaded('fake.png');
    await uploaded('real.png');
    const [fake, real] = uploadsDb.uploads;
    fake!.refuse = 'the file was declared as image/png but its content is text';

    await userEvent.click(screen.getByRole('button', { name: 'Send reply' }));
    await waitFor(() =>
      expect(row('fake.png')).toHaveTextContent('Not attached: fake.png: the file was declared as image/png but its content is text'),
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Not sent');
    // Said at the file, so not repeated in the alert.
    expect(screen.getByRole('alert')).not.toHaveTextContent('attachment_ids');
    expect(screen.getByRole('textbox', { name: 'Reply' })).toHaveValue('Two files');
    expect(db.tickets[0]!.thread).toHaveLength(3);

    await userEvent.click(within(filesToSend()).getByRole('button', { name: 'Remove fake.png' }));
    await userEvent.click(screen.getByRole('button', { name: 'Send reply' }));
    await screen.findByText('Reply sent.');
    expect(sent.messages.map((m) => m.attachment_ids)).toEqual([[fake!.view.id, real!.view.id], [real!.view.id]]);
    server.events.removeAllListeners();
  });

  it('takes files dropped onto the composer or pasted into the text, and a removed file is not sent', async () => {
    const sent = recordRequests();
    renderApp('/tickets/t-1', { user: users.agent });
    await userEvent.click(await screen.findByRole('radio', { name: 'Internal note' }));
    const note = screen.getByRole('textbox', { name: 'Internal note' });
    await userEvent.type(note, 'See attached');
    const form = screen.getByRole('form', { name: 'Composer' });

    fireEvent.dragEnter(form, { dataTransfer: { types: ['Files'], files: [] } });
    expect(form).toHaveAttribute('data-dragging');
    fireEvent.drop(form, { dataTransfer: { types: ['Files'], files: [png('dropped.png')] } });
    expect(form).not.toHaveAttribute('data-dragging');
    fireEvent.paste(note, { clipboardData: { files: [png('pasted.png')] } });
    // A paste of text only is left to the text box.
    fireEvent.paste(note, { clipboardData: { files: [] } });
    await uploaded('dropped.png');
    await uploaded('pasted.png');
    expect(within(filesToSend()).getAllByRole('listitem')).toHaveLength(2);
    // A drop beside the composer is ignored, rather than the browser leaving the page to open the file.
    const missed = createEvent.drop(document.body, { dataTransfer: { types: ['Files'], files: [png('missed.png')] } });
    fireEvent(document.body, missed);
    expect(missed.defaultPrevented).toBe(true);
    expect(within(filesToSend()).getAllByRole('listitem')).toHaveLength(2);

    await userEvent.click(within(filesToSend()).getByRole('button', { name: 'Remove dropped.png' }));
    await userEvent.click(screen.getByRole('button', { name: 'Add note' }));
    await screen.findByText('Note added.');
    const pasted = uploadsDb.uploads.find((u) => u.view.filename === 'pasted.png')!.view.id;
    expect(sent.messages).toEqual([{ body: 'See attached', internal: true, attachment_ids: [pasted] }]);
    server.events.removeAllListeners();
  });
});

describe('attaching files to a new ticket', () => {
  it('in the portal: uploads for a ticket not opened yet, and the ticket shows the file', async () => {
    const sent = recordRequests();
    const { router } = renderApp('/portal/new', { user: users.customer });
    await userEvent.type(await screen.findByRole('textbox', { name: /subject/i }), 'Error on screen');
    await userEvent.type(screen.getByRole('textbox', { name: /description/i }), 'See the screenshot.');
    await userEvent.upload(screen.getByLabelText('Attach files'), png('screen shot.png'));
    await uploaded('screen shot.png');
    await userEvent.click(screen.getByRole('button', { name: 'Submit ticket' }));

    await waitFor(() => expect(router.state.location.pathname).toMatch(/^\/portal\/tickets\/t-\d+$/));
    expect(sent.uploads.map((u) => u.path)).toEqual(['/api/v1/attachments']);
    const id = uploadsDb.uploads[0]!.view.id;
    expect(sent.tickets).toEqual([
      { subject: 'Error on screen', description: 'See the screenshot.', priority: 'normal', attachment_ids: [id] },
    ]);
    const files = await screen.findByRole('list', { name: 'Attached files' });
    expect(within(files).getByText('screen shot.png')).toBeInTheDocument();
    expect(await within(files).findByRole('img', { name: 'Preview of screen shot.png' })).toHaveAttribute(
      'src',
      `${FILES_ORIGIN}/files/${id}?disposition=inline`,
    );
    server.events.removeAllListeners();
  });

  it('on the agent form: submit waits for the uploads, and a refused file says why', async () => {
    const sent = recordRequests();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    server.use(
      http.put(`${FILES_ORIGIN}/pending/:id`, async ({ params }) => {
        await held;
        receiveBytes(String(params.id), 70);
        return new HttpResponse(null, { status: 200 });
      }),
    );
    const { router } = renderApp('/tickets/new', { user: users.agent });
    await userEvent.type(await screen.findByRole('textbox', { name: /customer email/i }), 'customer1@acme.test');
    await userEvent.type(screen.getByRole('textbox', { name: /subject/i }), 'Phone call');
    await userEvent.type(screen.getByRole('textbox', { name: /description/i }), 'Sent a photo.');
    await userEvent.upload(screen.getByLabelText('Attach files'), [png('photo.png'), new File(['<svg/>'], 'logo.svg', { type: 'image/svg+xml' })]);
    expect(row('logo.svg')).toHaveTextContent('Files of type image/svg+xml are not accepted.');
    expect(screen.getByRole('button', { name: 'Submit ticket' })).toBeDisabled();
    release();
    await uploaded('photo.png');
    await userEvent.click(screen.getByRole('button', { name: 'Submit ticket' }));
    await waitFor(() => expect(router.state.location.pathname).toMatch(/^\/tickets\/t-\d+$/));
    expect(sent.tickets[0]!.attachment_ids).toEqual([uploadsDb.uploads[0]!.view.id]);
    server.events.removeAllListeners();
  });
});

describe('files in the thread', () => {
  function seed() {
    const first = fileOn(
      fileOn(interaction({ id: 'm-1', ticket_id: 't-9', body: 'Photos and the invoice' }), {
        id: 'f-img',
        name: 'smoke.jpg',
        content_type: 'image/jpeg',
        size: 1536,
      }),
      { id: 'f-pdf', name: 'invoice.pdf', content_type: 'application/pdf', size: 2 * 1024 * 1024 },
    );
    const note = fileOn(
      interaction({
        id: 'm-2',
        ticket_id: 't-9',
        body: 'Internal: supplier quote',
        internal: true,
        author: { kind: 'agent', id: 'acme-agent1' },
      }),
      { id: 'f-note', name: 'quote.xlsx', content_type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', size: 900 },
      'acme-agent1',
    );
    db.tickets.push(ticket({ id: 't-9', number: 'TKT-000009', subject: 'Smoke', thread: [first, note] }));
  }

  it('lists each file with its size and icon, a thumbnail for images only, and downloads on click', async () => {
    seed();
    const asked: string[] = [];
    server.events.on('request:start', ({ request }) => {
      const url = new URL(request.url);
      if (url.pathname.startsWith('/api/v1/attachments/')) asked.push(url.pathname + url.search);
    });
    renderApp('/tickets/t-9', { user: users.agent });
    const lists = await screen.findAllByRole('list', { name: 'Attached files' });
    expect(lists).toHaveLength(2);
    const [first, note] = lists as [HTMLElement, HTMLElement];
    expect(first).toHaveTextContent('smoke.jpg');
    expect(first).toHaveTextContent('1.5 KB');
    expect(first).toHaveTextContent('invoice.pdf');
    expect(first).toHaveTextContent('2 MB');
    expect(note).toHaveTextContent('quote.xlsx');
    expect(first.querySelector('[data-kind="pdf"]')).not.toBeNull();
    expect(note.querySelector('[data-kind="spreadsheet"]')).not.toBeNull();

    const thumb = await within(first).findByRole('img', { name: 'Preview of smoke.jpg' });
    expect(thumb).toHaveAttribute('src', `${FILES_ORIGIN}/files/f-img?disposition=inline`);
    expect(screen.getAllByRole('img')).toHaveLength(1);
    // Only the image asked for a link at load; nothing else until a click.
    expect(asked).toEqual(['/api/v1/attachments/f-img?inline=1']);

    await userEvent.click(within(first).getByRole('button', { name: 'Download invoice.pdf' }));
    await waitFor(() => expect(startDownload).toHaveBeenCalledWith(`${FILES_ORIGIN}/files/f-pdf?disposition=attachment`));
    expect(asked).toEqual(['/api/v1/attachments/f-img?inline=1', '/api/v1/attachments/f-pdf']);
    server.events.removeAllListeners();
  });

  it('says when a download cannot be had', async () => {
    seed();
    server.use(http.get(`${API}/attachments/:id`, () => problem(404, 'Not found', { detail: 'attachment not found' })));
    renderApp('/tickets/t-9', { user: users.agent });
    await userEvent.click(await screen.findByRole('button', { name: 'Download invoice.pdf' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not download: attachment not found');
    expect(startDownload).not.toHaveBeenCalled();
    // The thumbnail that could not be had falls back to the icon.
    expect(screen.queryByRole('img', { name: 'Preview of smoke.jpg' })).not.toBeInTheDocument();
  });

  it("never shows an internal note's files in the portal", async () => {
    seed();
    renderApp('/portal/tickets/t-9', { user: users.customer });
    const files = await screen.findByRole('list', { name: 'Attached files' });
    expect(within(files).getByRole('button', { name: 'Download smoke.jpg' })).toBeInTheDocument();
    expect(screen.getAllByRole('list', { name: 'Attached files' })).toHaveLength(1);
    expect(screen.queryByText('quote.xlsx')).not.toBeInTheDocument();
    expect(screen.queryByText(/supplier quote/)).not.toBeInTheDocument();
  });

  /**
   * A mail as tests/mail/corpus/nested-inline-image.eml arrives: its HTML shows the logo (an
   * inline part) by cid:, the PDF is a file the sender attached; and an inline part its HTML
   * does not show.
   */
  function seedMail() {
    const t = emailTicket(
      {},
      {
        attachments: [],
        html: '<div>The attached invoice does not open.</div><div id="Signature"><img src="cid:logo@customer.test"></div>',
      },
    );
    let mail = t.thread![0]!;
    mail = fileOn(mail, { id: 'f-logo', name: 'logo.png', content_type: 'image/png', size: 70, content_id: 'logo@customer.test', inline: true });
    mail = fileOn(mail, { id: 'f-pdf', name: 'invoice 2026.pdf', content_type: 'application/pdf', size: 148 });
    mail = fileOn(mail, { id: 'f-odd', name: 'chart.png', content_type: 'image/png', size: 90, content_id: 'chart@customer.test', inline: true });
    t.thread = [mail];
    db.tickets.push(t);
  }

  it("folds a mail's images shown in its HTML after the attached files, and lists them with downloads once unfolded", async () => {
    seedMail();
    const asked: string[] = [];
    server.events.on('request:start', ({ request }) => {
      const url = new URL(request.url);
      if (url.pathname.startsWith('/api/v1/attachments/')) asked.push(url.pathname + url.search);
    });
    renderApp('/tickets/t-mail', { user: users.agent });
    const files = await screen.findByRole('list', { name: 'Attached files' });
    // The sender's files, and the inline part the HTML does not show (else it could not be seen).
    expect(within(files).getAllByRole('listitem').map((li) => li.querySelector('p')?.textContent)).toEqual([
      'invoice 2026.pdf',
      'chart.png',
    ]);
    expect(within(files).queryByText('logo.png')).not.toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Images in the message' })).not.toBeInTheDocument();
    // Folded: the logo's thumbnail is not asked for.
    await waitFor(() => expect(asked).toEqual(['/api/v1/attachments/f-odd?inline=1']));

    const toggle = screen.getByRole('button', { name: 'Show 1 image in the message' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    // After the files, in the message's order.
    expect(files.compareDocumentPosition(toggle) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    await userEvent.click(toggle);
    const images = screen.getByRole('list', { name: 'Images in the message' });
    expect(screen.getByRole('button', { name: 'Hide 1 image in the message' })).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByRole('button', { name: 'Hide 1 image in the message' })).toHaveAttribute('aria-controls', images.id);
    expect(images).toHaveTextContent('logo.png');
    expect(images).toHaveTextContent('70 B');
    expect(await within(images).findByRole('img', { name: 'Preview of logo.png' })).toHaveAttribute(
      'src',
      `${FILES_ORIGIN}/files/f-logo?disposition=inline`,
    );
    await userEvent.click(within(images).getByRole('button', { name: 'Download logo.png' }));
    await waitFor(() => expect(startDownload).toHaveBeenCalledWith(`${FILES_ORIGIN}/files/f-logo?disposition=attachment`));

    await userEvent.click(screen.getByRole('button', { name: 'Hide 1 image in the message' }));
    expect(screen.queryByRole('list', { name: 'Images in the message' })).not.toBeInTheDocument();
    server.events.removeAllListeners();
  });

  it('in the portal too, which shows the text only: the images can be unfolded and downloaded', async () => {
    seedMail();
    renderApp('/portal/tickets/t-mail', { user: users.customer });
    const files = await screen.findByRole('list', { name: 'Attached files' });
    expect(within(files).getByRole('button', { name: 'Download invoice 2026.pdf' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Show 1 image in the message' }));
    const images = screen.getByRole('list', { name: 'Images in the message' });
    await userEvent.click(within(images).getByRole('button', { name: 'Download logo.png' }));
    await waitFor(() => expect(startDownload).toHaveBeenCalledWith(`${FILES_ORIGIN}/files/f-logo?disposition=attachment`));
    expect(document.querySelector('iframe')).toBeNull();
  });

  it("lists a mail's inline parts as files when its HTML is not on the message", async () => {
    seedMail();
    db.tickets[db.tickets.length - 1]!.thread![0]!.email!.html = null;
    renderApp('/tickets/t-mail', { user: users.agent });
    const files = await screen.findByRole('list', { name: 'Attached files' });
    expect(within(files).getAllByRole('listitem')).toHaveLength(3);
    expect(within(files).getByText('logo.png')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /in the message/ })).not.toBeInTheDocument();
  });
});
