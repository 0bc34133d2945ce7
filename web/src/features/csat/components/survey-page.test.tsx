import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse } from 'msw';
import { renderApp } from '@/testing/render';
import { db, route } from '@/testing/mocks/handlers';
import { users } from '@/testing/mocks/db';
import { server } from '@/testing/mocks/server';
import { surveyFixture } from '@/testing/mocks/csat';
import type { RateRequest } from '@/types/api';

/** Opens a Mantine select and clicks one of its own options. */
async function pick(input: HTMLElement, option: string) {
  await userEvent.click(input);
  const listbox = await waitFor(() => document.getElementById(input.getAttribute('aria-controls') ?? '')!);
  await userEvent.click(within(listbox).getByRole('option', { name: option, hidden: true }));
}

describe('the public survey page', () => {
  it('records the rating from the link, without a sign-in, and takes a reason and a comment', async () => {
    let auth: string | null = 'unset';
    let seenRating: string | null = null;
    const posted: RateRequest[] = [];
    server.use(
      route('get', '/api/v1/csat/{token}', ({ request }) => {
        auth = request.headers.get('authorization');
        seenRating = new URL(request.url).searchParams.get('rating');
        return HttpResponse.json(surveyFixture({ rating: 'good' }));
      }),
      route('post', '/api/v1/csat/{token}', async ({ request }) => {
        const body = await request.json();
        posted.push(body);
        return HttpResponse.json(surveyFixture({ rating: body.rating ?? 'bad', comment: body.comment, reason: body.reason }));
      }),
    );
    renderApp('/csat/tok-1?rating=good');
    expect(await screen.findByText('Thanks — you rated Good')).toBeInTheDocument();
    expect(seenRating).toBe('good');
    expect(auth).toBeNull();
    expect(screen.getByRole('heading', { name: 'How did we do?' })).toBeInTheDocument();
    expect(screen.getByText('Cannot log in')).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe('How did we do? · Acme'));
    const ratings = screen.getByRole('group', { name: 'Rating' });
    expect(within(ratings).getByRole('button', { name: 'Good' })).toHaveAttribute('aria-pressed', 'true');

    await userEvent.click(within(ratings).getByRole('button', { name: 'Bad' }));
    expect(await screen.findByText('Thanks — you rated Bad')).toBeInTheDocument();
    expect(posted[0]).toEqual({ rating: 'bad' });

    await pick(screen.getByRole('combobox', { name: /What could we have done better/ }), 'It took too long');
    await userEvent.type(screen.getByRole('textbox', { name: /Comment/ }), 'Three days for a reset.');
    await userEvent.click(screen.getByRole('button', { name: 'Send feedback' }));
    expect(await screen.findByText('Thank you for your feedback.')).toBeInTheDocument();
    expect(posted[1]).toEqual({ comment: 'Three days for a reset.', reason: 'took_too_long' });
  });

  it('asks nothing to be recorded without a rating in the link', async () => {
    let seenRating: string | null = 'unset';
    server.use(
      route('get', '/api/v1/csat/{token}', ({ request }) => {
        seenRating = new URL(request.url).searchParams.get('rating');
        return HttpResponse.json(surveyFixture());
      }),
    );
    renderApp('/csat/tok-1');
    expect(await screen.findByText('How would you rate the help you got?')).toBeInTheDocument();
    expect(seenRating).toBeNull();
  });

  it('says when the link is not valid (404) or has expired (410)', async () => {
    const first = renderApp('/csat/forged');
    expect(await screen.findByRole('heading', { name: 'This link is not valid' })).toBeInTheDocument();
    first.unmount();
    renderApp('/csat/expired?rating=good');
    expect(await screen.findByRole('heading', { name: 'This link has expired' })).toBeInTheDocument();
  });
});

describe("the portal's rating block", () => {
  it('shows on a resolved ticket and rates it', async () => {
    db.tickets[0]!.status = 'resolved';
    const posted: RateRequest[] = [];
    server.use(
      route('get', '/api/v1/tickets/{id}/satisfaction', () => HttpResponse.json(surveyFixture())),
      route('post', '/api/v1/tickets/{id}/satisfaction', async ({ request }) => {
        const body = await request.json();
        posted.push(body);
        return HttpResponse.json(surveyFixture({ rating: body.rating }));
      }),
    );
    renderApp('/portal/tickets/t-1', { user: users.customer });
    const block = await screen.findByRole('region', { name: 'How did we do?' });
    await userEvent.click(within(block).getByRole('button', { name: 'Okay' }));
    expect(await within(block).findByText('Thanks — you rated Okay')).toBeInTheDocument();
    expect(posted).toEqual([{ rating: 'okay' }]);
  });

  it('is hidden while the ticket is not resolved', async () => {
    renderApp('/portal/tickets/t-1', { user: users.customer });
    expect(await screen.findByRole('textbox', { name: 'Reply' })).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('region', { name: 'How did we do?' })).not.toBeInTheDocument());
  });
});
