import { readFile } from 'node:fs/promises';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { shot, signIn, unique } from './helpers';

/** A 1×1 PNG. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cfc0f01f00050001ff89993d1d0000000049454e44ae426082',
  'hex',
);

/** Picks files with the "Attach files" button, through the browser's file chooser. */
async function attach(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Attach files' }).click();
  await (await chooser).setFiles(files);
}

/** The upload of `name` finished: listed, without a progress bar or an error. */
async function expectUploaded(page: Page, name: string): Promise<void> {
  const row = page.getByRole('list', { name: 'Files to send' }).getByRole('listitem').filter({ hasText: name });
  await expect(row).toContainText('uploaded', { timeout: 10_000 });
  await expect(row.getByRole('progressbar')).toHaveCount(0);
}

/** The thumbnail shows the image (it loaded from the presigned link, on S3's origin). */
async function expectThumbnail(thumbnail: Locator): Promise<void> {
  await expect(thumbnail).toBeVisible();
  await expect
    .poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
    .toBe(true);
}

/** A customer files a ticket in the portal; answers its portal URL. */
async function fileTicket(
  page: Page,
  subject: string,
  description: string,
  files: { name: string; mimeType: string; buffer: Buffer }[] = [],
): Promise<string> {
  await signIn(page, 'customer1@acme.test');
  await page.goto('/portal/new');
  await page.getByRole('textbox', { name: /subject/i }).fill(subject);
  await page.getByRole('textbox', { name: /description/i }).fill(description);
  if (files.length > 0) {
    await attach(page, files);
    for (const f of files) await expectUploaded(page, f.name);
    await shot(page, 'portal-new-request-files');
  }
  await page.getByRole('button', { name: 'Submit ticket' }).click();
  await expect(page.getByRole('heading', { name: subject })).toBeVisible();
  return page.url();
}

