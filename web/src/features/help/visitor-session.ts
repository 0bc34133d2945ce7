/**
 * The help center's visitor id for "Was this helpful?": random, kept in localStorage so one
 * browser votes once per article (the latest vote counts), never tied to a sign-in.
 * The API takes 16-64 letters, digits, `-` and `_`.
 */

export const VISITOR_KEY = 'helpdesk.help-session';
export const VISITOR_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

let fallback: string | undefined;

/** 24 characters of base64url from 18 random bytes (144 bits). */
export function newVisitorId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** The stored id, made and stored on first use; an id for this page's life when storage is blocked. */
export function visitorId(): string {
  try {
    const stored = localStorage.getItem(VISITOR_KEY);
    if (stored && VISITOR_PATTERN.test(stored)) return stored;
    const id = newVisitorId();
    localStorage.setItem(VISITOR_KEY, id);
    return id;
  } catch {
    fallback ??= newVisitorId();
    return fallback;
  }
}
