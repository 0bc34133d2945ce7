/**
 * The signed-in session, kept in sessionStorage (it ends with the tab) and exposed as a
 * tiny external store so React re-renders when the API client clears it on a 401.
 */
import { useSyncExternalStore } from 'react';
import type { User } from '@/types/api';

export interface Session {
  /** Bearer token for the API: the local issuer's JWT or Cognito's id_token. */
  token: string;
  user: User;
  /** Epoch milliseconds after which the token is no longer accepted, when known. */
  expiresAt?: number;
}

const KEY = 'helpdesk.session';
const listeners = new Set<() => void>();
let cached: Session | null | undefined;

function read(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    if (session.expiresAt !== undefined && session.expiresAt <= Date.now()) {
      sessionStorage.removeItem(KEY);
      return null;
    }
    return session;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  if (cached === undefined) cached = read();
  return cached;
}

function emit(): void {
  for (const listener of listeners) listener();
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
  cached = session;
  emit();
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
  cached = null;
  emit();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current session, or null when signed out. */
export function useSession(): Session | null {
  return useSyncExternalStore(subscribe, getSession, getSession);
}

export function isStaff(user: User | null | undefined): boolean {
  return !!user && user.role !== 'customer';
}

/** The first page a signed-in user should see. */
export function homePath(user: User): string {
  return isStaff(user) ? '/inbox' : '/portal';
}