/** An agent, in a browser context of their own, opens the ticket from the inbox. */
async function agentOpens(browser: Browser, baseURL: string | undefined, subject: string) {
  const context = await browser.newContext({ baseURL, acceptDownloads: true });
  const agent = await context.newPage();
  await signIn(agent, 'agent1@acme.test');
  await agent.goto('/inbox?view=all');
  const row = agent.getByRole('list', { name: 'Tickets' }).getByRole('link', { name: new RegExp(subject) });
  // The inbox refreshes every 15 s; reloading is quicker than waiting for it.
  await expect(async () => {
    await agent.reload();
    await expect(row).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await row.click();
  return { context, agent };
}

test('a customer attaches an image to a new request, and the agent sees it and downloads it', async ({
  page,
  browser,
  baseURL,
}) => {
  const subject = unique('Error on screen');
  const name = 'screen shot.png';
  await fileTicket(page, subject, 'See the screenshot.', [{ name, mimeType: 'image/png', buffer: PNG }]);

  // The customer's own message lists the file, with its thumbnail.
  const own = page.getByRole('list', { name: 'Conversation' }).getByRole('list', { name: 'Attached files' });
  await expect(own).toContainText(name);
  await expectThumbnail(own.getByRole('img', { name: `Preview of ${name}` }));
  await shot(page, 'portal-ticket-attachment');

  const { context, agent } = await agentOpens(browser, baseURL, subject);
  try {
    const files = agent.getByRole('list', { name: 'Conversation' }).getByRole('list', { name: 'Attached files' });
    await expect(files.getByRole('listitem')).toHaveCount(1);
    await expect(files).toContainText(name);
    await expect(files).toContainText('70 B');
    await expectThumbnail(files.getByRole('img', { name: `Preview of ${name}` }));

    const download = agent.waitForEvent('download');
    await files.getByRole('button', { name: `Download ${name}` }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(name);
    expect(await readFile(await file.path())).toEqual(PNG);
    // The page stayed where it was.
    await expect(agent.getByRole('heading', { name: subject })).toBeVisible();
    await shot(agent, 'ticket-attachment');
  } finally {
    await context.close();
  }
});

test("an internal note's file never reaches the customer", async ({ page, browser, baseURL }) => {
  const subject = unique('Invoice is wrong');
  const portalUrl = await fileTicket(page, subject, 'The total is off by 10 EUR.');

  const { context, agent } = await agentOpens(browser, baseURL, subject);
  let fileId: string;
  const note = unique('Internal: credit note drafted');
  const name = 'credit-note-draft.txt';
  try {
    await agent.locator('body').press('n');
    await agent.getByRole('textbox', { name: 'Internal note' }).fill(note);
    await attach(agent, [{ name, mimeType: 'text/plain', buffer: Buffer.from('Credit note, draft.\n') }]);
    await expectUploaded(agent, name);
    const sent = agent.waitForResponse(
      (r) => r.request().method() === 'POST' && /\/api\/v1\/tickets\/[^/]+\/interactions$/.test(new URL(r.url()).pathname),
    );
    await agent.getByRole('button', { name: 'Add note' }).click();
    const answer = (await (await sent).json()) as { interaction: { attachments?: { id: string; name: string }[] } };
    expect(answer.interaction.attachments?.map((a) => a.name)).toEqual([name]);
    fileId = answer.interaction.attachments![0]!.id;
    const noteItem = agent.getByTestId('internal-note').filter({ hasText: note });
    await expect(noteItem.getByRole('list', { name: 'Attached files' })).toContainText(name);
    // The composer is empty again.
    await expect(agent.getByRole('list', { name: 'Files to send' })).toHaveCount(0);
  } finally {
    await context.close();
  }

  // The customer: neither the note nor its file, on the page or in what the API sent.
  const ticketAnswer = page.waitForResponse(
    (r) => r.request().method() === 'GET' && /\/api\/v1\/tickets\/[^/]+$/.test(new URL(r.url()).pathname),
  );
  await page.goto(portalUrl);
  const body = await (await ticketAnswer).text();
  expect(body).not.toContain(note);
  expect(body).not.toContain(name);
  expect(body).not.toContain(fileId);
  await expect(page.getByRole('list', { name: 'Conversation' })).toContainText('The total is off by 10 EUR.');
  await expect(page.locator('body')).not.toContainText(note);
  await expect(page.locator('body')).not.toContainText(name);
  await expect(page.getByRole('list', { name: 'Attached files' })).toHaveCount(0);

  // Nor can the customer fetch it by its id.
  const status = await page.evaluate(async (id) => {
    const { token } = JSON.parse(sessionStorage.getItem('helpdesk.session') ?? '{}') as { token?: string };
    const res = await fetch(`/api/v1/attachments/${id}`, { headers: { authorization: `Bearer ${token}` } });
    return res.status;
  }, fileId);
  expect(status).toBe(404);
});

test('a customer drops and pastes files into a reply; refused files say why and are left out', async ({ page }) => {
  const subject = unique('Scanner jams');
  await fileTicket(page, subject, 'Every third page jams.');
  const composer = page.getByRole('form', { name: 'Composer' });
  const reply = page.getByRole('textbox', { name: 'Reply' });
  const text = unique('Photos of the jam attached');
  await reply.fill(text);

  // The upload of the dropped file is held at the storage until the send button was checked.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(
    (url) => url.pathname.includes('/pending/'),
    async (route) => {
      if (route.request().method() === 'PUT') await held;
      await route.continue();
    },
    { times: 1 },
  );

  // Dropped onto the composer.
  const dropped = await page.evaluateHandle((hex) => {
    const bytes = new Uint8Array(hex.match(/../g)!.map((h) => parseInt(h, 16)));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], 'jam-front.png', { type: 'image/png' }));
    return dt;
  }, PNG.toString('hex'));
  await composer.dispatchEvent('dragenter', { dataTransfer: dropped });
  await composer.dispatchEvent('drop', { dataTransfer: dropped });
  const files = page.getByRole('list', { name: 'Files to send' });
  // (At 0 % the bar's section has no width: attached, not visible.)
  await expect(files.getByRole('progressbar', { name: 'Uploading jam-front.png' })).toBeAttached();
  await expect(page.getByRole('button', { name: 'Send reply' })).toBeDisabled();
  await shot(page, 'portal-reply-uploading');
  release();
  await expectUploaded(page, 'jam-front.png');

  // Pasted from the clipboard into the text.
  await reply.evaluate((el, hex) => {
    const bytes = new Uint8Array(hex.match(/../g)!.map((h) => parseInt(h, 16)));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], 'jam-back.png', { type: 'image/png' }));
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, PNG.toString('hex'));
  await expectUploaded(page, 'jam-back.png');
  await expect(reply).toHaveValue(text);

  // A program is refused before any byte is sent; a "PNG" that is text passes until it is sent.
  await attach(page, [
    { name: 'driver.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ\x90\x00') },
    { name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('not an image at all\n') },
  ]);
  await expect(files.getByRole('listitem').filter({ hasText: 'driver.exe' })).toContainText(
    'Files of type application/x-msdownload are not accepted.',
  );
  await expectUploaded(page, 'fake.png');
  await shot(page, 'portal-reply-files');

  await page.getByRole('button', { name: 'Send reply' }).click();
  const fake = files.getByRole('listitem').filter({ hasText: 'fake.png' });
  await expect(fake).toContainText(/Not attached: .*declared as image\/png/);
  await expect(page.getByRole('alert').filter({ hasText: 'Not sent' })).toBeVisible();
  await expect(reply).toHaveValue(text);
  const thread = page.getByRole('list', { name: 'Conversation' });
  await expect(thread).not.toContainText(text);

  // Without them, it goes.
  await fake.getByRole('button', { name: 'Remove fake.png' }).click();
  await files.getByRole('button', { name: 'Remove driver.exe' }).click();
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByText('Reply sent.')).toBeVisible();
  const message = thread.getByRole('listitem').filter({ hasText: text });
  const sent = message.getByRole('list', { name: 'Attached files' });
  await expect(sent.getByRole('listitem')).toHaveCount(2);
  await expect(sent).toContainText('jam-front.png');
  await expect(sent).toContainText('jam-back.png');
  await expectThumbnail(sent.getByRole('img', { name: 'Preview of jam-back.png' }));
  await expect(files).toHaveCount(0);
  await expect(reply).toHaveValue('');
});

