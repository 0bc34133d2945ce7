import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { loadConfig } from '@/config/runtime';
import { App } from '@/app/app';

const root = createRoot(document.getElementById('root') as HTMLElement);

// The runtime config decides the API origin and the sign-in mode, so it comes first.
loadConfig()
  .then(() =>
    root.render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  )
  .catch((e: unknown) => {
    const p = document.createElement('p');
    p.setAttribute('role', 'alert');
    p.style.padding = '1rem';
    p.textContent = `The app could not start: ${e instanceof Error ? e.message : String(e)}`;
    document.getElementById('root')?.replaceChildren(p);
  });
