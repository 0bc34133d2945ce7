import { expect, test } from '@playwright/test';
import { shot, signIn } from './helpers';

test('an admin creates a team, then edits it and an agent', async ({ page }) => {
  await signIn(page, 'admin@acme.test');
  await page.getByRole('link', { name: 'Team' }).first().click();
  await expect(page.getByRole('table', { name: 'Agents' })).toBeVisible();

  const id = `e2e-${Date.now().toString(36)}`;
  await page.getByRole('textbox', { name: /Team id/ }).fill(id);
  await page.getByRole('textbox', { name: /Team name/ }).fill('Night shift');
  await page.getByRole('button', { name: 'Create team' }).click();
  await expect(page.getByText('Team Night shift created.')).toBeVisible();

  // Rename it and add a member: the API takes only the fields that changed.
  await page.getByRole('button', { name: 'Edit team Night shift' }).click();
  const teamDialog = page.getByRole('dialog', { name: 'Edit team Night shift' });
  await teamDialog.getByRole('textbox', { name: /Team name/ }).fill('Late shift');
  await teamDialog.getByLabel('Members').click();
  await page.getByRole('option', { name: 'Sam Agent' }).click();
  // Escape closes the open list (it covers the buttons), not the dialog.
  await teamDialog.getByLabel('Members').press('Escape');
  await expect(teamDialog).toBeVisible();
  await teamDialog.getByRole('button', { name: 'Save' }).click();
  await expect(teamDialog).toBeHidden();
  await expect(page.getByText('Team Late shift saved.')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Teams' })).toContainText('Late shift (Sam Agent)');

  await page.getByRole('button', { name: 'Edit Sam Agent' }).click();
  const agentDialog = page.getByRole('dialog', { name: 'Edit Sam Agent' });
  await agentDialog.getByLabel('Skills').fill('billing');
  await agentDialog.getByLabel('Skills').press('Enter');
  await shot(page, 'team-edit-agent', { fullPage: false });
  await agentDialog.getByRole('button', { name: 'Save' }).click();
  await expect(agentDialog).toBeHidden();
  await expect(page.getByText('Sam Agent saved.')).toBeVisible();
  await expect(page.getByRole('row', { name: /Sam Agent/ })).toContainText('billing');
});
