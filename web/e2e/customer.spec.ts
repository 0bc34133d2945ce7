import { expect, test } from '@playwright/test';
import { expectNoHorizontalOverflow, shot, signIn, signOut, unique } from './helpers';

test.describe('customer portal', () => {
  test('a customer submits a ticket and finds it under "My tickets"', async ({ page }) => {
    await signIn(page, 'customer1@acme.test');
    await expect(page).toHaveURL(/\/portal$/);
    await page.getByRole('link', { name: 'New request' }).first().click();
    const subject = unique('My invoice is missing');
    await page.getByRole('textbox', { name: /subject/i }).fill(subject);
    await page.getByRole('textbox', { name: /description/i }).fill('I did not get the October invoice.');
    await page.getByRole('button', { name: 'Submit ticket' }).click();
    await expect(page.getByRole('heading', { name: subject })).toBeVisible();
    await shot(page, 'portal-ticket');

    await page.getByRole('link', { name: 'My tickets' }).first().click();
    await expect(page.getByRole('list', { name: 'My tickets' })).toContainText(subject);
    await shot(page, 'portal-my-tickets');
  });

  test('a customer cannot reach agent pages', async ({ page }) => {
    await signIn(page, 'customer1@acme.test');
    for (const path of ['/inbox', '/tickets/new']) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/portal$/);
    }
  });

  test("a customer cannot open another customer's ticket", async ({ page }) => {
    await signIn(page, 'customer2@acme.test');
    await page.goto('/portal/new');
    await page.getByRole('textbox', { name: /subject/i }).fill(unique('Private matter'));
    await page.getByRole('textbox', { name: /description/i }).fill('Only for me.');
    await page.getByRole('button', { name: 'Submit ticket' }).click();
    await expect(page).toHaveURL(/\/portal\/tickets\/[^/]+$/);
    const theirs = new URL(page.url()).pathname;
    await signOut(page);

    await signIn(page, 'customer1@acme.test');
    await page.goto(theirs);
    await expect(page.getByRole('heading', { name: 'Ticket not found' })).toBeVisible();
    // Nor through the agent route with the same id.
    await page.goto(theirs.replace('/portal/tickets/', '/tickets/'));
    await expect(page).toHaveURL(/\/portal$/);
  });

  test('the portal works at phone width (390 px)', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, 'customer1@acme.test');
    await expect(page.getByRole('heading', { name: 'My tickets' })).toBeVisible();
    const mine = page.getByRole('list', { name: 'My tickets' }).getByRole('link');
    await expect(mine.first()).toBeVisible();
    await expectNoHorizontalOverflow(page);
    await shot(page, 'portal-390');
    await mine.first().click();
    await expect(page.getByRole('list', { name: 'Conversation' })).toBeVisible();
    await expectNoHorizontalOverflow(page);
    await shot(page, 'portal-ticket-390');
  });
});
