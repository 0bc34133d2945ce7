import { describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { server } from '@/testing/mocks/server';
import { authorizeUrl, codeChallenge, completeLogin, logoutUrl } from '@/features/auth/api/cognito';
import { roleFromGroups, userFromIdToken } from '@/features/auth/api/jwt';
import { parseConfig } from '@/config/runtime';

const config = {
  mode: 'cognito' as const,
  domain: 'https://acme.auth.us-east-1.amazoncognito.com',
  clientId: 'client-123',
  redirectUri: 'https://app.example.test/callback',
  logoutUri: 'https://app.example.test/login',
};

function fakeJwt(claims: Record<string, unknown>): string {
  const enc = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${enc({ alg: 'RS256' })}.${enc(claims)}.sig`;
}

describe('Cognito sign-in (authorization code + PKCE)', () => {
  it('computes the S256 challenge of RFC 7636', async () => {
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('sends the browser to the hosted UI with a challenge and state, and exchanges the code', async () => {
    const url = new URL(await authorizeUrl(config, '/tickets/t-1'));
    expect(url.origin + url.pathname).toBe(`${config.domain}/oauth2/authorize`);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('client_id')).toBe('client-123');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const state = url.searchParams.get('state')!;

    let form: URLSearchParams | undefined;
    const idToken = fakeJwt({
      sub: 'u-1',
      email: 'agent1@acme.test',
      'custom:org_id': '10001',
      'cognito:groups': ['agent'],
      exp: Math.floor(Date.now() / 1000) + 3600,
    });
    server.use(
      http.post(`${config.domain}/oauth2/token`, async ({ request }) => {
        form = new URLSearchParams(await request.text());
        return HttpResponse.json({ id_token: idToken, access_token: 'a', token_type: 'Bearer' });
      }),
    );
    const { session, next } = await completeLogin(config, `?code=abc&state=${state}`);
    expect(next).toBe('/tickets/t-1');
    expect(form?.get('grant_type')).toBe('authorization_code');
    expect(form?.get('code')).toBe('abc');
    expect(await codeChallenge(form!.get('code_verifier')!)).toBe(url.searchParams.get('code_challenge'));
    expect(session.token).toBe(idToken);
    expect(session.user).toEqual({ id: 'u-1', email: 'agent1@acme.test', name: 'agent1@acme.test', org_id: '10001', role: 'agent' });
  });

  it('refuses a callback whose state does not match', async () => {
    await authorizeUrl(config);
    await expect(completeLogin(config, '?code=abc&state=forged')).rejects.toThrow(/did not match/);
  });

  it('derives the strongest role from the groups', () => {
    expect(roleFromGroups(['agent', 'manager'])).toBe('manager');
    expect(roleFromGroups(['customer'])).toBe('customer');
    expect(roleFromGroups(undefined)).toBeNull();
    expect(() => userFromIdToken(fakeJwt({ sub: 'x' }))).toThrow(/no organisation or role/);
  });

  it('builds the hosted sign-out URL and validates config.json', () => {
    expect(logoutUrl(config)).toBe(
      `${config.domain}/logout?client_id=client-123&logout_uri=${encodeURIComponent(config.logoutUri)}`,
    );
    expect(parseConfig({ apiBaseUrl: 'https://api.test/', auth: { mode: 'local' } })).toEqual({
      apiBaseUrl: 'https://api.test',
      auth: { mode: 'local' },
    });
    expect(() => parseConfig({ auth: { mode: 'cognito', domain: 'x' } })).toThrow(/clientId/);
  });
});
