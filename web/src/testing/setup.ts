import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { server } from '@/testing/mocks/server';
import { resetDb } from '@/testing/mocks/handlers';
import { resetKbDb } from '@/testing/mocks/kb';
import { resetCsatDb } from '@/testing/mocks/csat';
import { clearSession } from '@/lib/session';
import { setConfig } from '@/config/runtime';
import { notifications } from '@mantine/notifications';

// jsdom lacks these browser APIs that Mantine uses.
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: vi.fn().mockImplementation((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: vi.fn(),
    removeListener: vi.fn(),
    addEventListener: vi.fn(),
    removeEventListener: vi.fn(),
    dispatchEvent: vi.fn(),
  })),
});
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
window.ResizeObserver ??= ResizeObserverStub;
window.HTMLElement.prototype.scrollIntoView ??= () => {};
if (!('fonts' in document)) {
  // Mantine's autosize textarea listens for web-font loads.
  Object.defineProperty(document, 'fonts', {
    value: { addEventListener: () => {}, removeEventListener: () => {}, ready: Promise.resolve() },
  });
}

/**
 * Unmounts the test's app, then waits (up to a second) for the requests that started as it
 * unmounted, such as the portal's note of how a new-ticket form ended, so that they reach this
 * test's mock data and not the next test's.
 */
async function unmountAndDrain(): Promise<void> {
  const inFlight = new Set<string>();
  const started = ({ requestId }: { requestId: string }) => void inFlight.add(requestId);
  const ended = ({ requestId }: { requestId: string }) => void inFlight.delete(requestId);
  server.events.on('request:start', started);
  server.events.on('request:end', ended);
  try {
    cleanup();
    const until = Date.now() + 1_000;
    do await new Promise((resolve) => setTimeout(resolve, 0));
    while (inFlight.size > 0 && Date.now() < until);
  } finally {
    server.events.removeListener('request:start', started);
    server.events.removeListener('request:end', ended);
  }
}

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(async () => {
  await unmountAndDrain();
  server.resetHandlers();
  resetDb();
  resetKbDb();
  resetCsatDb();
  // The notifications' store outlives the app: a test starts with none shown or queued.
  notifications.clean();
  notifications.cleanQueue();
  clearSession();
  sessionStorage.clear();
  localStorage.clear();
  setConfig({ apiBaseUrl: '', auth: { mode: 'local' } });
});
afterAll(() => server.close());
