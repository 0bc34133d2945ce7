import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { shot, signIn, unique } from './helpers';

/** Acme's help center: the org's id (its slug, `acme`, works too). */
const HELP = '/help/10001';

/** A local calendar day `offset` days from today, as the date inputs take it. */
function day(offset: number): string {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/**
 * A manager, in a browser context of their own, opens the Reports page and passes the
 * self-service section to `check`. Reports count days in the org's time zone, which may be
 * ahead of this machine's: the range runs from three days ago to two days ahead. Asks again
 * (a reload) until `check` passes, up to 20 s.
 */
async function asManagerInSelfService(
  browser: Browser,
  baseURL: string | undefined,
  check: (section: Locator) => Promise<void>,
  screenshot?: string,
): Promise<void> {
  const context = await browser.newContext({ baseURL });
  try {
    const manager = await context.newPage();
    await signIn(manager, 'manager@acme.test');
    await expect(async () => {
      await manager.goto('/reports');
      const range = manager.getByRole('group', { name: 'Date range' });
      await range.getByLabel('From').fill(day(-3));
      await range.getByLabel('To').fill(day(2));
      const section = manager.getByRole('region', { name: 'Self-service' });
      await expect(section.getByLabel(/^Forms with suggestions: \d+$/)).toBeVisible({ timeout: 5_000 });
      await check(section);
    }).toPass({ timeout: 20_000, intervals: [500, 1_000, 2_000] });
    if (screenshot) await shot(manager, screenshot);
  } finally {
    await context.close();
  }
}

/** Staff: writes a new article in the editor and saves it as a draft; returns its slug. */
async function writeDraft(page: Page, title: string, body: string): Promise<string> {
  await page.goto('/kb');
  await expect(page.getByRole('heading', { name: 'Knowledge base' })).toBeVisible();
  await page.getByRole('link', { name: 'New article' }).click();
  await expect(page).toHaveURL(/\/kb\/new$/);
  await page.getByRole('textbox', { name: /Title/ }).fill(title);
  await page.getByRole('textbox', { name: /Body/ }).fill(body);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page).toHaveURL(/\/kb\/(?!new)[^/]+$/);
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await expect(page.getByLabel('Status: draft').first()).toBeVisible();
  const slug = await page.getByRole('textbox', { name: /Slug/ }).inputValue();
  expect(slug).toMatch(/^[a-z0-9-]{1,80}$/);
  return slug;
}

