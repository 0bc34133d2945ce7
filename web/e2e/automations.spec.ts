import { expect, test, type Page } from '@playwright/test';
import { shot, signIn, signOut, unique } from './helpers';

/** Picks `option` in the Mantine select named `name`. */
async function choose(page: Page, name: string, option: string) {
  await page.getByRole('combobox', { name, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('an admin adds an automation, dry-runs it, managers read it, and the admin disables and deletes it', async ({ page }) => {
  await signIn(page, 'admin@acme.test');
  await page.getByRole('link', { name: 'Automations' }).first().click();
  await expect(page.getByRole('heading', { name: 'Automations', level: 1 })).toBeVisible();
  await expect(page.getByText(/status is pending and hours since updated > 72 → set status closed/)).toBeVisible();

  const name = unique('Close resolved');
  await page.getByRole('button', { name: 'New automation' }).click();
  const editor = page.getByRole('region', { name: 'New automation' });
  await editor.getByRole('textbox', { name: /^Name/ }).fill(name);
  // A new automation starts as "Status is … and Hours since updated more than … → Set status …".
  await expect(editor.getByRole('combobox', { name: 'All condition 1 field', exact: true })).toHaveValue('Status');
  await expect(editor.getByRole('combobox', { name: 'All condition 1 operator', exact: true })).toHaveValue('is');
  // No "changed" operators: nothing changes on a schedule.
  const op = editor.getByRole('combobox', { name: 'All condition 1 operator', exact: true });
  await op.click();
  const ops = page.locator(`[id="${await op.getAttribute('aria-controls')}"]`).getByRole('option');
  await expect(ops).toHaveText(['is', 'is not']);
  await ops.filter({ hasText: /^is$/ }).click();
  await choose(page, 'All condition 1 value', 'resolved');
  await expect(editor.getByRole('combobox', { name: 'All condition 2 field', exact: true })).toHaveValue('Hours since updated');
  await expect(editor.getByRole('combobox', { name: 'All condition 2 operator', exact: true })).toHaveValue('more than');
  await editor.getByRole('textbox', { name: 'All condition 2 value' }).fill('96');
  await expect(editor.getByRole('combobox', { name: 'Action 1 type', exact: true })).toHaveValue('Set status');
  await choose(page, 'Action 1 value', 'closed');

  await editor.getByRole('button', { name: 'Dry run' }).click();
  const result = editor.getByRole('region', { name: 'Dry run result' });
  await expect(result).toBeVisible();
  await expect(result.getByRole('status')).toContainText(/Checked \d+ tickets?/);
  await shot(page, 'automations-dry-run');

  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(`Automation ${name} saved.`)).toBeVisible();
  const list = page.getByRole('list', { name: 'Order they run in' });
  const item = list.getByRole('listitem', { name });
  await expect(item).toContainText('Status is resolved and Hours since updated more than 96: Set status closed.');
  await expect(item.getByRole('switch', { name: `${name} enabled` })).toBeChecked();
  await signOut(page);

  // Managers read it and may dry-run it, but change nothing.
  await signIn(page, 'manager@acme.test');
  await page.getByRole('link', { name: 'Automations' }).first().click();
  await expect(page.getByText('Read-only: only admins can change automations.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'New automation' })).toHaveCount(0);
  const seen = page.getByRole('list', { name: 'Order they run in' }).getByRole('listitem', { name });
  await expect(seen.getByRole('switch', { name: `${name} enabled` })).toBeDisabled();
  await expect(page.getByRole('button', { name: `Delete ${name}` })).toHaveCount(0);
  await page.getByRole('button', { name: `View ${name}` }).click();
  const view = page.getByRole('region', { name: `Automation ${name}` });
  await expect(view.getByRole('button', { name: 'Save' })).toHaveCount(0);
  await view.getByRole('button', { name: 'Dry run' }).click();
  await expect(view.getByRole('region', { name: 'Dry run result' })).toBeVisible();
  await shot(page, 'automations-manager');
  await signOut(page);

  // The admin disables it, then deletes it.
  await signIn(page, 'admin@acme.test');
  await page.goto('/automations');
  const mine = page.getByRole('list', { name: 'Order they run in' }).getByRole('listitem', { name });
  await mine.getByRole('switch', { name: `${name} enabled` }).click();
  await expect(page.getByText(`${name} disabled.`)).toBeVisible();
  await expect(mine.getByRole('switch', { name: `${name} enabled` })).not.toBeChecked();
  await expect(mine).toContainText('off');
  await page.getByRole('button', { name: `Delete ${name}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText(`Automation ${name} deleted.`)).toBeVisible();
  await expect(page.getByRole('listitem', { name })).toHaveCount(0);
});

test('an automation its own actions never stop is refused, with the reason above its conditions', async ({ page }) => {
  await signIn(page, 'admin@acme.test');
  await page.goto('/automations');
  const name = unique('Nag pending');
  await page.getByRole('button', { name: 'New automation' }).click();
  const editor = page.getByRole('region', { name: 'New automation' });
  await editor.getByRole('textbox', { name: /^Name/ }).fill(name);
  await choose(page, 'All condition 1 value', 'pending');
  await editor.getByRole('button', { name: 'Remove all condition 2' }).click();
  await choose(page, 'Action 1 type', 'Add internal note');
  await editor.getByRole('textbox', { name: 'Action 1 value' }).fill('Still pending.');
  await editor.getByRole('button', { name: 'Save' }).click();

  const alert = editor.getByRole('alert').filter({ hasText: 'It would act on the same tickets every hour' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(/condition its own actions make false/i);
  await expect(editor.getByRole('group', { name: 'All of these conditions' })).toHaveAccessibleDescription(
    /condition its own actions make false/i,
  );
  await shot(page, 'automations-refused');
  await editor.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('listitem', { name })).toHaveCount(0);
  await signOut(page);

  // Agents have no automations page.
  await signIn(page, 'agent1@acme.test');
  await expect(page.getByRole('link', { name: 'Automations' })).toHaveCount(0);
  await page.goto('/automations');
  await expect(page).toHaveURL(/\/inbox/);
});
