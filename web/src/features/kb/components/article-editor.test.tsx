import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { renderApp } from '@/testing/render';
import { users } from '@/testing/mocks/db';
import { server } from '@/testing/mocks/server';
import { kbArticle, kbDb } from '@/testing/mocks/kb';
import type { Article, ArticlePatch } from '@/types/api';

/** Records the PATCH requests to an article: their body and If-Match. */
function patches(): { body: ArticlePatch; ifMatch: string | null }[] {
  const seen: { body: ArticlePatch; ifMatch: string | null }[] = [];
  server.events.on('request:start', async ({ request }) => {
    if (request.method === 'PATCH' && /\/knowledge-base\/articles\/[^/]+$/.test(new URL(request.url).pathname)) {
      seen.push({ body: (await request.clone().json()) as ArticlePatch, ifMatch: request.headers.get('if-match') });
    }
  });
  return seen;
}

/** Records the POSTs to article actions (publish, archive, restore) with their If-Match. */
function actions(): { path: string; ifMatch: string | null }[] {
  const seen: { path: string; ifMatch: string | null }[] = [];
  server.events.on('request:start', ({ request }) => {
    const path = new URL(request.url).pathname;
    if (request.method === 'POST' && /\/(publish|archive|restore)$/.test(path)) {
      seen.push({ path: path.replace('/api/v1/knowledge-base/articles/', ''), ifMatch: request.headers.get('if-match') });
    }
  });
  return seen;
}

/** A colleague's edit, straight into the mock's store: the article moves on to another version. */
function colleagueEdits(id: string, change: Partial<Article>) {
  const s = kbDb.articles.find((x) => x.article.id === id)!;
  s.article = { ...s.article, ...change, version: s.article.version + 4 };
}

const bodyBox = () => screen.getByRole('textbox', { name: /Body/ });

