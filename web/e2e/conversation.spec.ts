import { expect, test } from '@playwright/test';
import { shot, signIn, unique } from './helpers';

test("a customer sees the agent's reply in the portal but never the internal note", async ({ page, browser, baseURL }) => {
  // The customer files a ticket in the portal.
  const customer = page;
  await signIn(customer, 'customer1@acme.test');
  await customer.goto('/portal/new');
  const subject = unique('Router keeps rebooting');
  await customer.getByRole('textbox', { name: /subject/i }).fill(subject);
  await customer.getByRole('textbox', { name: /description/i }).fill('It restarts every ten minutes.');
  await customer.getByRole('button', { name: 'Submit ticket' }).click();
  await expect(customer.getByRole('heading', { name: subject })).toBeVisible();
  const portalUrl = customer.url();

  // An agent, in a browser context of their own, finds it in the inbox and answers.
  const agentContext = await browser.newContext({ baseURL });
  try {
    const agent = await agentContext.newPage();
    await signIn(agent, 'agent1@acme.test');
    await agent.goto('/inbox?view=all');
    const row = agent.getByRole('list', { name: 'Tickets' }).getByRole('link', { name: new RegExp(subject) });
    // The inbox refreshes every 15 s; reloading is quicker than waiting for it.
    await expect(async () => {
      await agent.reload();
      await expect(row).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    await row.click();
    const thread = agent.getByRole('list', { name: 'Conversation' });
    await expect(thread).toContainText('It restarts every ten minutes.');

    const reply = unique('Please try a different power socket');
    await agent.getByRole('textbox', { name: 'Reply' }).fill(reply);
    await agent.getByRole('button', { name: 'Send reply' }).click();
    await expect(agent.getByText('Reply sent.')).toBeVisible();
    await expect(thread).toContainText(reply);

    const note = unique('Internal: firmware 2.1 has this bug');
    await agent.locator('body').press('n');
    await agent.getByRole('textbox', { name: 'Internal note' }).fill(note);
    await agent.getByRole('button', { name: 'Add note' }).click();
    await expect(agent.getByTestId('internal-note').filter({ hasText: note })).toBeVisible();

    // The customer sees the reply, and the note is neither on the page nor in what the API sent.
    const answer = customer.waitForResponse(
      (r) => r.request().method() === 'GET' && /\/api\/v1\/tickets\/[^/]+$/.test(new URL(r.url()).pathname),
    );
    await customer.goto(portalUrl);
    const body = await (await answer).text();
    expect(body).toContain(reply);
    expect(body).not.toContain(note);
    const conversation = customer.getByRole('list', { name: 'Conversation' });
    await expect(conversation).toContainText(reply);
    await expect(conversation).toContainText('Support team');
    await expect(customer.locator('body')).not.toContainText(note);
    await expect(customer.getByTestId('internal-note')).toHaveCount(0);
    await shot(customer, 'portal-ticket-reply');
  } finally {
    await agentContext.close();
  }
});
