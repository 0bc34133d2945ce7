import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse } from 'msw';
import { renderApp } from '@/testing/render';
import { customer, users } from '@/testing/mocks/db';
import { server } from '@/testing/mocks/server';
import { db, problem, route } from '@/testing/mocks/handlers';
import type { SetStatusRequest } from '@/types/api';

describe('satisfaction on the agent ticket page', () => {
  it('"Resolve without survey" resolves with survey: false and If-Match', async () => {
    const sent: { body: SetStatusRequest; ifMatch: string | null }[] = [];
    server.use(
      route('put', '/api/v1/tickets/{id}/status', async ({ request }) => {
        const body = await request.json();
        sent.push({ body, ifMatch: request.headers.get('if-match') });
        const t = db.tickets[0]!;
        if (request.headers.get('if-match') !== `"${t.version}"`) return problem(412, 'Precondition Failed');
        Object.assign(t, { status: body.status, version: t.version + 1 });
        return HttpResponse.json({ ...t, thread: undefined });
      }),
    );
    renderApp('/tickets/t-1', { user: users.agent });
    await screen.findByRole('heading', { name: 'Printer on fire' });
    await userEvent.click(screen.getByRole('button', { name: 'Resolve without survey' }));
    await waitFor(() => expect(screen.getAllByLabelText('Status: resolved').length).toBeGreaterThan(0));
    expect(sent).toEqual([{ body: { status: 'resolved', survey: false }, ifMatch: '"3"' }]);
    // Resolved, it is not offered again.
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Resolve without survey' })).not.toBeInTheDocument());
  });

  it("the customer sidebar shows the customer's satisfaction score", async () => {
    server.use(
      route('get', '/api/v1/customers/{id}', () =>
        HttpResponse.json({ ...customer(db.tickets), satisfaction: { good: 2, okay: 1, bad: 0, count: 3, score: 83 } }),
      ),
    );
    renderApp('/tickets/t-1', { user: users.agent });
    const sidebar = await screen.findByRole('complementary', { name: 'Customer' });
    expect(await within(sidebar).findByTestId('customer-satisfaction')).toHaveTextContent('Satisfaction 83% (3 ratings)');
  });

  it('the sidebar says so when the customer has not rated yet', async () => {
    renderApp('/tickets/t-1', { user: users.agent });
    const sidebar = await screen.findByRole('complementary', { name: 'Customer' });
    expect(await within(sidebar).findByTestId('customer-satisfaction')).toHaveTextContent('No ratings yet');
  });
});
