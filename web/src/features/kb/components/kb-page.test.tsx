import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '@/testing/render';
import { users } from '@/testing/mocks/db';
import { server } from '@/testing/mocks/server';
import { kbArticle, kbDb, renderMarkdown } from '@/testing/mocks/kb';
import type { CategoryPatch } from '@/types/api';

/** Opens a Mantine select and clicks one of its own options. */
async function pick(input: HTMLElement, option: string) {
  await userEvent.click(input);
  const listbox = await waitFor(() => document.getElementById(input.getAttribute('aria-controls') ?? '')!);
  await userEvent.click(await within(listbox).findByRole('option', { name: option, hidden: true }));
}

describe('the knowledge base page', () => {
  it('lists every article for staff with status, category and the unpublished-changes marker', async () => {
    renderApp('/kb', { user: users.agent });
    expect(await screen.findByRole('heading', { name: 'Knowledge base' })).toBeInTheDocument();
    const list = await screen.findByRole('list', { name: 'Articles' });
    const rows = within(list).getAllByRole('link');
    // Newest change first; drafts and archived articles too.
    expect(rows.map((r) => r.textContent?.match(/^(Download an invoice|Replacing the toner|Reset your password|Fax setup)/)?.[1])).toEqual([
      'Download an invoice',
      'Replacing the toner',
      'Reset your password',
      'Fax setup',
    ]);
    const invoice = within(list).getByRole('link', { name: /Download an invoice/ });
    expect(invoice).toHaveAttribute('href', '/kb/a-invoice');
    expect(within(invoice).getByLabelText('Status: published')).toBeInTheDocument();
    expect(within(invoice).getByText('Unpublished changes')).toBeInTheDocument();
    expect(within(invoice).getByText(/Billing › Invoices/)).toBeInTheDocument();
    const reset = within(list).getByRole('link', { name: /Reset your password/ });
    expect(within(reset).queryByText('Unpublished changes')).not.toBeInTheDocument();
    expect(within(list).getByRole('link', { name: /Replacing the toner/ })).toHaveTextContent('draft');
    expect(within(list).getByRole('link', { name: /Fax setup/ })).toHaveTextContent('archived');
    expect(screen.getByRole('link', { name: 'New article' })).toHaveAttribute('href', '/kb/new');
  });

  it('filters by status and category through the URL', async () => {
    const { router } = renderApp('/kb', { user: users.agent });
    await screen.findByRole('list', { name: 'Articles' });
    await pick(screen.getByRole('combobox', { name: 'Status' }), 'draft');
    await waitFor(() => expect(router.state.location.search).toBe('?status=draft'));
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Articles' })).getAllByRole('link')).toHaveLength(1));
    expect(screen.getByRole('link', { name: /Replacing the toner/ })).toBeInTheDocument();

    await pick(screen.getByRole('combobox', { name: 'Status' }), 'published');
    await pick(screen.getByRole('combobox', { name: 'Category' }), 'Account › Signing in');
    await waitFor(() => expect(router.state.location.search).toBe('?status=published&category=c-signin'));
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Articles' })).getAllByRole('link')).toHaveLength(1));
    expect(screen.getByRole('link', { name: /Reset your password/ })).toBeInTheDocument();
  });

  it('pages with "Load more", following next_cursor', async () => {
    const template = kbDb.articles[2]!;
    for (let i = 0; i < 30; i++) {
      const id = `a-more-${i}`;
      kbDb.articles.push({
        ...template,
        article: { ...template.article, id, slug: id, title: `Extra article ${i}`, updated_at: new Date(Date.UTC(2020, 0, 1, 0, i)).toISOString() },
        votes: new Map(),
      });
    }
    const cursors: (string | null)[] = [];
    server.events.on('request:start', ({ request }) => {
      const url = new URL(request.url);
      if (url.pathname === '/api/v1/knowledge-base/articles') cursors.push(url.searchParams.get('cursor'));
    });
    renderApp('/kb', { user: users.agent });
    const list = await screen.findByRole('list', { name: 'Articles' });
    expect(within(list).getAllByRole('link')).toHaveLength(25);
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(within(list).getAllByRole('link')).toHaveLength(34));
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    expect(cursors).toEqual([null, '25']);
    server.events.removeAllListeners();
  });

  it('shows agents the categories read-only', async () => {
    renderApp('/kb', { user: users.agent });
    const tree = await screen.findByRole('list', { name: 'Categories' });
    expect(within(tree).getByText('Account')).toBeInTheDocument();
    expect(within(screen.getByRole('list', { name: 'Sections of Billing' })).getByText('Invoices')).toBeInTheDocument();
    expect(screen.getByText('Managers and admins keep the categories.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Edit/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create category' })).not.toBeInTheDocument();
  });

  it('lets a manager create a section and rename a category with If-Match', async () => {
    const patches: { body: CategoryPatch; ifMatch: string | null }[] = [];
    server.events.on('request:start', async ({ request }) => {
      if (request.method === 'PATCH') patches.push({ body: (await request.clone().json()) as CategoryPatch, ifMatch: request.headers.get('if-match') });
    });
    renderApp('/kb', { user: users.manager });
    await screen.findByRole('list', { name: 'Categories' });
    const form = screen.getByRole('form', { name: 'New category' });
    await userEvent.type(within(form).getByRole('textbox', { name: /Name/ }), 'Payment methods');
    await pick(within(form).getByRole('combobox', { name: /Parent/ }), 'Billing');
    await userEvent.type(within(form).getByRole('textbox', { name: /Position/ }), '2');
    await userEvent.click(within(form).getByRole('button', { name: 'Create category' }));
    expect(await screen.findByText('Section Payment methods created.')).toBeInTheDocument();
    expect(kbDb.categories.at(-1)).toMatchObject({ name: 'Payment methods', parent_id: 'c-billing', position: 2 });
    await waitFor(() =>
      expect(within(screen.getByRole('list', { name: 'Sections of Billing' })).getByText('Payment methods')).toBeInTheDocument(),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Edit Printers' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit Printers' });
    const name = within(dialog).getByRole('textbox', { name: /Name/ });
    await userEvent.clear(name);
    await userEvent.type(name, 'Printers and scanners');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByText('Printers and scanners saved.')).toBeInTheDocument();
    expect(patches).toEqual([{ body: { name: 'Printers and scanners' }, ifMatch: '"2"' }]);
    server.events.removeAllListeners();
  });
});

describe('the mock renderer', () => {
  it('stands in for the API: escapes HTML and knows **bold**', () => {
    expect(renderMarkdown('a <script>x</script> **b**')).toBe('<p>a &lt;script&gt;x&lt;/script&gt; <strong>b</strong></p>');
    expect(kbArticle('a-reset').body_html).toContain('<strong>Forgot password</strong>');
  });
});
