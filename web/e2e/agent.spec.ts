import { expect, test } from '@playwright/test';
import { expectNoHorizontalOverflow, shot, signIn, unique } from './helpers';

test.describe('agent workspace', () => {
  test('an agent signs in, sees the seeded inbox, replies and changes the status', async ({ page }) => {
    await page.goto('/login');
    await shot(page, 'login');
    await signIn(page, 'agent1@acme.test');
    await expect(page).toHaveURL(/\/inbox/);
    await expect(page.getByRole('heading', { name: 'Inbox' })).toBeVisible();

    // The seed holds tickets for Acme; "All open" shows them whoever they are assigned to.
    await page.getByText('All open').click();
    const rows = page.getByRole('list', { name: 'Tickets' }).getByRole('link');
    // Retried: the list may re-render (a poll, a background change) between two reads.
    await expect(rows.first()).toBeVisible();
    await expect(rows).not.toHaveCount(0);
    await shot(page, 'inbox');

    await rows.first().click();
    await expect(page).toHaveURL(/\/tickets\/[^/]+$/);
    await expect(page.getByRole('list', { name: 'Conversation' })).toBeVisible();

    const reply = unique('Thanks, we are on it');
    await page.getByRole('textbox', { name: 'Reply' }).fill(reply);
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect(page.getByText('Reply sent.')).toBeVisible();
    await expect(page.getByRole('list', { name: 'Conversation' })).toContainText(reply);

    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'pending' }).click();
    await expect(page.getByLabel('Status: pending').first()).toBeVisible();
    await shot(page, 'ticket');

    // The note is visibly different from replies.
    const note = unique('Internal: customer is VIP');
    await page.keyboard.press('Escape');
    await page.locator('body').press('n');
    await page.getByRole('textbox', { name: 'Internal note' }).fill(note);
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect(page.getByTestId('internal-note').filter({ hasText: note })).toBeVisible();

    await page.locator('body').press('?');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    await shot(page, 'shortcuts', { fullPage: false });
  });

  test('staff open a ticket for a customer by email', async ({ page }) => {
    await signIn(page, 'agent2@acme.test');
    await page.getByRole('link', { name: 'New ticket' }).first().click();
    const subject = unique('Phone call: router blinking');
    await page.getByRole('textbox', { name: /customer email/i }).fill('customer2@acme.test');
    await page.getByRole('textbox', { name: /subject/i }).fill(subject);
    await page.getByRole('textbox', { name: /description/i }).fill('Called in, the router blinks red.');
    await shot(page, 'new-ticket');
    await page.getByRole('button', { name: 'Submit ticket' }).click();
    await expect(page.getByRole('heading', { name: subject })).toBeVisible();
  });
});

test('the inbox and a ticket work at phone width (390 px)', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Sign in as agent1@acme.test' })).toBeVisible();
  await expectNoHorizontalOverflow(page);
  await shot(page, 'login-390');
  await signIn(page, 'agent1@acme.test');
  // The view tabs scroll sideways at this width; the view is in the URL either way.
  await page.goto('/inbox?view=open');
  await expect(page.getByRole('radio', { name: /^All open/ })).toBeChecked();
  await expect(page.getByRole('list', { name: 'Tickets' }).getByRole('link').first()).toBeVisible();
  await expectNoHorizontalOverflow(page);
  await shot(page, 'inbox-390');
  await page.getByRole('list', { name: 'Tickets' }).getByRole('link').first().click();
  await expect(page.getByRole('list', { name: 'Conversation' })).toBeVisible();
  await expectNoHorizontalOverflow(page);
  await shot(page, 'ticket-390');
});
