/**
 * Cognito mode: the OAuth 2.0 authorization-code flow with PKCE against the hosted UI.
 * The verifier and state live in sessionStorage between the redirect and the callback.
 */
import type { AuthConfig } from '@/config/runtime';
import type { Session } from '@/lib/session';
import { jwtExpiry, userFromIdToken } from '@/features/auth/api/jwt';

type CognitoConfig = Extract<AuthConfig, { mode: 'cognito' }>;

const PKCE_KEY = 'helpdesk.pkce';

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(byteLength = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(byteLength)));
}

export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** Builds the hosted-UI URL and remembers the verifier, state and where to return. */
export async function authorizeUrl(config: CognitoConfig, next = '/'): Promise<string> {
  const verifier = randomString(48);
  const state = randomString(16);
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state, next }));
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: (config.scopes ?? ['openid', 'email', 'profile']).join(' '),
    state,
    code_challenge: await codeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  return `${config.domain}/oauth2/authorize?${params.toString()}`;
}

export interface CallbackResult {
  session: Session;
  next: string;
}

/** Exchanges the callback's code for tokens and builds the session from the id_token. */
export async function completeLogin(config: CognitoConfig, search: string): Promise<CallbackResult> {
  const params = new URLSearchParams(search);
  const error = params.get('error');
  if (error) throw new Error(params.get('error_description') ?? error);
  const code = params.get('code');
  const stored = sessionStorage.getItem(PKCE_KEY);
  sessionStorage.removeItem(PKCE_KEY);
  if (!code || !stored) throw new Error('The sign-in link is incomplete or was already used. Please sign in again.');
  const { verifier, state, next } = JSON.parse(stored) as { verifier: string; state: string; next: string };
  if (params.get('state') !== state) throw new Error('The sign-in response did not match this browser tab.');

  const res = await fetch(`${config.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: config.redirectUri,
      code_verifier: verifier,
    }).toString(),
  });
  if (!res.ok) throw new Error(`Sign-in failed (token endpoint answered ${res.status}).`);
  const tokens = (await res.json()) as { id_token?: string };
  if (!tokens.id_token) throw new Error('Sign-in failed: no id_token in the response.');
  const user = userFromIdToken(tokens.id_token);
  return { session: { token: tokens.id_token, user, expiresAt: jwtExpiry(tokens.id_token) }, next };
}

/** The hosted UI's sign-out URL, when a logout URI is configured. */
export function logoutUrl(config: CognitoConfig): string | null {
  if (!config.logoutUri) return null;
  const params = new URLSearchParams({ client_id: config.clientId, logout_uri: config.logoutUri });
  return `${config.domain}/logout?${params.toString()}`;
}
