import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectNoHorizontalOverflow, shot, signIn, signOut, unique } from './helpers';

/**
 * Canned responses, macros and satisfaction surveys (issue #17), on the seed's library for
 * Acme (infra/seed/demo.json): "Order status" (org-wide, asks the order number and the ship
 * date) and the macro "Take it and ask for details" (assign to me, pending, a public reply).
 */

/** A customer files a ticket in the portal and signs out; returns its id. */
async function fileTicket(page: Page, customer: string, subject: string, description: string): Promise<string> {
  await signIn(page, customer);
  await page.goto('/portal/new');
  await page.getByRole('textbox', { name: /subject/i }).fill(subject);
  await page.getByRole('textbox', { name: /description/i }).fill(description);
  await page.getByRole('button', { name: 'Submit ticket' }).click();
  await expect(page.getByRole('heading', { name: subject })).toBeVisible();
  const id = new URL(page.url()).pathname.split('/').pop()!;
  await signOut(page);
  return id;
}

/**
 * Sends what the composer holds. The router may assign the new ticket meanwhile; the
 * collision guard then lists that change and the agent sends anyway, as they would.
 */
async function send(page: Page, button: string, done: string): Promise<void> {
  await page.getByRole('button', { name: button }).click();
  const anyway = page.getByRole('button', { name: 'Send anyway' });
  await expect(page.getByText(done).or(anyway)).toBeVisible();
  if (await anyway.isVisible()) await anyway.click();
  await expect(page.getByText(done)).toBeVisible();
}

/** Runs `step` in a signed-in browser context of its own. */
async function asUser(browser: Browser, baseURL: string | undefined, email: string, step: (page: Page) => Promise<void>) {
  const context = await browser.newContext({ baseURL });
  try {
    const page = await context.newPage();
    await signIn(page, email);
    await step(page);
  } finally {
    await context.close();
  }
}

