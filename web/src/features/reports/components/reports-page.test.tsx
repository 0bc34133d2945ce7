import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { renderApp } from '@/testing/render';
import { users } from '@/testing/mocks/db';
import { server } from '@/testing/mocks/server';
import { API, problem } from '@/testing/mocks/handlers';
import { lastDays } from '@/features/reports/dates';

/** The query strings each report endpoint was asked with, by endpoint name. */
function reportRequests(): Record<string, URLSearchParams[]> {
  const seen: Record<string, URLSearchParams[]> = { overview: [], sla: [], agents: [], 'knowledge-base': [] };
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    const name = url.pathname.match(/^\/api\/v1\/reports\/([\w-]+)$/)?.[1];
    if (name) (seen[name] ??= []).push(url.searchParams);
  });
  return seen;
}

const noDurations = { count: 0, median: null, p90: null };

describe('the reports page', () => {
  it('loads the last 14 days by default and shows totals and the per-day chart', async () => {
    const seen = reportRequests();
    renderApp('/reports', { user: users.manager });
    // 14 days: created 1..14 (105), resolved 0..13 (91), reopened on days 1, 5, 9, 13.
    expect(await screen.findByLabelText('Tickets created: 105')).toBeInTheDocument();
    expect(screen.getByLabelText('Tickets resolved: 91')).toBeInTheDocument();
    expect(screen.getByLabelText('Tickets reopened: 4')).toBeInTheDocument();
    // The backlog is the one at the end of the range, not a sum.
    expect(screen.getByLabelText('Backlog at the end: 23')).toBeInTheDocument();
    expect(screen.getByText('Days are counted in Europe/Berlin time.')).toBeInTheDocument();
    const { from, to } = lastDays(14);
    expect(seen.overview![0]?.get('from')).toBe(from);
    expect(seen.overview![0]?.get('to')).toBe(to);
    const table = screen.getByRole('table', { name: /^Tickets per day/ });
    expect(within(table).getAllByRole('row')).toHaveLength(15);
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Day',
      'Created',
      'Resolved',
      'Reopened',
      'Backlog',
    ]);
    // The second day: 2 created, 1 resolved, 1 reopened, 11 open at its end.
    expect(within(within(table).getAllByRole('row')[2]!).getAllByRole('cell').map((c) => c.textContent)).toEqual([
      '2',
      '1',
      '1',
      '11',
    ]);
    expect(screen.getByTestId('report-chart').querySelectorAll('rect')).toHaveLength(28);
    server.events.removeAllListeners();
  });

  it('shows first-response and resolution medians and 90th percentiles as upper bounds', async () => {
    renderApp('/reports', { user: users.manager });
    expect(await screen.findByLabelText('First response, median: ≤ 30 min')).toBeInTheDocument();
    expect(screen.getByLabelText('First response, 90th percentile: ≤ 2 h')).toBeInTheDocument();
    expect(screen.getByLabelText('Resolution, median: ≤ 1 day')).toBeInTheDocument();
    expect(screen.getByLabelText('Resolution, 90th percentile: ≤ 1 day')).toBeInTheDocument();
    expect(screen.getAllByText('Over 5 first responses')).toHaveLength(2);
    expect(screen.getAllByText('Over 1 resolved ticket')).toHaveLength(2);
  });

  it('shows a dash, not zero, when nothing was measured (null medians)', async () => {
    server.use(
      http.get(`${API}/reports/overview`, ({ request }) => {
        const q = new URL(request.url).searchParams;
        const totals = { tickets_created: 0, tickets_resolved: 0, tickets_reopened: 0, replies_sent: 0, sla_breached: 0, backlog: 0 };
        return HttpResponse.json({
          from: q.get('from'),
          to: q.get('to'),
          time_zone: 'UTC',
          days: [],
          totals,
          first_response_minutes: noDurations,
          resolution_minutes: noDurations,
        });
      }),
    );
    renderApp('/reports', { user: users.manager });
    expect(await screen.findByLabelText('First response, median: —')).toBeInTheDocument();
    expect(screen.getByLabelText('First response, 90th percentile: —')).toBeInTheDocument();
    expect(screen.getByLabelText('Resolution, median: —')).toBeInTheDocument();
    expect(screen.getByLabelText('Resolution, 90th percentile: —')).toBeInTheDocument();
    expect(screen.getAllByText('None in this range')).toHaveLength(4);
  });

  it('refuses a range over 92 days without asking the API', async () => {
    renderApp('/reports', { user: users.admin });
    await screen.findByLabelText(/Tickets created:/);
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2020-01-01' } });
    expect(await screen.findByRole('alert')).toHaveTextContent('At most 92 days');
    expect(screen.queryByRole('heading', { name: 'SLA' })).not.toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Agents' })).not.toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Self-service' })).not.toBeInTheDocument();
  });

  it('drives the overview, SLA, agents and self-service reports with the same range', async () => {
    const seen = reportRequests();
    renderApp('/reports', { user: users.manager });
    await screen.findByRole('table', { name: /^Per agent/ });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-11-01' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-11-07' } });
    for (const name of ['overview', 'sla', 'agents', 'knowledge-base']) {
      await waitFor(() => expect(seen[name]!.at(-1)?.toString()).toBe('from=2026-11-01&to=2026-11-07'));
    }
    server.events.removeAllListeners();
  });

  it('sends agents back to the inbox', async () => {
    const { router } = renderApp('/reports', { user: users.agent });
    await waitFor(() => expect(router.state.location.pathname).toBe('/inbox'));
  });
});

