import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { renderApp } from '@/testing/render';
import { users } from '@/testing/mocks/db';
import { server } from '@/testing/mocks/server';
import { API } from '@/testing/mocks/handlers';
import type { SearchResults } from '@/types/api';

/** The query of every `GET /search`, and whether it carried the token. */
function searches(): { q: string | null; limit: string | null; authorized: boolean }[] {
  const seen: { q: string | null; limit: string | null; authorized: boolean }[] = [];
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    if (url.pathname === '/api/v1/search') {
      seen.push({ q: url.searchParams.get('q'), limit: url.searchParams.get('limit'), authorized: request.headers.has('authorization') });
    }
  });
  return seen;
}

const box = () => screen.getByRole('combobox', { name: 'Search tickets and articles' });
// Mantine's dropdowns stay `display: none` in jsdom (no transitions), so they count as hidden.
const resultList = () => screen.findByRole('listbox', { name: 'Search results', hidden: true });
const results = async () => within(await resultList()).findAllByRole('option', { hidden: true });
const result = async (name: RegExp) => within(await resultList()).findByRole('option', { name, hidden: true });

describe('the header search', () => {
  it('is focused by "/", asks once typing pauses, and shows kind, reference, title and the marked snippet', async () => {
    const sent = searches();
    renderApp('/inbox', { user: users.agent });
    await screen.findByRole('list', { name: 'Tickets' });
    await userEvent.keyboard('/');
    expect(box()).toHaveFocus();
    // The "/" that focused it is not typed into it.
    expect(box()).toHaveValue('');

    await userEvent.keyboard('printer');
    const options = await results();
    // Debounced: the keys came faster than 150 ms apart, so one request for the whole word rather
    // than one for each of "pr", "pri", … (at most a second one, should the machine stall mid-word).
    expect(sent.at(-1)).toEqual({ q: 'printer', limit: '10', authorized: true });
    expect(sent.length).toBeLessThanOrEqual(2);
    expect(sent.every((r) => r.limit === '10' && r.authorized && (r.q?.length ?? 0) >= 2)).toBe(true);
    expect(box()).toHaveAttribute('aria-expanded', 'true');

    expect(options).toHaveLength(2);
    const [ticket, article] = options as [HTMLElement, HTMLElement];
    expect(within(ticket).getByText('Ticket')).toBeInTheDocument();
    expect(within(ticket).getByText('TKT-000001')).toBeInTheDocument();
    expect(within(ticket).getByText('Printer on fire')).toBeInTheDocument();
    expect(within(article).getByText('Article')).toBeInTheDocument();
    expect(within(article).getByText('replacing-the-toner')).toBeInTheDocument();
    expect(within(article).getByText('Replacing the toner')).toBeInTheDocument();
    expect(within(article).getByText(/Open the front cover/)).toBeInTheDocument();

    // Nothing more is asked while nothing more is typed.
    const asked = sent.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(sent).toHaveLength(asked);
    server.events.removeAllListeners();
  });

  it('renders the snippet’s marks as <mark> and its escaped markup as text', async () => {
    const answer: SearchResults = {
      items: [
        {
          kind: 'ticket',
          id: 't-9',
          reference: 'TKT-000009',
          title: 'Odd characters',
          snippet: 'Sent &lt;script&gt;alert(1)&lt;/script&gt; and the <mark>printer</mark> &amp; fax',
          score: 3,
        },
      ],
    };
    server.use(http.get(`${API}/search`, () => HttpResponse.json(answer)));
    renderApp('/inbox', { user: users.agent });
    await userEvent.type(await screen.findByRole('combobox', { name: 'Search tickets and articles' }), 'printer');
    const option = await result(/Odd characters/);
    expect(option).toHaveTextContent('Sent <script>alert(1)</script> and the printer & fax');
    expect(within(option).getByText('printer').tagName).toBe('MARK');
    expect(document.querySelector('script')).toBeNull();
  });

  it('moves with the arrows and opens the selected result with Enter', async () => {
    const { router } = renderApp('/inbox', { user: users.agent });
    await userEvent.type(await screen.findByRole('combobox', { name: 'Search tickets and articles' }), 'printer');
    const options = await results();

    await userEvent.keyboard('{ArrowDown}');
    expect(box()).toHaveAttribute('aria-activedescendant', options[0]!.id);
    await userEvent.keyboard('{ArrowDown}');
    expect(box()).toHaveAttribute('aria-activedescendant', options[1]!.id);
    await userEvent.keyboard('{ArrowUp}{ArrowDown}');
    expect(box()).toHaveAttribute('aria-activedescendant', options[1]!.id);
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(router.state.location.pathname).toBe('/kb/a-toner'));
    // Opening clears the search and closes the list.
    expect(box()).toHaveValue('');
    expect(box()).toHaveAttribute('aria-expanded', 'false');

    await userEvent.click(box());
    await userEvent.keyboard('printer');
    await results();
    await userEvent.keyboard('{ArrowDown}{Enter}');
    await waitFor(() => expect(router.state.location.pathname).toBe('/tickets/t-1'));
  });

  it('opens the first result on Enter when none is selected; Escape closes the list, then leaves the box', async () => {
    const answered: (string | null)[] = [];
    server.events.on('response:mocked', ({ request }) => {
      const url = new URL(request.url);
      if (url.pathname === '/api/v1/search') answered.push(url.searchParams.get('q'));
    });
    const { router } = renderApp('/kb', { user: users.manager });
    await userEvent.type(await screen.findByRole('combobox', { name: 'Search tickets and articles' }), 'pasword');
    const option = await result(/Reset your password/);
    // The typo is forgiven: each "password" of the snippet is marked.
    const marks = [...option.querySelectorAll('mark')].map((m) => m.textContent);
    expect(marks.length).toBeGreaterThan(0);
    expect(marks.every((m) => m?.toLowerCase() === 'password')).toBe(true);

    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(box()).toHaveAttribute('aria-expanded', 'false'));
    expect(box()).toHaveValue('pasword');
    expect(box()).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    expect(box()).toHaveValue('');
    expect(box()).not.toHaveFocus();

    await userEvent.click(box());
    await userEvent.keyboard('reset pass');
    // Enter acts on the results of what is typed, not on earlier ones still shown meanwhile.
    await waitFor(() => expect(answered).toContain('reset pass'));
    await waitFor(() => expect(screen.queryByLabelText('Searching')).not.toBeInTheDocument());
    await result(/Reset your password/);
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(router.state.location.pathname).toBe('/kb/a-reset'));
    server.events.removeAllListeners();
  });

  it('says when nothing matches', async () => {
    renderApp('/inbox', { user: users.agent });
    await userEvent.type(await screen.findByRole('combobox', { name: 'Search tickets and articles' }), 'zebra');
    const list = await resultList();
    expect(await within(list).findByText('No matches.')).toBeInTheDocument();
    expect(within(list).queryByRole('option', { hidden: true })).not.toBeInTheDocument();
  });

  it('is listed in the shortcut help', async () => {
    renderApp('/inbox', { user: users.agent });
    await screen.findByRole('list', { name: 'Tickets' });
    await userEvent.keyboard('?');
    const help = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    const table = within(help).getByRole('table', { name: 'Search shortcuts' });
    expect(within(table).getByText('Search tickets and articles')).toBeInTheDocument();
    expect(within(table).getByText('/')).toBeInTheDocument();
  });

  it('is not in the customer portal', async () => {
    renderApp('/portal', { user: users.customer });
    await screen.findByRole('heading', { name: 'My tickets' });
    expect(screen.queryByRole('combobox', { name: 'Search tickets and articles' })).not.toBeInTheDocument();
  });
});
