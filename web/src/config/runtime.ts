/**
 * Runtime configuration, fetched from `/config.json` before the app renders, so one
 * build serves every environment: locally it points at the gateway's local login, on
 * AWS at API Gateway and the Cognito hosted UI.
 */

export type AuthConfig =
  | { mode: 'local' }
  | {
      mode: 'cognito';
      /** The hosted UI's base URL, e.g. https://xxx.auth.us-east-1.amazoncognito.com */
      domain: string;
      clientId: string;
      redirectUri: string;
      /** Where the hosted UI sends the browser after sign-out; must be registered. */
      logoutUri?: string;
      scopes?: string[];
    };

export interface RuntimeConfig {
  /** Origin of the API ("" for the same origin). */
  apiBaseUrl: string;
  auth: AuthConfig;
}

const DEFAULT_CONFIG: RuntimeConfig = { apiBaseUrl: '', auth: { mode: 'local' } };

let current: RuntimeConfig = DEFAULT_CONFIG;

export function getConfig(): RuntimeConfig {
  return current;
}

export function setConfig(config: RuntimeConfig): void {
  current = config;
}

/** Checks the shape of a parsed config.json and fails with a message that names the problem. */
export function parseConfig(raw: unknown): RuntimeConfig {
  if (typeof raw !== 'object' || raw === null) throw new Error('config.json: expected an object');
  const obj = raw as Record<string, unknown>;
  const apiBaseUrl = typeof obj.apiBaseUrl === 'string' ? obj.apiBaseUrl.replace(/\/+$/, '') : '';
  const auth = (obj.auth ?? { mode: 'local' }) as Record<string, unknown>;
  if (auth.mode === 'local') return { apiBaseUrl, auth: { mode: 'local' } };
  if (auth.mode === 'cognito') {
    for (const key of ['domain', 'clientId', 'redirectUri'] as const) {
      if (typeof auth[key] !== 'string' || auth[key] === '') {
        throw new Error(`config.json: auth.${key} is required in cognito mode`);
      }
    }
    return {
      apiBaseUrl,
      auth: {
        mode: 'cognito',
        domain: (auth.domain as string).replace(/\/+$/, ''),
        clientId: auth.clientId as string,
        redirectUri: auth.redirectUri as string,
        logoutUri: typeof auth.logoutUri === 'string' ? auth.logoutUri : undefined,
        scopes: Array.isArray(auth.scopes) ? (auth.scopes as string[]) : undefined,
      },
    };
  }
  throw new Error(`config.json: unknown auth.mode ${JSON.stringify(auth.mode)}`);
}

export async function loadConfig(url = '/config.json'): Promise<RuntimeConfig> {
  const res = await fetch(url, { cache: 'no-store' });
  if (!res.ok) throw new Error(`could not load ${url}: HTTP ${res.status}`);
  const config = parseConfig(await res.json());
  setConfig(config);
  return config;
}