test("a mail's inline logo shows in its original formatting as a data: image, and is folded away in the thread", async ({
  page,
  request,
}) => {
  // tests/mail/corpus/nested-inline-image.eml (an Outlook mail: a signature logo shown by cid:,
  // a PDF attached), with a Message-ID and subject of this run's own.
  const subject = unique('Broken invoice attached');
  const raw = (await readFile(new URL('../../tests/mail/corpus/nested-inline-image.eml', import.meta.url), 'utf8'))
    .replaceAll('nested-1@buyer.test', `${subject.replaceAll(' ', '-')}@buyer.test`)
    .replace(/^Subject: .*$/m, `Subject: ${subject}`);
  const delivered = await request.post('/local/inbound-email', {
    headers: { 'content-type': 'message/rfc822' },
    data: Buffer.from(raw),
  });
  expect(delivered.status()).toBe(202);
  const { deliveries } = (await delivered.json()) as { deliveries: { outcome: string; ticket_id?: string }[] };
  expect(deliveries.map((d) => d.outcome)).toEqual(['opened']);

  await signIn(page, 'agent1@acme.test');
  await page.goto(`/tickets/${deliveries[0]!.ticket_id}`);
  await expect(page.getByRole('heading', { name: subject })).toBeVisible();
  const message = page.getByRole('list', { name: 'Conversation' }).getByRole('listitem').first();

  // The thread: the PDF is the sender's file; the logo is folded away under its toggle.
  const files = message.getByRole('list', { name: 'Attached files' });
  await expect(files.getByRole('listitem')).toHaveCount(1);
  await expect(files).toContainText('invoice 2026.pdf');
  await message.getByRole('button', { name: 'Show 1 image in the message' }).click();
  const images = message.getByRole('list', { name: 'Images in the message' });
  await expect(images).toContainText('logo.png');
  await expectThumbnail(images.getByRole('img', { name: 'Preview of logo.png' }));

  // The original formatting: the logo's bytes, fetched by the page, in the srcdoc as data:.
  await message.getByRole('button', { name: 'View original formatting' }).click();
  const frame = message.getByTitle('Original formatting');
  await expect(frame).toHaveAttribute('srcdoc', /<img [^>]*src="data:image\/png;base64,iVBORw0KGgo/);
  const srcdoc = (await frame.getAttribute('srcdoc'))!;
  expect(srcdoc).not.toContain('cid:');
  expect(srcdoc).toContain("img-src data:");
  expect(await frame.getAttribute('sandbox')).toBe('');
  // And the sandboxed document shows it (the policy allows data: images only).
  const logo = page.frameLocator('iframe[title="Original formatting"]').locator('img');
  await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
  await shot(page, 'ticket-mail-original-formatting');
});
