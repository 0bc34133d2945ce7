import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { renderApp } from '@/testing/render';
import { users } from '@/testing/mocks/db';
import { server } from '@/testing/mocks/server';
import { problem } from '@/testing/mocks/handlers';
import { kbArticle } from '@/testing/mocks/kb';
import { getSession } from '@/lib/session';
import { VISITOR_KEY, VISITOR_PATTERN } from '@/features/help/visitor-session';
import type { HelpFeedbackRequest } from '@/types/api';

/** Every API request's path and whether it carried a token. */
function requests(): { path: string; authorization: string | null }[] {
  const seen: { path: string; authorization: string | null }[] = [];
  server.events.on('request:start', ({ request }) => {
    seen.push({ path: new URL(request.url).pathname, authorization: request.headers.get('authorization') });
  });
  return seen;
}

/** The bodies of the feedback POSTs. */
function votes(): HelpFeedbackRequest[] {
  const seen: HelpFeedbackRequest[] = [];
  server.events.on('request:start', async ({ request }) => {
    if (request.method === 'POST' && request.url.endsWith('/feedback')) seen.push((await request.clone().json()) as HelpFeedbackRequest);
  });
  return seen;
}

describe('the public help center', () => {
  it('renders without a session: categories with sections, and the articles of the category picked', async () => {
    const sent = requests();
    const { router } = renderApp('/help/10001');
    expect(await screen.findByRole('heading', { name: 'Acme help center', level: 1 })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/help/10001');
    expect(screen.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', `/login?next=${encodeURIComponent('/help/10001')}`);

    const nav = screen.getByRole('navigation', { name: 'Categories' });
    expect(within(nav).getByRole('button', { name: 'Account' })).toBeInTheDocument();
    expect(within(nav).getByRole('button', { name: 'Signing in' })).toBeInTheDocument();
    // All published articles first; never a draft or an archived one.
    const all = await screen.findByRole('list', { name: 'Articles: All articles' });
    expect(within(all).getAllByRole('link').map((a) => a.textContent)).toEqual(['Download an invoice', 'Reset your password']);

    await userEvent.click(within(nav).getByRole('button', { name: 'Signing in' }));
    await waitFor(() => expect(router.state.location.search).toBe('?category=c-signin'));
    const signingIn = await screen.findByRole('list', { name: 'Articles: Signing in' });
    const link = within(signingIn).getByRole('link', { name: 'Reset your password' });
    expect(link).toHaveAttribute('href', '/help/10001/articles/reset-your-password');
    expect(within(signingIn).getByText(/Open the sign-in page/)).toBeInTheDocument();

    await userEvent.click(within(nav).getByRole('button', { name: 'Printers' }));
    expect(await screen.findByText('No articles here yet.')).toBeInTheDocument();
    expect(screen.queryByText('Replacing the toner')).not.toBeInTheDocument();

    expect(sent.map((r) => r.path)).toEqual(
      expect.arrayContaining(['/api/v1/help/10001/categories', '/api/v1/help/10001/articles']),
    );
    expect(sent.every((r) => r.authorization === null)).toBe(true);
    server.events.removeAllListeners();
  });

  it('shows an article without a session: the published version, never the newer draft', async () => {
    const { router } = renderApp('/help/acme/articles/download-an-invoice');
    expect(await screen.findByRole('heading', { name: 'Download an invoice', level: 1 })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/help/acme/articles/download-an-invoice');
    const body = screen.getByTestId('help-article-body');
    // The API's HTML, as sent.
    expect(body.innerHTML).toContain('<strong>Billing → Invoices</strong>');
    expect(body).toHaveTextContent('Choose an invoice.');
    expect(screen.queryByText(/NEW DRAFT TEXT/)).not.toBeInTheDocument();
    expect(kbArticle('a-invoice').body).toContain('NEW DRAFT TEXT');
    expect(await screen.findByText('Billing › Invoices')).toBeInTheDocument();
  });

  it('answers a draft’s address with not found', async () => {
    renderApp('/help/10001/articles/replacing-the-toner');
    expect(await screen.findByRole('heading', { name: 'Article not found' })).toBeInTheDocument();
    expect(screen.queryByText(/front cover/)).not.toBeInTheDocument();
  });

  it('posts feedback with a session id kept in localStorage and shows the counts', async () => {
    const sent = votes();
    const first = renderApp('/help/10001/articles/reset-your-password');
    await screen.findByRole('heading', { name: 'Reset your password', level: 1 });
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Yes' }));
    // The seed has 7 helpful, 1 not.
    expect(await screen.findByRole('status')).toHaveTextContent('8 people found this helpful, 1 did not.');
    expect(screen.getByRole('button', { name: 'Yes' })).toHaveAttribute('aria-pressed', 'true');

    // The latest vote of this browser counts.
    await userEvent.click(screen.getByRole('button', { name: 'No' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('7 people found this helpful, 2 did not.'));
    first.unmount();

    // Another visit from the same browser sends the same id.
    renderApp('/help/10001/articles/reset-your-password');
    await userEvent.click(await screen.findByRole('button', { name: 'No' }));
    await waitFor(() => expect(sent).toHaveLength(3));
    expect(await screen.findByRole('status')).toHaveTextContent('7 people found this helpful, 2 did not.');

    const session = sent[0]!.session;
    expect(session).toMatch(VISITOR_PATTERN);
    expect(localStorage.getItem(VISITOR_KEY)).toBe(session);
    expect(sent).toEqual([
      { helpful: true, session },
      { helpful: false, session },
      { helpful: false, session },
    ]);
    server.events.removeAllListeners();
  });

  it('sends no token when signed in, and a 401 there signs nobody out', async () => {
    const sent = requests();
    server.use(http.get('*/api/v1/help/:org/articles', () => problem(401, 'Unauthorized')));
    const { router } = renderApp('/help/10001', { user: users.customer });
    expect(await screen.findByRole('heading', { name: 'Acme help center', level: 1 })).toBeInTheDocument();
    expect(await screen.findByText('Could not load the articles')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/help/10001');
    expect(getSession()?.user.id).toBe(users.customer.id);
    expect(screen.getByRole('link', { name: 'My tickets' })).toHaveAttribute('href', '/portal');
    const help = sent.filter((r) => r.path.startsWith('/api/v1/help/'));
    expect(help.length).toBeGreaterThan(0);
    expect(help.every((r) => r.authorization === null)).toBe(true);
    server.events.removeAllListeners();
  });

  it('searches without a session, typos forgiven, showing where each article matched; an empty query browses again', async () => {
    const sent: { q: string | null; authorization: string | null }[] = [];
    server.events.on('request:start', ({ request }) => {
      const url = new URL(request.url);
      if (url.pathname === '/api/v1/help/acme/articles') sent.push({ q: url.searchParams.get('q'), authorization: request.headers.get('authorization') });
    });
    const { router } = renderApp('/help/acme');
    const box = await screen.findByRole('searchbox', { name: 'Search the help center' });
    expect(await screen.findByRole('list', { name: 'Articles: All articles' })).toBeInTheDocument();

    await userEvent.type(box, 'pasword');
    const results = await screen.findByRole('list', { name: 'Search results' });
    expect(screen.getByRole('heading', { name: 'Results for “pasword”' })).toBeInTheDocument();
    await waitFor(() => expect(router.state.location.search).toBe('?q=pasword'));
    // Only the published article; never the draft or the archived one.
    const links = within(results).getAllByRole('link');
    expect(links.map((a) => a.textContent)).toEqual(['Reset your password']);
    expect(links[0]).toHaveAttribute('href', '/help/acme/articles/reset-your-password');
    // The snippet: the API's marks as <mark>, the rest as text.
    const item = within(results).getByRole('listitem');
    const marks = [...item.querySelectorAll('mark')].map((m) => m.textContent);
    expect(marks).toContain('password');
    expect(item).toHaveTextContent(/If you forgot your password/);
    // Browsing is replaced by the results while there is a query.
    expect(screen.queryByRole('navigation', { name: 'Categories' })).not.toBeInTheDocument();

    const searched = sent.filter((r) => r.q !== null);
    expect(searched.at(-1)?.q).toBe('pasword');
    // Debounced: not a request per key.
    expect(searched.length).toBeLessThan('pasword'.length);
    expect(sent.every((r) => r.authorization === null)).toBe(true);

    await userEvent.clear(box);
    await userEvent.type(box, 'zebra crossing');
    expect(await screen.findByText(/No articles match/)).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Clear the search' }));
    expect(await screen.findByRole('navigation', { name: 'Categories' })).toBeInTheDocument();
    expect(await screen.findByRole('list', { name: 'Articles: All articles' })).toBeInTheDocument();
    await waitFor(() => expect(router.state.location.search).toBe(''));
    expect(box).toHaveValue('');
    server.events.removeAllListeners();
  });

  it('opens with the results of a search address, and follows the address back', async () => {
    const { router } = renderApp('/help/10001?q=invoice');
    const results = await screen.findByRole('list', { name: 'Search results' });
    expect(within(results).getByRole('link', { name: 'Download an invoice' })).toHaveAttribute(
      'href',
      '/help/10001/articles/download-an-invoice',
    );
    expect(screen.getByRole('searchbox', { name: 'Search the help center' })).toHaveValue('invoice');
    // The published version is what is searched: the newer draft's words find nothing.
    await router.navigate('/help/10001?q=DRAFT');
    expect(await screen.findByText(/No articles match/)).toBeInTheDocument();
    expect(screen.getByRole('searchbox', { name: 'Search the help center' })).toHaveValue('DRAFT');
    await router.navigate('/help/10001');
    expect(await screen.findByRole('navigation', { name: 'Categories' })).toBeInTheDocument();
    expect(screen.getByRole('searchbox', { name: 'Search the help center' })).toHaveValue('');
  });

  it('says so for an unknown help center', async () => {
    renderApp('/help/nobody');
    expect(await screen.findByRole('heading', { name: 'No such help center' })).toBeInTheDocument();
  });

  it('is linked from the customer portal as the customer’s org', async () => {
    renderApp('/portal', { user: users.customer });
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Help center' })).toHaveAttribute('href', '/help/10001');
  });
});
