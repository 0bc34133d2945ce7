import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
mkdirSync(SHOTS, { recursive: true });

/**
 * Saves a screenshot into e2e/screenshots/ (git-ignored): the full page, or only the
 * viewport (for a modal over a page). Transitions are finished first, so the images
 * are the same from run to run.
 */
export async function shot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage, animations: 'disabled' });
}

/** Signs in through the local login form with a demo user's one-click button. */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/login');
  await page.getByRole('button', { name: `Sign in as ${email}` }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** Nothing sticks out sideways (the page does not scroll horizontally). */
export async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(overflow, 'the page scrolls horizontally').toBe(false);
}

export function unique(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}`;
}
