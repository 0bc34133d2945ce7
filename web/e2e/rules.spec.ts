import { expect, test } from '@playwright/test';
import { shot, signIn, signOut, unique } from './helpers';

/** Picks `option` in the Mantine select named `name`. */
async function choose(page: import('@playwright/test').Page, name: string, option: string) {
  await page.getByRole('combobox', { name, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('an admin adds a trigger, dry-runs it, and a new ticket is changed and routed by it', async ({ page }) => {
  await signIn(page, 'admin@acme.test');
  await page.getByRole('link', { name: 'Triggers' }).first().click();
  const list = page.getByRole('list', { name: 'Order they run in' });
  // The seed's two triggers are there already.
  await expect(list.getByRole('listitem')).not.toHaveCount(0);

  const name = unique('Refunds go to Billing');
  await page.getByRole('button', { name: 'New trigger' }).click();
  const editor = page.getByRole('region', { name: 'New trigger' });
  await editor.getByRole('textbox', { name: /^Name/ }).fill(name);
  // The first "all" condition starts as "Subject contains".
  await expect(editor.getByRole('combobox', { name: 'All condition 1 field', exact: true })).toHaveValue('Subject');
  await expect(editor.getByRole('combobox', { name: 'All condition 1 operator', exact: true })).toHaveValue('contains');
  await editor.getByRole('textbox', { name: 'All condition 1 value' }).fill('refund');

  await choose(page, 'Action 1 type', 'Set team');
  await choose(page, 'Action 1 value', 'Billing');
  await editor.getByRole('button', { name: 'Add an action' }).click();
  await choose(page, 'Action 2 type', 'Set priority');
  await choose(page, 'Action 2 value', 'high');
  await editor.getByRole('button', { name: 'Add an action' }).click();
  await choose(page, 'Action 3 type', 'Add tag');
  await editor.getByRole('textbox', { name: 'Action 3 value' }).fill('refund');

  await editor.getByRole('button', { name: 'Dry run' }).click();
  const result = editor.getByRole('region', { name: 'Dry run result' });
  await expect(result).toBeVisible();
  await expect(result.getByRole('status')).toContainText(/Checked \d+ tickets?/);
  await shot(page, 'triggers-dry-run');

  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(`Trigger ${name} saved.`)).toBeVisible();
  const item = list.getByRole('listitem', { name });
  await expect(item).toContainText('Subject contains “refund”');
  await expect(item).toContainText('Set team Billing');
  await expect(item.getByRole('switch', { name: `${name} enabled` })).toBeChecked();

  // Earlier specs' tickets may fill Billing's capacity (5 each): lift it while this runs.
  await page.getByRole('link', { name: 'Routing' }).first().click();
  const capacity = page.getByRole('textbox', { name: 'Billing: capacity' });
  await expect(capacity).toHaveValue('5');
  await capacity.fill('');
  await page.getByRole('button', { name: 'Save routing' }).click();
  await expect(page.getByText('Routing saved.')).toBeVisible();
  await signOut(page);

  // A customer files a ticket about a refund on the portal.
  await signIn(page, 'customer1@acme.test');
  await page.getByRole('link', { name: 'New request' }).first().click();
  const subject = unique('Please refund my order');
  await page.getByRole('textbox', { name: /subject/i }).fill(subject);
  await page.getByRole('textbox', { name: /description/i }).fill('I was charged twice.');
  await page.getByRole('button', { name: 'Submit ticket' }).click();
  await expect(page.getByRole('heading', { name: subject })).toBeVisible();
  const ticketId = new URL(page.url()).pathname.split('/').pop()!;
  await signOut(page);

  // The router runs on the bus, a moment later: reload until the ticket shows its changes.
  await signIn(page, 'admin@acme.test');
  await expect(async () => {
    await page.goto(`/tickets/${ticketId}`);
    await expect(page.getByRole('heading', { name: subject })).toBeVisible();
    await expect(page.getByTestId('ticket-team')).toHaveText('Team: Billing', { timeout: 1_000 });
    await expect(page.getByTestId('auto-assigned')).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByLabel('Priority: high').first()).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Priority', exact: true })).toHaveValue('high');
  const assignee = page.getByRole('combobox', { name: 'Assignee', exact: true });
  await expect(assignee).toHaveValue(/Alex Agent|Sam Agent/);
  await expect(page.getByText('refund', { exact: true }).first()).toBeVisible();
  const history = page.getByRole('list', { name: 'History' });
  await expect(history.getByTestId('audit-auto').first()).toContainText(`trigger ${name}`);
  await shot(page, 'ticket-auto-assigned');

  // Leave the stack as the seed had it for the specs that follow.
  await page.goto('/routing');
  await page.getByRole('textbox', { name: 'Billing: capacity' }).fill('5');
  await page.getByRole('button', { name: 'Save routing' }).click();
  await expect(page.getByText('Routing saved.')).toBeVisible();
  await page.goto('/triggers');
  await page.getByRole('button', { name: `Delete ${name}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText(`Trigger ${name} deleted.`)).toBeVisible();
});

test('managers read the triggers and routing; agents do not see them', async ({ page }) => {
  await signIn(page, 'manager@acme.test');
  await page.getByRole('link', { name: 'Triggers' }).first().click();
  await expect(page.getByText('Read-only: only admins can change triggers.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'New trigger' })).toHaveCount(0);
  await page.getByRole('button', { name: 'View Invoices go to Billing' }).click();
  const editor = page.getByRole('region', { name: 'Trigger Invoices go to Billing' });
  await expect(editor.getByRole('button', { name: 'Save' })).toHaveCount(0);
  await editor.getByRole('button', { name: 'Dry run' }).click();
  await expect(editor.getByRole('region', { name: 'Dry run result' })).toBeVisible();

  await page.getByRole('link', { name: 'Routing' }).first().click();
  await expect(page.getByRole('region', { name: 'Default policy' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Default: mode' })).toHaveValue('Round robin');
  await expect(page.getByRole('region', { name: 'Waiting for an agent' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save routing' })).toHaveCount(0);
  await shot(page, 'routing-manager');
  await signOut(page);

  await signIn(page, 'agent1@acme.test');
  await expect(page.getByRole('link', { name: 'Triggers' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Routing' })).toHaveCount(0);
  await page.goto('/triggers');
  await expect(page).toHaveURL(/\/inbox/);
});