test.describe('knowledge base and help center', () => {
  test('a manager publishes an article; a visitor sees the published text, not the newer draft', async ({
    page,
    browser,
    baseURL,
  }) => {
    const title = unique('Restart the office router');
    const published = unique('Hold the reset button for ten seconds');
    const draft = unique('DRAFT ONLY: unplug it for a minute instead');

    await signIn(page, 'manager@acme.test');
    const slug = await writeDraft(page, title, `${published}\n\nThe lights turn **green** when it is back.`);

    await page.getByRole('button', { name: 'Publish' }).click();
    await expect(page.getByText('Published: customers now see this version.')).toBeVisible();
    await expect(page.getByLabel('Status: published').first()).toBeVisible();

    // Edit again: only the draft changes until someone publishes.
    await page.getByRole('textbox', { name: /Body/ }).fill(`${draft}\n\nThe lights turn **green** when it is back.`);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.getByText('Draft saved.')).toBeVisible();
    await expect(page.getByText('Unpublished changes').first()).toBeVisible();
    // The preview is the API's rendering of the saved draft.
    await page.getByRole('tab', { name: 'Preview' }).click();
    await expect(page.getByTestId('article-preview')).toContainText(draft);
    await expect(page.getByTestId('article-preview').locator('strong')).toHaveText('green');
    await shot(page, 'kb-editor-preview');

    // Someone who never signed in, in a browser context of their own.
    const visitorContext = await browser.newContext({ baseURL });
    try {
      const visitor = await visitorContext.newPage();
      await visitor.goto(HELP);
      await expect(visitor).toHaveURL(new RegExp(`${HELP}$`));
      await expect(visitor.getByRole('heading', { name: /help center/, level: 1 })).toBeVisible();
      await expect(visitor.getByRole('link', { name: 'Sign in' })).toBeVisible();
      await shot(visitor, 'help-center');

      const answer = visitor.waitForResponse(
        (r) => r.request().method() === 'GET' && new URL(r.url()).pathname === `/api/v1${HELP}/articles/${slug}`,
      );
      await visitor.getByRole('list', { name: 'Articles: All articles' }).getByRole('link', { name: title }).click();
      await expect(visitor).toHaveURL(new RegExp(`${HELP}/articles/${slug}$`));
      const response = await answer;
      expect(response.status()).toBe(200);
      expect(response.request().headers().authorization).toBeUndefined();
      const body = await response.text();
      expect(body).toContain(published);
      expect(body).not.toContain(draft);

      const article = visitor.getByTestId('help-article-body');
      await expect(visitor.getByRole('heading', { name: title, level: 1 })).toBeVisible();
      await expect(article).toContainText(published);
      await expect(visitor.locator('body')).not.toContainText(draft);

      await visitor.getByRole('button', { name: 'Yes' }).click();
      await expect(visitor.getByRole('status')).toContainText(/1 person found this helpful, 0 did not/);
      await shot(visitor, 'help-article');
    } finally {
      await visitorContext.close();
    }
  });

  test('a customer never sees a draft article in the help center', async ({ page, browser, baseURL }) => {
    const title = unique('Unreleased: the new VPN client');
    const body = unique('Secret draft about the VPN client');
    const staffContext = await browser.newContext({ baseURL });
    let slug: string;
    try {
      const manager = await staffContext.newPage();
      await signIn(manager, 'manager@acme.test');
      slug = await writeDraft(manager, title, body);
    } finally {
      await staffContext.close();
    }

    await signIn(page, 'customer1@acme.test');
    await page.getByRole('link', { name: 'Help center' }).click();
    await expect(page).toHaveURL(new RegExp(`${HELP}$`));
    const all = page.getByRole('list', { name: 'Articles: All articles' });
    await expect(all.getByRole('link').first()).toBeVisible();
    await expect(all).not.toContainText(title);

    // The seeded printer articles: the published one is listed, the draft one is not.
    await page.getByRole('navigation', { name: 'Categories' }).getByRole('button', { name: 'Printers' }).click();
    const printers = page.getByRole('list', { name: 'Articles: Printers' });
    await expect(printers).toContainText('Printer shows a paper jam');
    await expect(printers).not.toContainText('Replacing the toner');

    // Nor by its address, nor through the signed-in API.
    await page.goto(`${HELP}/articles/${slug}`);
    await expect(page.getByRole('heading', { name: 'Article not found' })).toBeVisible();
    await expect(page.locator('body')).not.toContainText(body);
    const listed = await page.evaluate(async () => {
      const session = JSON.parse(sessionStorage.getItem('helpdesk.session') ?? 'null') as { token: string } | null;
      const headers = { authorization: `Bearer ${session?.token ?? ''}` };
      const all = await fetch('/api/v1/knowledge-base/articles?limit=100', { headers });
      const drafts = await fetch('/api/v1/knowledge-base/articles?status=draft', { headers });
      return { status: all.status, text: await all.text(), drafts: drafts.status };
    });
    expect(listed.status).toBe(200);
    expect(listed.text).not.toContain(title);
    expect(listed.text).not.toContain(body);
    expect(listed.drafts).toBe(403);
  });

  // The search index is fed asynchronously, by the article events: a fresh stack may not have
  // indexed the seed yet. So each of these asks again (a reload) until the answer is there.

  test('an anonymous visitor finds "Reset your password" in the help center despite a typo', async ({ browser, baseURL }) => {
    test.setTimeout(60_000);
    const visitorContext = await browser.newContext({ baseURL });
    try {
      const visitor = await visitorContext.newPage();
      const tokens: (string | undefined)[] = [];
      visitor.on('request', (r) => {
        if (new URL(r.url()).pathname === '/api/v1/help/acme/articles') tokens.push(r.headers().authorization);
      });
      await visitor.goto('/help/acme');
      await expect(visitor.getByRole('heading', { name: /help center/, level: 1 })).toBeVisible();
      await visitor.getByRole('searchbox', { name: 'Search the help center' }).pressSequentially('pasword', { delay: 40 });
      await expect(visitor).toHaveURL(/\/help\/acme\?q=pasword$/);

      const results = visitor.getByRole('list', { name: 'Search results' });
      const link = results.getByRole('link', { name: 'Reset your password' });
      await expect(async () => {
        if (!(await link.isVisible())) await visitor.reload();
        await expect(link).toBeVisible({ timeout: 3_000 });
      }).toPass({ timeout: 20_000, intervals: [500, 1_000, 2_000] });
      await expect(visitor.getByRole('heading', { name: 'Results for “pasword”' })).toBeVisible();
      // The snippet's matches are <mark>s; nothing else of it became markup.
      await expect(results.locator('mark').first()).toHaveText(/passw/i);
      expect(tokens.length).toBeGreaterThan(0);
      expect(tokens.every((t) => t === undefined)).toBe(true);
      await shot(visitor, 'help-search');

      await link.click();
      await expect(visitor).toHaveURL(/\/help\/acme\/articles\/reset-your-password$/);
      await expect(visitor.getByRole('heading', { name: 'Reset your password', level: 1 })).toBeVisible();
    } finally {
      await visitorContext.close();
    }
  });

  test('a customer typing a new ticket\'s subject is offered "Reset your password", leaves, and the manager sees a deflected form', async ({
    page,
    browser,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    const tokens: (string | undefined)[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/v1/knowledge-base/suggestions') tokens.push(r.headers().authorization);
    });
    await signIn(page, 'customer1@acme.test');
    await page.goto('/portal/new');
    await expect(page.getByRole('heading', { name: 'New request' })).toBeVisible();

    const suggestion = page.getByRole('list', { name: 'Suggested articles' }).getByRole('link', { name: 'Reset your password' });
    let attempt = 0;
    await expect(async () => {
      // A reload forgets the answers cached for this subject (the session stays: it is the tab's).
      if (attempt++ > 0) await page.reload();
      const subject = page.getByRole('textbox', { name: /subject/i });
      await subject.fill('');
      await subject.pressSequentially('I forgot my passw', { delay: 30 });
      await expect(suggestion).toBeVisible({ timeout: 3_000 });
    }).toPass({ timeout: 20_000, intervals: [500, 1_000, 2_000] });

    await expect(suggestion).toHaveAttribute('href', '/help/10001/articles/reset-your-password');
    await expect(suggestion).toHaveAttribute('target', '_blank');
    // A public route: asked without the customer's token.
    expect(tokens.length).toBeGreaterThan(0);
    expect(tokens.every((t) => t === undefined)).toBe(true);
    await shot(page, 'portal-suggestions');

    // The customer goes elsewhere without filing it: the form records that it was left.
    const recorded = page.waitForRequest(
      (r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/knowledge-base/deflections',
    );
    await page.getByRole('link', { name: 'My tickets' }).first().click();
    await expect(page).toHaveURL(/\/portal$/);
    const request = await recorded;
    expect(request.postDataJSON()).toEqual({ outcome: 'abandoned' });
    // Not public: it carries the customer's token.
    expect((await request.allHeaders()).authorization).toMatch(/^Bearer /);
    expect((await request.response())?.status()).toBe(204);

    await asManagerInSelfService(
      browser,
      baseURL,
      async (section) => {
        await expect(section.getByLabel(/^Deflected: [1-9]\d*$/)).toBeVisible({ timeout: 3_000 });
        await expect(section.getByLabel(/^Deflection rate: \d+(\.\d)?%$/)).toBeVisible({ timeout: 3_000 });
      },
      'reports-self-service',
    );
  });

  test('a search that finds nothing is listed for the manager under "Searches without results"', async ({ browser, baseURL }) => {
    test.setTimeout(60_000);
    const query = 'qqzzxx warranty';
    const visitorContext = await browser.newContext({ baseURL });
    try {
      const visitor = await visitorContext.newPage();
      await visitor.goto('/help/acme');
      await expect(visitor.getByRole('heading', { name: /help center/, level: 1 })).toBeVisible();
      const answered = visitor.waitForResponse(
        (r) =>
          r.request().method() === 'GET' &&
          new URL(r.url()).pathname === '/api/v1/help/acme/articles' &&
          new URL(r.url()).searchParams.get('q') === query,
      );
      // Filled at once: one search, not one per prefix typed.
      await visitor.getByRole('searchbox', { name: 'Search the help center' }).fill(query);
      const response = await answered;
      expect(response.status()).toBe(200);
      expect(((await response.json()) as { items: unknown[] }).items).toEqual([]);
      await expect(visitor.getByText(/^No articles match\./)).toBeVisible();
    } finally {
      await visitorContext.close();
    }

    await asManagerInSelfService(browser, baseURL, async (section) => {
      const gaps = section.getByRole('table', { name: 'Searches without results' });
      const header = section.page().getByRole('rowheader', { name: query, exact: true });
      const row = gaps.getByRole('row').filter({ has: header });
      await expect(row).toHaveCount(1, { timeout: 3_000 });
      await expect(row.getByRole('cell')).toHaveText(/^[1-9]\d*$/);
    });
  });
});
