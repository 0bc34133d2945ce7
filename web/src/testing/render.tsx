/** Renders the real route table in a memory router, signed in as whoever the test says. */
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { QueryClient } from '@tanstack/react-query';
import { Notifications } from '@mantine/notifications';
import { AppProvider } from '@/app/provider';
import { routes } from '@/app/routes';
import { saveSession } from '@/lib/session';
import { setUnauthorizedHandler } from '@/lib/api';
import type { User } from '@/types/api';

export function renderApp(path: string, { user }: { user?: User } = {}) {
  if (user) saveSession({ token: `token-for-${user.id}`, user });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  setUnauthorizedHandler(() => void router.navigate('/login'));
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, refetchInterval: false, staleTime: 0 }, mutations: { retry: false } },
  });
  const utils = render(
    <AppProvider queryClient={queryClient}>
      <Notifications />
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...utils, router, queryClient };
}
