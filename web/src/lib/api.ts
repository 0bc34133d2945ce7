/**
 * The one HTTP client for the helpdesk API. It adds the bearer token, turns
 * `application/problem+json` (and API Gateway's own `{"message"}`) errors into a typed
 * {@link ApiError}, and on a 401 clears the session and sends the user to /login.
 */
import { getConfig } from '@/config/runtime';
import { clearSession, getSession } from '@/lib/session';
import type { FieldError, Problem } from '@/types/api';

export type { FieldError, Problem };

export const API_PREFIX = '/api/v1';

export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[];
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.name = 'ApiError';
    this.problem = problem;
    this.status = problem.status;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail ?? undefined;
    this.errors = problem.errors ?? [];
  }

  /** Field errors keyed by field name, for forms. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) out[e.field] ??= e.message;
    return out;
  }
}

export function isApiError(e: unknown, status?: number): e is ApiError {
  return e instanceof ApiError && (status === undefined || e.status === status);
}

/**
 * Routes anyone may call without signing in: the public help center (`/help/{org}/…`), the
 * satisfaction survey a resolved mail links to (`/csat/{token}`), and the
 * article suggestions (`/knowledge-base/suggestions?org=…`, asked while a ticket is typed). They
 * never carry the token, and their 401 (there should be none) does not sign anybody out.
 */
export function isPublicPath(path: string): boolean {
  const route = path.split('?', 1)[0]!;
  return (
    route.startsWith(`${API_PREFIX}/help/`) ||
    route.startsWith(`${API_PREFIX}/csat/`) ||
    route === `${API_PREFIX}/knowledge-base/suggestions`
  );
}

/** The problem type the API uses when a ticket changed while a reply was being written. */
export const COLLISION_TYPE = 'about:blank#collision';

type UnauthorizedHandler = () => void;
let onUnauthorized: UnauthorizedHandler = () => {
  const next = window.location.pathname + window.location.search;
  window.location.assign(`/login?next=${encodeURIComponent(next)}`);
};

/** Lets the app route to /login inside the SPA instead of reloading the page. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Query parameters; undefined, null and empty values are left out. */
  query?: Record<string, string | number | boolean | null | undefined>;
  /** A ticket version for `If-Match` (sent as a quoted entity tag). */
  ifMatch?: number | string;
  signal?: AbortSignal;
  /** Leave out the token and the 401 redirect (the sign-in call itself; always for {@link isPublicPath}). */
  anonymous?: boolean;
  headers?: Record<string, string>;
  /**
   * Let the request outlive the page (`fetch(…, { keepalive: true })`), for a call made as the
   * page is hidden or unloaded (`pagehide`). Unlike `sendBeacon` it carries the token. The
   * request is handed to the browser before this function first awaits, so it is on its way
   * by the time the handler returns.
   */
  keepalive?: boolean;
  /**
   * A 401 only throws: the session is kept and nobody is sent to /login. For calls the user
   * never asked for and must not notice failing (what the portal records as a form is left).
   */
  quiet?: boolean;
}

export interface ApiResponse<T> {
  data: T;
  status: number;
  etag: string | null;
}

export function apiUrl(path: string, query?: RequestOptions['query']): string {
  // apiBaseUrl may carry a path prefix (a stage name), so it is joined as text, not resolved.
  const url = new URL(`${getConfig().apiBaseUrl}${path}`, window.location.origin);
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
  }
  return url.toString();
}

async function toProblem(res: Response): Promise<Problem> {
  const fallback: Problem = { type: 'about:blank', title: res.statusText || `HTTP ${res.status}`, status: res.status };
  const text = await res.text().catch(() => '');
  if (!text) return fallback;
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    if (typeof body.title === 'string' || typeof body.type === 'string') {
      return {
        ...body,
        type: typeof body.type === 'string' ? body.type : fallback.type,
        title: typeof body.title === 'string' ? body.title : fallback.title,
        status: typeof body.status === 'number' ? body.status : res.status,
        detail: typeof body.detail === 'string' ? body.detail : undefined,
        errors: Array.isArray(body.errors) ? (body.errors as FieldError[]) : undefined,
      } as Problem;
    }
    // API Gateway's authorizer answers {"message": "Unauthorized"} itself.
    if (typeof body.message === 'string') return { ...fallback, title: body.message };
    return fallback;
  } catch {
    return { ...fallback, detail: text.slice(0, 300) };
  }
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const anonymous = options.anonymous || isPublicPath(path);
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
  const session = anonymous ? null : getSession();
  if (session) headers.authorization = `Bearer ${session.token}`;

  let res: Response;
  try {
    res = await fetch(apiUrl(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      ...(options.keepalive ? { keepalive: true } : {}),
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0, detail: 'The server could not be reached.' });
  }

  if (!res.ok) {
    const problem = await toProblem(res);
    if (res.status === 401 && !anonymous && !options.quiet) {
      clearSession();
      onUnauthorized();
    }
    throw new ApiError(problem);
  }

  const etag = res.headers.get('etag');
  if (res.status === 204) return { data: undefined as T, status: res.status, etag };
  const text = await res.text();
  return { data: (text ? JSON.parse(text) : undefined) as T, status: res.status, etag };
}

/** Shorthands for the common case of wanting only the body. */
export const api = {
  get: async <T>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    (await request<T>(path, { ...options, method: 'GET' })).data,
  post: async <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    (await request<T>(path, { ...options, method: 'POST', body })).data,
  put: async <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    (await request<T>(path, { ...options, method: 'PUT', body })).data,
  patch: async <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    (await request<T>(path, { ...options, method: 'PATCH', body })).data,
};
