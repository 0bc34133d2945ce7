import { expect, test, type Page } from '@playwright/test';
import { shot, signIn } from './helpers';

/**
 * Opens `count` tickets tagged `tag` through the API as the signed-in staff member, so that the
 * inbox filtered by the tag lists exactly them (other specs' tickets stay out of the way).
 */
async function ticketsTagged(page: Page, tag: string, count: number): Promise<string[]> {
  return page.evaluate(
    async ({ tag, count }) => {
      const { token } = JSON.parse(sessionStorage.getItem('helpdesk.session') ?? '{}') as { token?: string };
      const numbers: string[] = [];
      for (let i = 1; i <= count; i++) {
        const res = await fetch('/api/v1/tickets', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            customer_email: 'customer1@acme.test',
            subject: `Bulk ${tag} ${i}`,
            description: 'Opened for the bulk actions test.',
            tags: [tag],
          }),
        });
        if (res.status !== 201) throw new Error(`POST /tickets answered ${res.status}`);
        numbers.push(((await res.json()) as { number: string }).number);
      }
      return numbers;
    },
    { tag, count },
  );
}

const uniqueTag = (prefix: string) => `${prefix}-${Date.now().toString(36)}`;

test('a manager selects three tickets in the inbox and assigns them in one action', async ({ page }) => {
  await signIn(page, 'manager@acme.test');
  const tag = uniqueTag('bulk');
  await ticketsTagged(page, tag, 3);
  await page.goto(`/inbox?view=all&tag=${tag}`);
  const list = page.getByRole('list', { name: 'Tickets' });
  const rows = list.getByRole('listitem');
  await expect(rows).toHaveCount(3);

  await page.getByRole('checkbox', { name: 'Select all on this page' }).check();
  const bar = page.getByRole('region', { name: 'Bulk actions' });
  await expect(bar).toContainText('3 selected');

  const assign = async () => {
    await bar.getByRole('combobox', { name: 'Assign to agent' }).click();
    await page.getByRole('option', { name: 'Sam Agent' }).click();
  };
  const request = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v1/tickets/bulk'));
  await assign();
  const body = (await request).postDataJSON() as { ids: string[]; changes: unknown; versions: Record<string, number> };
  expect(body.ids).toHaveLength(3);
  expect(body.changes).toEqual({ assignee_id: 'acme-agent2' });
  expect(Object.keys(body.versions).sort()).toEqual([...body.ids].sort());
  await shot(page, 'inbox-bulk');

  // The router may assign a new ticket in the background after it was listed: that one answers
  // 412, stays selected and is assigned again from the refreshed list.
  await expect(async () => {
    if (await bar.isVisible()) await assign();
    for (let i = 0; i < 3; i++) await expect(rows.nth(i)).toContainText('Sam Agent', { timeout: 3_000 });
  }).toPass({ timeout: 20_000 });
  await expect(bar).toBeHidden();
});

test('an agent moves through the inbox with j/k and resolves and opens a ticket by keyboard only', async ({ page }) => {
  await signIn(page, 'agent1@acme.test');
  const tag = uniqueTag('keys');
  await ticketsTagged(page, tag, 2);
  await page.goto(`/inbox?view=all&tag=${tag}`);
  const list = page.getByRole('list', { name: 'Tickets' });
  const links = list.getByRole('link');
  await expect(links).toHaveCount(2);

  await page.keyboard.press('j');
  await expect(links.nth(1)).toBeFocused();
  await expect(links.nth(1)).toHaveAttribute('data-selected', 'true');
  await page.keyboard.press('k');
  await expect(links.nth(0)).toBeFocused();

  await page.keyboard.press('x');
  await expect(page.getByRole('region', { name: 'Bulk actions' })).toContainText('1 selected');
  await page.keyboard.press('x');
  await expect(page.getByRole('region', { name: 'Bulk actions' })).toBeHidden();

  // `e` resolves the highlighted row through POST /tickets/bulk; once more if the router's
  // background assignment made the listed version stale (a 412 leaves it open).
  await expect(async () => {
    const resolved = list.getByLabel('Status: resolved');
    if ((await resolved.count()) === 0) {
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/tickets/bulk'));
      await page.keyboard.press('e');
      await answered;
    }
    await expect(resolved).toHaveCount(1, { timeout: 3_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByText(/^1 updated$/).first()).toBeVisible();

  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/tickets\/[^/]+$/);
  await expect(page.getByRole('list', { name: 'Conversation' })).toBeVisible();
});