/** A local calendar day `offset` days from today, as the date inputs take it. */
function day(offset: number): string {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

interface SentMail {
  to: string;
  subject: string;
  text: string;
  auto_submitted: string | null;
}

test.describe('canned responses and macros', () => {
  test("an agent inserts a canned response with the customer's first name and an asked value, and sends it", async ({
    page,
  }) => {
    const subject = unique('Where is my order');
    const id = await fileTicket(page, 'customer1@acme.test', subject, 'I ordered a kettle last week.');

    await signIn(page, 'agent1@acme.test');
    await page.goto(`/tickets/${id}`);
    await expect(page.getByRole('heading', { name: subject })).toBeVisible();
    const reply = page.getByRole('textbox', { name: 'Reply' });
    await reply.click();
    // `/` in the empty box opens the picker; the search narrows it by title.
    await page.keyboard.press('/');
    const dialog = page.getByRole('dialog', { name: 'Canned responses' });
    await expect(dialog).toBeVisible();
    await expect(reply).toHaveValue('');
    const search = dialog.getByRole('combobox', { name: 'Search canned responses' });
    await expect(search).toBeFocused();
    await search.fill('order st');
    await expect(dialog.getByRole('option')).toHaveCount(1);
    await expect(dialog.getByRole('option', { name: 'Order status' })).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Enter');

    // Its two ask() values are inputs; the preview is the API's render for this ticket.
    const order = dialog.getByRole('textbox', { name: 'Order number' });
    await expect(order).toBeFocused();
    await order.fill('A-1009');
    await dialog.getByRole('textbox', { name: 'Ship date' }).fill('3 December');
    const preview = dialog.getByTestId('canned-preview');
    await expect(preview).toContainText('Hi Cara,');
    await expect(preview).toContainText('your order A-1009 left our warehouse on 3 December.');
    await expect(preview).toContainText('Alex Agent');
    await shot(page, 'canned-picker', { fullPage: false });
    await dialog.getByRole('button', { name: 'Insert' }).click();
    await expect(dialog).toBeHidden();
    await expect(reply).toHaveValue(/^Hi Cara,\n\nyour order A-1009 left our warehouse on 3 December\./);

    await send(page, 'Send reply', 'Reply sent.');
    const thread = page.getByRole('list', { name: 'Conversation' });
    await expect(thread).toContainText('your order A-1009 left our warehouse on 3 December.');
    await signOut(page);

    // The customer reads it, with their first name.
    await signIn(page, 'customer1@acme.test');
    await page.goto(`/portal/tickets/${id}`);
    await expect(page.getByRole('list', { name: 'Conversation' })).toContainText('Hi Cara,');
    await expect(page.getByRole('list', { name: 'Conversation' })).toContainText('your order A-1009 left our warehouse');
    await signOut(page);

    // The insert counted a use, for the admins' pruning.
    await signIn(page, 'admin@acme.test');
    await page.getByRole('link', { name: 'Canned responses' }).first().click();
    const row = page.getByRole('row', { name: /Order status/ });
    await expect(row).toContainText('Orders');
    await expect(row).toContainText('Org');
    await expect(row.getByRole('cell').nth(2)).not.toHaveText('0');
  });

  test('an agent previews a macro, applies it, and sees its effect', async ({ page }) => {
    const subject = unique('App crashes on start');
    const id = await fileTicket(page, 'customer2@acme.test', subject, 'It closes right after the splash screen.');

    await signIn(page, 'agent1@acme.test');
    await page.goto(`/tickets/${id}`);
    await expect(page.getByRole('heading', { name: subject })).toBeVisible();
    const name = 'Take it and ask for details';
    const dialog = page.getByRole('dialog', { name: `Apply macro ${name}` });
    await page.getByRole('button', { name: 'Macros' }).click();
    await page.getByRole('menuitem', { name }).click();
    // The bus's consumers (the router, say) may change the new ticket after the page loaded
    // it (a 412: the dialog says so and reloads it): the agent previews again.
    const again = dialog.getByRole('button', { name: 'Preview again' });
    await expect(async () => {
      if (await again.isVisible()) await again.click();
      const preview = dialog.getByRole('region', { name: 'What the macro would do' });
      await expect(preview).toContainText(/Status: \w+ → pending/, { timeout: 5_000 });
      await expect(preview).toContainText('Public reply (the customer receives it)');
      await expect(dialog.getByTestId('macro-message')).toContainText('Hi Cody,');
      await expect(dialog.getByTestId('macro-message')).toContainText('Could you send us a screenshot');
      await shot(page, 'macro-preview', { fullPage: false });
      // The preview wrote nothing.
      await expect(page.getByRole('combobox', { name: 'Status', exact: true })).not.toHaveValue('pending');
      await dialog.getByRole('button', { name: 'Apply' }).click();
      await expect(page.getByText(`Macro ${name} applied.`)).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 25_000 });

    await expect(dialog).toBeHidden();
    await expect(page.getByRole('combobox', { name: 'Status', exact: true })).toHaveValue('pending');
    await expect(page.getByRole('combobox', { name: 'Assignee', exact: true })).toHaveValue(/^Alex Agent/);
    await expect(page.getByRole('list', { name: 'Conversation' })).toContainText('Could you send us a screenshot');
    await signOut(page);

    // The macro's reply is public: the customer has it.
    await signIn(page, 'customer2@acme.test');
    await page.goto(`/portal/tickets/${id}`);
    await expect(page.getByRole('list', { name: 'Conversation' })).toContainText('Could you send us a screenshot');
  });

  test('an admin saves a canned response (a body that reads outside its variables is refused) and deletes it', async ({
    page,
  }) => {
    await signIn(page, 'admin@acme.test');
    await page.goto('/canned-responses');
    const title = unique('Warranty');
    await page.getByRole('button', { name: 'New canned response' }).click();
    const editor = page.getByRole('region', { name: 'New canned response' });
    await editor.getByRole('textbox', { name: /^Title/ }).fill(title);
    await editor.getByRole('textbox', { name: /^Folder/ }).fill('Orders');
    await editor.getByRole('textbox', { name: /^Text/ }).fill('Hi {{ secrets.password }}');
    await editor.getByRole('button', { name: 'Save' }).click();
    // The API checks the template on save and names the field.
    await expect(editor.getByRole('textbox', { name: /^Text/ })).toHaveAttribute('aria-invalid', 'true');

    await editor
      .getByRole('textbox', { name: /^Text/ })
      .fill('Hi {{ customer.first_name | default("there") }}, the warranty is {{ ask("years") }} years.');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText(`Canned response ${title} saved.`)).toBeVisible();
    await expect(page.getByRole('row', { name: new RegExp(title) })).toContainText('Personal');

    await page.getByRole('button', { name: `Delete ${title}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByText(`Canned response ${title} deleted.`)).toBeVisible();
    await expect(page.getByRole('row', { name: new RegExp(title) })).toHaveCount(0);

    // The seed's macros are listed with what they do.
    await page.getByRole('link', { name: 'Macros' }).first().click();
    await expect(page.getByRole('listitem', { name: 'Escalate to Billing' })).toContainText('Add tag “escalated”');
  });
});

test('a customer rates a resolved ticket from the link in the resolved mail', async ({ page, browser, baseURL, request }) => {
  test.setTimeout(120_000);
  const subject = unique('Printer offline');
  const id = await fileTicket(page, 'customer1@acme.test', subject, 'The office printer shows as offline.');

  // An agent resolves it (the router may change it meanwhile: a 412 reloads, and they try again).
  await signIn(page, 'agent1@acme.test');
  await page.goto(`/tickets/${id}`);
  await expect(page.getByRole('heading', { name: subject })).toBeVisible();
  const status = page.getByRole('combobox', { name: 'Status', exact: true });
  await expect(async () => {
    await status.click();
    await page.getByRole('option', { name: 'resolved', exact: true }).click();
    await expect(page.getByLabel('Status: resolved').first()).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 20_000 });
  await signOut(page);

  // The notifier sends the resolved mail a moment later (the local gateway shows what SES sent).
  let mail: SentMail | undefined;
  await expect(async () => {
    const res = await request.get('/local/mail');
    expect(res.ok()).toBe(true);
    const { items } = (await res.json()) as { items: SentMail[] };
    mail = items.find((m) => m.to === 'customer1@acme.test' && m.subject.includes(`Resolved: ${subject}`));
    expect(mail, 'the resolved mail').toBeDefined();
  }).toPass({ timeout: 30_000, intervals: [500, 1_000, 2_000] });
  expect(mail!.auto_submitted).toBe('auto-generated');
  const links = Object.fromEntries(
    [...mail!.text.matchAll(/^(Good|Okay|Bad): (\S+)/gm)].map((m) => [m[1]!, m[2]!] as const),
  );
  expect(Object.keys(links)).toEqual(['Good', 'Okay', 'Bad']);
  const okay = links.Okay!;
  expect(okay.startsWith(`${baseURL}/csat/`)).toBe(true);
  expect(okay).toMatch(/\?rating=okay$/);

  // The customer opens "Okay" on their phone: no sign-in, the rating is recorded at once.
  const mobile = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  try {
    const survey = await mobile.newPage();
    await survey.goto(okay);
    await expect(survey.getByRole('heading', { name: 'How did we do?' })).toBeVisible();
    await expect(survey.getByText('Thanks — you rated Okay')).toBeVisible();
    await expect(survey.getByText(subject)).toBeVisible();
    const ratings = survey.getByRole('group', { name: 'Rating' });
    await expect(ratings.getByRole('button', { name: 'Okay' })).toHaveAttribute('aria-pressed', 'true');
    await expectNoHorizontalOverflow(survey);

    // A reason and a comment.
    await survey.getByRole('combobox', { name: /What could we have done better/ }).click();
    await survey.getByRole('option', { name: 'It took too long' }).click();
    const comment = unique('Two days for a printer');
    await survey.getByRole('textbox', { name: /Comment/ }).fill(comment);
    await survey.getByRole('button', { name: 'Send feedback' }).click();
    await expect(survey.getByText('Thank you for your feedback.')).toBeVisible();
    await shot(survey, 'csat-survey-390');

    // Opened again, the page shows what was recorded; a mangled link gets a clear page.
    await survey.goto(okay.replace(/\?rating=okay$/, ''));
    await expect(survey.getByText('Thanks — you rated Okay')).toBeVisible();
    await expect(survey.getByRole('textbox', { name: /Comment/ })).toHaveValue(comment);
    const token = new URL(okay).pathname.split('/').pop()!;
    const forged = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    await survey.goto(`/csat/${forged}?rating=good`);
    await expect(survey.getByRole('heading', { name: 'This link is not valid' })).toBeVisible();
    await expectNoHorizontalOverflow(survey);

    // In the portal the same resolved ticket shows the rating, and the customer changes it.
    await signIn(survey, 'customer1@acme.test');
    await survey.goto(`/portal/tickets/${id}`);
    const block = survey.getByRole('region', { name: 'How did we do?' });
    await expect(block.getByText('Thanks — you rated Okay')).toBeVisible();
    await block.getByRole('button', { name: 'Good' }).click();
    await expect(block.getByText('Thanks — you rated Good')).toBeVisible();
    await expectNoHorizontalOverflow(survey);

    // Staff see the customer's score in the sidebar, and managers the comment in the report.
    await asUser(browser, baseURL, 'agent1@acme.test', async (agent) => {
      await agent.goto(`/tickets/${id}`);
      const sidebar = agent.getByRole('complementary', { name: 'Customer' });
      await expect(sidebar.getByTestId('customer-satisfaction')).toContainText(/Satisfaction \d+% \(\d+ ratings?\)/);
    });
    await asUser(browser, baseURL, 'manager@acme.test', async (manager) => {
      await expect(async () => {
        await manager.goto('/reports');
        const range = manager.getByRole('group', { name: 'Date range' });
        // Days are the org's, which may be ahead of this machine's.
        await range.getByLabel('From').fill(day(-3));
        await range.getByLabel('To').fill(day(2));
        const section = manager.getByRole('region', { name: 'Customer satisfaction' });
        await expect(section.getByRole('region', { name: 'Comments' })).toContainText(comment, { timeout: 3_000 });
        await expect(section.getByLabel(/^Ratings: [1-9]\d*$/)).toBeVisible();
      }).toPass({ timeout: 20_000, intervals: [500, 1_000, 2_000] });
      await shot(manager, 'reports-csat');
    });
  } finally {
    await mobile.close();
  }
});