describe('the SLA section', () => {
  it('shows the achievement, a table per priority with totals, and breaches per day', async () => {
    renderApp('/reports', { user: users.manager });
    const section = await screen.findByRole('region', { name: 'SLA' });
    expect(await within(section).findByLabelText('SLA achieved: 87.5%')).toBeInTheDocument();
    expect(within(section).getByLabelText('Tickets solved: 4')).toBeInTheDocument();
    expect(within(section).getByLabelText('First responses breached: 1')).toBeInTheDocument();

    const byPriority = within(section).getByRole('table', { name: /^SLA by priority/ });
    const rows = within(byPriority).getAllByRole('row');
    // A header row, urgent, high, normal, low, and the totals.
    expect(rows).toHaveLength(6);
    expect(within(rows[1]!).getByRole('rowheader')).toHaveTextContent('urgent');
    expect(within(rows[1]!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['2', '1', '1', '2', '0']);
    expect(within(rows[4]!).getByRole('rowheader')).toHaveTextContent('low');
    expect(within(rows[5]!).getByRole('rowheader')).toHaveTextContent('All priorities');
    expect(within(rows[5]!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['4', '3', '1', '4', '0']);

    // 14 days with breaches on days 0, 5 and 10.
    const perDay = within(section).getByRole('table', { name: /^SLA breaches per day/ });
    const dayRows = within(perDay).getAllByRole('row');
    expect(dayRows).toHaveLength(4);
    expect(within(dayRows[1]!).getByRole('rowheader')).toHaveTextContent(lastDays(14).from);
    expect(within(dayRows[1]!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['1', '0', '2']);
  });

  it('shows a dash when nothing was measured and says when there were no breaches', async () => {
    server.use(
      http.get(`${API}/reports/sla`, ({ request }) => {
        const q = new URL(request.url).searchParams;
        const none = { achieved: 0, breached: 0 };
        return HttpResponse.json({
          from: q.get('from'),
          to: q.get('to'),
          time_zone: 'UTC',
          days: [{ day: q.get('from'), first_response_breached: 0, next_response_breached: 0, resolution_breached: 0 }],
          priorities: (['urgent', 'high', 'normal', 'low'] as const).map((priority) => ({
            priority,
            tickets_solved: 0,
            first_response: none,
            resolution: none,
          })),
          totals: { tickets_solved: 0, first_response: none, resolution: none, achieved_percent: null },
        });
      }),
    );
    renderApp('/reports', { user: users.manager });
    const section = await screen.findByRole('region', { name: 'SLA' });
    expect(await within(section).findByLabelText('SLA achieved: —')).toBeInTheDocument();
    expect(within(section).getByText('Nothing measured in this range')).toBeInTheDocument();
    expect(within(section).getByText('No SLA breaches in this range.')).toBeInTheDocument();
    expect(within(section).queryByRole('table', { name: /^SLA breaches per day/ })).not.toBeInTheDocument();
  });

  it('shows its own error and leaves the rest of the page alone', async () => {
    server.use(http.get(`${API}/reports/sla`, () => problem(500, 'Internal Server Error', { detail: 'try again' })));
    renderApp('/reports', { user: users.manager });
    const section = await screen.findByRole('region', { name: 'SLA' });
    expect(await within(section).findByRole('alert')).toHaveTextContent('Could not load the SLA report');
    expect(screen.getByLabelText('Tickets created: 105')).toBeInTheDocument();
    expect(await screen.findByRole('table', { name: /^Per agent/ })).toBeInTheDocument();
  });

  it('is left out when the API does not have it yet (404)', async () => {
    server.use(
      http.get(`${API}/reports/sla`, () => problem(404, 'Not Found')),
      http.get(`${API}/reports/agents`, () => problem(404, 'Not Found')),
    );
    renderApp('/reports', { user: users.manager });
    expect(await screen.findByLabelText('Tickets created: 105')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'SLA' })).not.toBeInTheDocument());
    expect(screen.queryByRole('heading', { name: 'Agents' })).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});

describe('the agents table', () => {
  it('lists agents by name with work done and response times, a dash for null medians', async () => {
    renderApp('/reports', { user: users.admin });
    const section = await screen.findByRole('region', { name: 'Agents' });
    const table = await within(section).findByRole('table', { name: /^Per agent/ });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Agent',
      'Tickets resolved',
      'Replies sent',
      'SLA breaches',
      'First response, median',
      'First response, 90th percentile',
      'Resolution, median',
      'Resolution, 90th percentile',
    ]);
    const [, alice, bob] = within(table).getAllByRole('row');
    expect(within(alice!).getByRole('rowheader')).toHaveTextContent('Alice Agent');
    expect(within(alice!).getAllByRole('cell').map((c) => c.textContent)).toEqual([
      '2',
      '5',
      '1',
      '≤ 15 min',
      '≤ 30 min',
      '≤ 4 h',
      '≤ 8 h',
    ]);
    expect(within(bob!).getByRole('rowheader')).toHaveTextContent('Bob Agent');
    expect(within(bob!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['0', '0', '0', '—', '—', '—', '—']);
  });

  it('says so when no agent did anything in the range', async () => {
    server.use(
      http.get(`${API}/reports/agents`, ({ request }) => {
        const q = new URL(request.url).searchParams;
        return HttpResponse.json({ from: q.get('from'), to: q.get('to'), time_zone: 'UTC', agents: [] });
      }),
    );
    renderApp('/reports', { user: users.manager });
    const section = await screen.findByRole('region', { name: 'Agents' });
    expect(await within(section).findByText('No agent activity in this range.')).toBeInTheDocument();
  });
});

/** A self-service report for the range asked, with the given totals, days and searches. */
function knowledgeBaseAnswer(
  request: Request,
  totals: { suggested: number; abandoned: number; submitted: number; deflection_rate: number | null },
  unanswered_searches: { query: string; searches: number }[],
) {
  const q = new URL(request.url).searchParams;
  const from = q.get('from') ?? '';
  return HttpResponse.json({
    from,
    to: q.get('to'),
    time_zone: 'UTC',
    days: [{ day: from, ...totals }],
    totals,
    unanswered_searches,
  });
}

describe('the self-service section', () => {
  it('shows forms with suggestions, deflected ones and the rate, per day too, and the searches without results', async () => {
    renderApp('/reports', { user: users.manager });
    const section = await screen.findByRole('region', { name: 'Self-service' });
    // 7 forms with suggestions: 4 deflected (3 on the first day, 1 on the third), 3 submitted.
    expect(await within(section).findByLabelText('Forms with suggestions: 7')).toBeInTheDocument();
    expect(within(section).getByLabelText('Deflected: 4')).toBeInTheDocument();
    expect(within(section).getByLabelText('Submitted: 3')).toBeInTheDocument();
    expect(within(section).getByLabelText('Deflection rate: 57.1%')).toBeInTheDocument();

    const perDay = within(section).getByRole('table', { name: /^Forms with suggestions per day/ });
    const rows = within(perDay).getAllByRole('row');
    // A header row and the two days that had forms.
    expect(rows).toHaveLength(3);
    expect(within(rows[1]!).getByRole('rowheader')).toHaveTextContent(lastDays(14).from);
    expect(within(rows[1]!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['4', '3', '1', '75%']);
    expect(within(rows[2]!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['3', '1', '2', '33.3%']);

    const gaps = within(section).getByRole('table', { name: 'Searches without results' });
    expect(within(gaps).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Query', 'Searches']);
    const [, first, second] = within(gaps).getAllByRole('row');
    expect(within(first!).getByRole('rowheader')).toHaveTextContent('warranty extension');
    expect(within(first!).getByRole('cell')).toHaveTextContent('3');
    // A query is text, never markup.
    expect(within(second!).getByRole('rowheader').textContent).toBe('<b>refund</b> policy');
    expect(gaps.querySelector('b')).toBeNull();
    expect(within(section).queryByText('No unanswered searches in this range.')).not.toBeInTheDocument();
  });

  it('shows a dash for the rate before the first form, and says when every search found something', async () => {
    server.use(
      http.get(`${API}/reports/knowledge-base`, ({ request }) =>
        knowledgeBaseAnswer(request, { suggested: 0, abandoned: 0, submitted: 0, deflection_rate: null }, []),
      ),
    );
    renderApp('/reports', { user: users.manager });
    const section = await screen.findByRole('region', { name: 'Self-service' });
    expect(await within(section).findByLabelText('Deflection rate: —')).toBeInTheDocument();
    expect(within(section).getByLabelText('Forms with suggestions: 0')).toBeInTheDocument();
    expect(within(section).getByText('No forms with suggestions in this range')).toBeInTheDocument();
    expect(within(section).getByText('No new-ticket form showed suggestions in this range.')).toBeInTheDocument();
    expect(within(section).queryByRole('table', { name: /^Forms with suggestions per day/ })).not.toBeInTheDocument();
    const gaps = within(section).getByRole('region', { name: 'Searches without results' });
    expect(within(gaps).getByText('No unanswered searches in this range.')).toBeInTheDocument();
    expect(within(gaps).queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows a rate of zero as 0%, not a dash', async () => {
    server.use(
      http.get(`${API}/reports/knowledge-base`, ({ request }) =>
        knowledgeBaseAnswer(request, { suggested: 2, abandoned: 0, submitted: 2, deflection_rate: 0 }, [
          { query: 'qqzzxx warranty', searches: 2 },
        ]),
      ),
    );
    renderApp('/reports', { user: users.admin });
    const section = await screen.findByRole('region', { name: 'Self-service' });
    expect(await within(section).findByLabelText('Deflection rate: 0%')).toBeInTheDocument();
    expect(within(section).getByRole('table', { name: 'Searches without results' })).toHaveTextContent('qqzzxx warranty');
  });

  it('shows its own error, and is left out when the API does not have it yet (404)', async () => {
    server.use(http.get(`${API}/reports/knowledge-base`, () => problem(500, 'Internal Server Error')));
    const first = renderApp('/reports', { user: users.manager });
    const section = await screen.findByRole('region', { name: 'Self-service' });
    expect(await within(section).findByRole('alert')).toHaveTextContent('Could not load the self-service report');
    expect(screen.getByLabelText('Tickets created: 105')).toBeInTheDocument();
    first.unmount();

    server.use(http.get(`${API}/reports/knowledge-base`, () => problem(404, 'Not Found')));
    renderApp('/reports', { user: users.manager });
    expect(await screen.findByLabelText('Tickets created: 105')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Self-service' })).not.toBeInTheDocument());
  });
});
