import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderApp } from '@/testing/render';
import { users } from '@/testing/mocks/db';
import { server } from '@/testing/mocks/server';
import { lastDays } from '@/features/reports/dates';

describe('the reports page', () => {
  it('loads the last 14 days by default and shows totals and the per-day chart', async () => {
    const seen: URLSearchParams[] = [];
    server.events.on('request:start', ({ request }) => {
      const url = new URL(request.url);
      if (url.pathname === '/api/v1/reports/overview') seen.push(url.searchParams);
    });
    renderApp('/reports', { user: users.manager });
    // 14 days: created 1..14 (105), resolved 0..13 (91).
    expect(await screen.findByLabelText('Tickets created: 105')).toBeInTheDocument();
    expect(screen.getByLabelText('Tickets resolved: 91')).toBeInTheDocument();
    const { from, to } = lastDays(14);
    expect(seen[0]?.get('from')).toBe(from);
    expect(seen[0]?.get('to')).toBe(to);
    const table = screen.getByRole('table', { name: 'Tickets created and resolved per day' });
    expect(within(table).getAllByRole('row')).toHaveLength(15);
    expect(screen.getByTestId('report-chart').querySelectorAll('rect')).toHaveLength(28);
    server.events.removeAllListeners();
  });

  it('refuses a range over 92 days without asking the API', async () => {
    renderApp('/reports', { user: users.admin });
    await screen.findByLabelText(/Tickets created:/);
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2020-01-01' } });
    expect(await screen.findByRole('alert')).toHaveTextContent('At most 92 days');
  });

  it('sends agents back to the inbox', async () => {
    const { router } = renderApp('/reports', { user: users.agent });
    await waitFor(() => expect(router.state.location.pathname).toBe('/inbox'));
  });
});
