import { useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { Notifications } from '@mantine/notifications';
import { AppProvider } from '@/app/provider';
import { routes } from '@/app/routes';
import { setUnauthorizedHandler } from '@/lib/api';

export function App() {
  const [router] = useState(() => {
    const r = createBrowserRouter(routes);
    // A 401 anywhere: the client already cleared the session; go to /login inside the SPA.
    setUnauthorizedHandler(() => {
      const { pathname, search } = r.state.location;
      if (pathname !== '/login') void r.navigate(`/login?next=${encodeURIComponent(pathname + search)}`);
    });
    return r;
  });
  return (
    <AppProvider>
      <Notifications position="top-right" />
      <RouterProvider router={router} />
    </AppProvider>
  );
}
