import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '@/testing/render';
import { users } from '@/testing/mocks/db';
import { db } from '@/testing/mocks/handlers';

describe('the SLA page', () => {
  it('is read-only for agents', async () => {
    renderApp('/sla', { user: users.agent });
    const urgent = await screen.findByRole('textbox', { name: 'urgent: First response minutes' });
    expect(urgent).toHaveValue('30');
    expect(urgent).toHaveAttribute('readonly');
    expect(await screen.findByRole('textbox', { name: 'Monday' })).toHaveValue('09:00-17:00');
    expect(screen.queryByRole('button', { name: 'Save policies' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save business hours' })).not.toBeInTheDocument();
  });

  it('lets an admin change a policy and the business hours', async () => {
    renderApp('/sla', { user: users.admin });
    const high = await screen.findByRole('textbox', { name: 'high: First response minutes' });
    await userEvent.type(high, '60');
    await userEvent.click(screen.getByRole('button', { name: 'Save policies' }));
    expect(await screen.findByText('Policies saved.')).toBeInTheDocument();
    expect(db.policies.map((p) => p.priority)).toEqual(['high', 'urgent']);
    expect(db.policies[0]).toMatchObject({ first_response_minutes: 60, warn_at_percent: 75, business_hours: true });

    const saturday = await screen.findByRole('textbox', { name: 'Saturday' });
    await userEvent.type(saturday, '10-14');
    expect(await screen.findByText(/not like 09:00-17:00/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save business hours' })).toBeDisabled();
    await userEvent.clear(saturday);
    await userEvent.type(saturday, '10:00-14:00');
    await userEvent.click(screen.getByRole('button', { name: 'Save business hours' }));
    expect(await screen.findByText('Business hours saved.')).toBeInTheDocument();
    await waitFor(() => expect(db.hours.week.saturday).toEqual([{ start: '10:00', end: '14:00' }]));
    expect(db.hours.week.sunday).toEqual([]);
  });
});
