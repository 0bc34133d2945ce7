/**
 * Reads JWT claims without verifying them: the API verifies every token; the browser
 * only needs the claims to know who is signed in and which screens to show.
 */
import { ROLES, type Role, type User } from '@/types/api';

export function decodeJwt(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) throw new Error('not a JWT');
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

/** The token's `exp` in epoch milliseconds, or undefined when it has none or is not a JWT. */
export function jwtExpiry(token: string): number | undefined {
  try {
    const exp = decodeJwt(token).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** The most powerful role among the Cognito groups (a user may be in several). */
export function roleFromGroups(groups: unknown): Role | null {
  const list = Array.isArray(groups) ? groups.map(String) : typeof groups === 'string' ? [groups] : [];
  for (const role of ROLES) if (list.includes(role)) return role;
  return null;
}

/** Derives the user from a Cognito id_token's claims. */
export function userFromIdToken(idToken: string): User {
  const claims = decodeJwt(idToken);
  const role = roleFromGroups(claims['cognito:groups']);
  const orgId = claims['custom:org_id'];
  if (typeof claims.sub !== 'string' || typeof orgId !== 'string' || !role) {
    throw new Error('This account has no organisation or role yet. Ask an administrator.');
  }
  const email = typeof claims.email === 'string' ? claims.email : '';
  const name = typeof claims.name === 'string' && claims.name ? claims.name : email;
  return { id: claims.sub, email, name, org_id: orgId, role };
}
