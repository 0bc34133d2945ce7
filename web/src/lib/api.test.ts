import { describe, expect, it, vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import { server } from '@/testing/mocks/server';
import { API, problem } from '@/testing/mocks/handlers';
import { ApiError, api, isPublicPath, request, setUnauthorizedHandler } from '@/lib/api';
import { getSession, saveSession } from '@/lib/session';
import { setConfig } from '@/config/runtime';
import { users } from '@/testing/mocks/db';

describe('the API client', () => {
  it('sends the bearer token and If-Match, and returns the body and ETag', async () => {
    saveSession({ token: 'tok-123', user: users.agent });
    let seen: Headers | undefined;
    server.use(
      http.put(`${API}/tickets/:id/status`, ({ request }) => {
        seen = request.headers;
        return HttpResponse.json({ ok: true }, { headers: { etag: '"8"' } });
      }),
    );
    const res = await request<{ ok: boolean }>('/api/v1/tickets/t-1/status', {
      method: 'PUT',
      body: { status: 'open' },
      ifMatch: 7,
    });
    expect(res.data).toEqual({ ok: true });
    expect(res.etag).toBe('"8"');
    expect(seen?.get('authorization')).toBe('Bearer tok-123');
    expect(seen?.get('if-match')).toBe('"7"');
    expect(seen?.get('content-type')).toBe('application/json');
  });

  it('parses application/problem+json into a typed ApiError with field errors', async () => {
    server.use(
      http.post(`${API}/tickets`, () =>
        problem(400, 'Invalid input', {
          type: 'about:blank#validation',
          detail: 'one or more fields are invalid',
          errors: [
            { field: 'subject', message: 'must not be empty' },
            { field: 'tags', message: 'at most 20' },
          ],
        }),
      ),
    );
    const err = await api.post('/api/v1/tickets', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect(e.status).toBe(400);
    expect(e.type).toBe('about:blank#validation');
    expect(e.title).toBe('Invalid input');
    expect(e.detail).toBe('one or more fields are invalid');
    expect(e.errors).toHaveLength(2);
    expect(e.fieldErrors()).toEqual({ subject: 'must not be empty', tags: 'at most 20' });
  });

  it('copes with errors that are not problem documents', async () => {
    server.use(http.get(`${API}/agents`, () => new HttpResponse('upstream exploded', { status: 502 })));
    const e = (await api.get('/api/v1/agents').catch((x: unknown) => x)) as ApiError;
    expect(e.status).toBe(502);
    expect(e.errors).toEqual([]);
    expect(e.detail).toBe('upstream exploded');
  });

  it('on 401 clears the session and hands over to the sign-in redirect', async () => {
    saveSession({ token: 'expired', user: users.agent });
    const onUnauthorized = vi.fn();
    setUnauthorizedHandler(onUnauthorized);
    // API Gateway's authorizer answers with its own {"message"} body.
    server.use(http.get(`${API}/tickets`, () => HttpResponse.json({ message: 'Unauthorized' }, { status: 401 })));
    const e = (await api.get('/api/v1/tickets').catch((x: unknown) => x)) as ApiError;
    expect(e.status).toBe(401);
    expect(e.title).toBe('Unauthorized');
    expect(getSession()).toBeNull();
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('does not redirect on a 401 from an anonymous call (a failed sign-in)', async () => {
    const onUnauthorized = vi.fn();
    setUnauthorizedHandler(onUnauthorized);
    const e = (await api
      .post('/local/login', { email: 'nobody@acme.test' }, { anonymous: true })
      .catch((x: unknown) => x)) as ApiError;
    expect(e.status).toBe(401);
    expect(e.detail).toMatch(/no such local user/);
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('never sends the token to the public help center, nor signs out on its 401', async () => {
    saveSession({ token: 'tok-123', user: users.customer });
    const onUnauthorized = vi.fn();
    setUnauthorizedHandler(onUnauthorized);
    let authorization: string | null = 'unset';
    server.use(
      http.get(`${API}/help/:org/categories`, ({ request }) => {
        authorization = request.headers.get('authorization');
        return problem(401, 'Unauthorized');
      }),
    );
    const e = (await api.get('/api/v1/help/10001/categories').catch((x: unknown) => x)) as ApiError;
    expect(e.status).toBe(401);
    expect(authorization).toBeNull();
    expect(getSession()?.token).toBe('tok-123');
    expect(onUnauthorized).not.toHaveBeenCalled();
    expect(isPublicPath('/api/v1/help/acme/articles/x')).toBe(true);
    expect(isPublicPath('/api/v1/knowledge-base/articles')).toBe(false);
    expect(isPublicPath('/api/v1/helpers')).toBe(false);
    expect(isPublicPath('/api/v1/knowledge-base/suggestions')).toBe(true);
    expect(isPublicPath('/api/v1/knowledge-base/suggestions?org=10001&q=x')).toBe(true);
    expect(isPublicPath('/api/v1/knowledge-base/suggestions-admin')).toBe(false);
    expect(isPublicPath('/api/v1/search')).toBe(false);
  });

  it('asks for article suggestions without the token, and their 401 signs nobody out', async () => {
    saveSession({ token: 'tok-123', user: users.customer });
    const onUnauthorized = vi.fn();
    setUnauthorizedHandler(onUnauthorized);
    let authorization: string | null = 'unset';
    server.use(
      http.get(`${API}/knowledge-base/suggestions`, ({ request }) => {
        authorization = request.headers.get('authorization');
        return problem(401, 'Unauthorized');
      }),
    );
    const e = (await api.get('/api/v1/knowledge-base/suggestions', { query: { org: '10001', q: 'pass' } }).catch((x: unknown) => x)) as ApiError;
    expect(e.status).toBe(401);
    expect(authorization).toBeNull();
    expect(getSession()?.token).toBe('tok-123');
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('hands a keepalive request with the token to fetch before it first awaits, and a quiet 401 signs nobody out', async () => {
    saveSession({ token: 'tok-123', user: users.customer });
    const onUnauthorized = vi.fn();
    setUnauthorizedHandler(onUnauthorized);
    let authorization: string | null = 'unset';
    server.use(
      http.post(`${API}/knowledge-base/deflections`, ({ request }) => {
        authorization = request.headers.get('authorization');
        return problem(401, 'Unauthorized');
      }),
    );
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      const pending = api.post('/api/v1/knowledge-base/deflections', { outcome: 'abandoned' }, { keepalive: true, quiet: true });
      // Already with the browser: a `pagehide` handler may return right after the call.
      expect(fetchSpy).toHaveBeenCalledOnce();
      expect(fetchSpy.mock.calls[0]![1]).toMatchObject({ method: 'POST', keepalive: true });
      const e = (await pending.catch((x: unknown) => x)) as ApiError;
      expect(e.status).toBe(401);
    } finally {
      fetchSpy.mockRestore();
    }
    expect(authorization).toBe('Bearer tok-123');
    expect(getSession()?.token).toBe('tok-123');
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('joins a configured API origin, path prefix included, and leaves out empty query values', async () => {
    setConfig({ apiBaseUrl: 'https://api.example.test/prod', auth: { mode: 'local' } });
    let url = '';
    server.use(
      http.get('https://api.example.test/prod/api/v1/tickets', ({ request }) => {
        url = request.url;
        return HttpResponse.json({ items: [], next_cursor: null });
      }),
    );
    await api.get('/api/v1/tickets', { query: { view: 'mine', status: undefined, tag: '', limit: 25 } });
    expect(url).toBe('https://api.example.test/prod/api/v1/tickets?view=mine&limit=25');
  });

  it('reports an unreachable server as a network error', async () => {
    server.use(http.get(`${API}/agents`, () => HttpResponse.error()));
    const e = (await api.get('/api/v1/agents').catch((x: unknown) => x)) as ApiError;
    expect(e.status).toBe(0);
    expect(e.title).toBe('Network error');
  });
});