describe('the article editor', () => {
  it('saves the draft with If-Match of the version shown, sending only what changed', async () => {
    const sent = patches();
    renderApp('/kb/a-invoice', { user: users.manager });
    await screen.findByRole('heading', { name: 'Download an invoice', level: 1 });
    await userEvent.type(bodyBox(), '\n\nOne more line.');
    await userEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    expect(await screen.findByText('Draft saved.')).toBeInTheDocument();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.ifMatch).toBe('"5"');
    expect(Object.keys(sent[0]!.body)).toEqual(['body']);
    expect(sent[0]!.body.body).toMatch(/One more line\.$/);

    // The next save names the version the first one answered.
    await userEvent.clear(screen.getByRole('textbox', { name: /Title/ }));
    await userEvent.type(screen.getByRole('textbox', { name: /Title/ }), 'Download invoices');
    await userEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]).toEqual({ body: { title: 'Download invoices' }, ifMatch: '"6"' });
    server.events.removeAllListeners();
  });

  it('on 412 says someone else changed the article, keeps the text, and reloads when asked', async () => {
    renderApp('/kb/a-invoice', { user: users.manager });
    await screen.findByRole('heading', { name: 'Download an invoice', level: 1 });
    colleagueEdits('a-invoice', { title: 'Invoices, by a colleague' });
    await userEvent.type(bodyBox(), '\n\nMy addition.');
    await userEvent.click(screen.getByRole('button', { name: 'Save draft' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(/someone else changed this article; reload/i);
    expect(screen.queryByText('Draft saved.')).not.toBeInTheDocument();
    expect(bodyBox()).toHaveValue(`${kbArticle('a-invoice').body}\n\nMy addition.`);

    await userEvent.click(within(alert).getByRole('button', { name: 'Reload' }));
    expect(await screen.findByRole('heading', { name: 'Invoices, by a colleague', level: 1 })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Title/ })).toHaveValue('Invoices, by a colleague');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('previews the HTML the API rendered for the saved draft, not a rendering of its own', async () => {
    let saved: ArticlePatch | undefined;
    server.use(
      http.patch('*/api/v1/knowledge-base/articles/:id', async ({ request }) => {
        saved = (await request.json()) as ArticlePatch;
        const a = { ...kbArticle('a-toner'), body: saved.body!, version: 2, body_html: '<p>rendered by the <em>server</em></p>' };
        return HttpResponse.json(a, { headers: { etag: '"2"' } });
      }),
    );
    renderApp('/kb/a-toner', { user: users.agent });
    await screen.findByRole('heading', { name: 'Replacing the toner', level: 1 });
    await userEvent.clear(bodyBox());
    await userEvent.type(bodyBox(), 'Pull **firmly**.');
    await userEvent.click(screen.getByRole('tab', { name: 'Preview' }));

    const preview = await screen.findByTestId('article-preview');
    expect(saved).toEqual({ body: 'Pull **firmly**.' });
    expect(preview.innerHTML).toBe('<p>rendered by the <em>server</em></p>');
    expect(preview).not.toHaveTextContent('firmly');
  });

  it('creates a new article as a draft with Save draft and opens it', async () => {
    const { router } = renderApp('/kb/new', { user: users.agent });
    await userEvent.type(await screen.findByRole('textbox', { name: /Title/ }), 'Clear a paper jam');
    await userEvent.type(bodyBox(), 'Open the **front** cover.');
    await userEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(router.state.location.pathname).toMatch(/^\/kb\/a-new-\d+$/));
    expect(await screen.findByRole('heading', { name: 'Clear a paper jam', level: 1 })).toBeInTheDocument();
    expect(screen.getAllByLabelText('Status: draft').length).toBeGreaterThan(0);
    const created = kbDb.articles.at(-1)!.article;
    expect(created).toMatchObject({ title: 'Clear a paper jam', slug: 'clear-a-paper-jam', author_id: 'acme-agent1' });
  });

  it('does not show Publish or Archive to an agent on their own draft, only Save draft', async () => {
    renderApp('/kb/a-toner', { user: users.agent });
    await screen.findByRole('heading', { name: 'Replacing the toner', level: 1 });
    // Their own draft: they save it, nothing more.
    expect(screen.getByRole('button', { name: 'Save draft' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Publish/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Archive' })).not.toBeInTheDocument();
  });

  it('shows an agent a published article read-only, without Publish, Archive or Restore', async () => {
    renderApp('/kb/a-invoice', { user: users.agent });
    await screen.findByRole('heading', { name: 'Download an invoice', level: 1 });
    expect(screen.getByText('Only managers and admins edit a published or archived article.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Title/ })).toHaveAttribute('readonly');
    expect(bodyBox()).toHaveAttribute('readonly');
    expect(screen.queryByRole('button', { name: 'Save draft' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Publish/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Archive' })).not.toBeInTheDocument();
    await userEvent.click(await screen.findByRole('button', { name: 'Version 1: Download an invoice' }));
    expect(await screen.findByRole('list', { name: 'Changes from version 1 to the current draft' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Restore/ })).not.toBeInTheDocument();
  });

  it('lets a manager publish the draft with If-Match, and archive it', async () => {
    const posted = actions();
    renderApp('/kb/a-invoice', { user: users.manager });
    await screen.findByRole('heading', { name: 'Download an invoice', level: 1 });
    expect(screen.getByText('Unpublished changes')).toBeInTheDocument();
    expect(screen.getByText(/Draft version 2 · published version 1/)).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Publish changes' }));
    expect(await screen.findByText(/Published: customers now see this version/)).toBeInTheDocument();
    expect(screen.getByText(/Draft version 2 · published version 2/)).toBeInTheDocument();
    expect(screen.queryByText('Unpublished changes')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Publish changes' })).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Archive' }));
    expect(await screen.findByText(/Archived: customers no longer see it/)).toBeInTheDocument();
    expect(posted).toEqual([
      { path: 'a-invoice/publish', ifMatch: '"5"' },
      { path: 'a-invoice/archive', ifMatch: '"6"' },
    ]);
    expect(kbArticle('a-invoice').status).toBe('archived');
    server.events.removeAllListeners();
  });
});

describe('the versions panel', () => {
  it('lists versions newest first, diffs one against the draft and restores it', async () => {
    const posted = actions();
    renderApp('/kb/a-invoice', { user: users.manager });
    const list = await screen.findByRole('list', { name: 'Versions' });
    const items = await within(list).findAllByRole('button');
    expect(items.map((b) => b.getAttribute('aria-label'))).toEqual([
      'Version 2: Download an invoice',
      'Version 1: Download an invoice',
    ]);
    expect(within(list).getByText('current draft')).toBeInTheDocument();
    expect(within(list).getByText('published')).toBeInTheDocument();

    await userEvent.click(items[1]!);
    const section = await screen.findByRole('region', { name: 'Version 1' });
    expect(within(section).getByLabelText('Body of version 1')).toHaveTextContent('Choose an invoice.');
    const diff = within(section).getByRole('list', { name: 'Changes from version 1 to the current draft' });
    const lines = within(diff).getAllByRole('listitem');
    expect(lines.map((l) => [l.getAttribute('data-op'), l.textContent])).toEqual([
      ['same', '  Every invoice is in **Billing → Invoices**.'],
      ['same', '  \u00a0'],
      ['removed', '− Removed: Choose an invoice.'],
      ['added', '+ Added: Choose an invoice, then Download PDF.'],
      ['added', '+ Added: \u00a0'],
      ['added', '+ Added: NEW DRAFT TEXT'],
    ]);
    expect(within(section).getByText('3 lines added, 1 removed since version 1')).toBeInTheDocument();

    await userEvent.click(within(section).getByRole('button', { name: 'Restore version 1' }));
    // The editor starts over from the restored draft, version 3 with v1's content.
    await waitFor(() => expect(bodyBox()).toHaveValue('Every invoice is in **Billing → Invoices**.\n\nChoose an invoice.'));
    expect(posted).toEqual([{ path: 'a-invoice/versions/1/restore', ifMatch: '"5"' }]);
    expect(await within(list).findByRole('button', { name: 'Version 3: Download an invoice' })).toBeInTheDocument();
    expect(kbArticle('a-invoice').draft_version).toBe(3);
    server.events.removeAllListeners();
  });
});
