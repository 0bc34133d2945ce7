import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse } from 'msw';
import { renderApp } from '@/testing/render';
import { users } from '@/testing/mocks/db';
import { server } from '@/testing/mocks/server';
import { route } from '@/testing/mocks/handlers';
import { emptyCsatReport } from '@/testing/mocks/csat';
import type { CsatReport } from '@/types/api';

const counts = (good: number, okay: number, bad: number) => {
  const count = good + okay + bad;
  return { good, okay, bad, count, score: count ? Math.round((good * 100 + okay * 50) / count) : null };
};

function report(from: string, to: string): CsatReport {
  return {
    ...emptyCsatReport(from, to),
    total: counts(3, 1, 1),
    days: [
      { day: '2026-11-19', ...counts(2, 0, 1) },
      { day: '2026-11-20', ...counts(1, 1, 0) },
    ],
    agents: [{ id: 'acme-agent1', name: 'Alice Agent', ...counts(3, 1, 1) }],
    teams: [{ id: 'support', name: 'Support', ...counts(2, 1, 0) }],
    categories: [{ id: 'billing', name: 'Billing', ...counts(0, 0, 1) }],
    comments: [
      {
        ticket_id: 't-1',
        ticket_number: 'TKT-000001',
        subject: 'Printer on fire',
        rating: 'bad',
        reason: 'took_too_long',
        comment: 'Three days <b>late</b>.',
        rated_at: '2026-11-20T09:00:00Z',
      },
    ],
  };
}

describe('the CSAT section of the reports page', () => {
  it('shows the score, the per-day chart and the per-agent, team and category tables, and the comments', async () => {
    server.use(
      route('get', '/api/v1/reports/csat', ({ request }) => {
        const q = new URL(request.url).searchParams;
        return HttpResponse.json(report(q.get('from') ?? '', q.get('to') ?? ''));
      }),
    );
    renderApp('/reports', { user: users.manager });
    const section = await screen.findByRole('region', { name: 'Customer satisfaction' });
    expect(await within(section).findByLabelText('Satisfaction score: 70%')).toBeInTheDocument();
    expect(within(section).getByLabelText('Ratings: 5')).toBeInTheDocument();
    // Three bars a day.
    expect(within(section).getByTestId('csat-chart').querySelectorAll('rect')).toHaveLength(6);
    const perDay = within(section).getByRole('table', { name: /^Ratings per day/ });
    expect(within(perDay).getAllByRole('row')).toHaveLength(3);

    const agents = within(section).getByRole('table', { name: 'Satisfaction per agent' });
    expect(within(agents).getByRole('rowheader', { name: 'Alice Agent' })).toBeInTheDocument();
    expect(within(agents).getAllByRole('cell').map((c) => c.textContent).slice(0, 5)).toEqual(['70%', '5', '3', '1', '1']);
    expect(within(section).getByRole('table', { name: 'Satisfaction per team' })).toHaveTextContent('Support');
    const categories = within(section).getByRole('table', { name: 'Satisfaction per category' });
    expect(within(categories).getByRole('rowheader', { name: 'Billing' })).toBeInTheDocument();
    expect(categories).toHaveTextContent('0%');

    const comments = within(section).getByRole('region', { name: 'Comments' });
    expect(comments).toHaveTextContent('Bad · TKT-000001 Printer on fire');
    expect(comments).toHaveTextContent('It took too long');
    // A customer's words are text, never markup.
    expect(within(comments).getByText('“Three days <b>late</b>.”')).toBeInTheDocument();
  });

  it('lets admins change the survey settings with If-Match; managers only read them', async () => {
    const puts: { body: unknown; ifMatch: string | null }[] = [];
    server.events.on('request:start', async ({ request }) => {
      if (request.method === 'PUT' && new URL(request.url).pathname === '/api/v1/settings/csat') {
        puts.push({ body: await request.clone().json(), ifMatch: request.headers.get('if-match') });
      }
    });
    const first = renderApp('/reports', { user: users.admin });
    const panel = await screen.findByRole('region', { name: 'Survey settings' });
    const ask = within(panel).getByRole('switch', { name: /Ask customers for a rating/ });
    await waitFor(() => expect(ask).toBeEnabled());
    expect(ask).toBeChecked();
    const rules = within(panel).getByRole('switch', { name: /trigger or an automation/ });
    await userEvent.click(rules);
    await waitFor(() => expect(rules).toBeChecked());
    expect(puts).toEqual([{ body: { enabled: true, after_rules: true }, ifMatch: '"1"' }]);
    await waitFor(() => expect(rules).toBeEnabled());
    await userEvent.click(ask);
    await waitFor(() => expect(ask).not.toBeChecked());
    expect(puts[1]).toEqual({ body: { enabled: false, after_rules: true }, ifMatch: '"2"' });
    server.events.removeAllListeners();
    first.unmount();

    renderApp('/reports', { user: users.manager });
    const read = await screen.findByRole('region', { name: 'Survey settings' });
    expect(within(read).getByText(/Only admins can change these settings/)).toBeInTheDocument();
    expect(within(read).getByRole('switch', { name: /Ask customers for a rating/ })).toBeDisabled();
  });
});
