/** Local mode: the gateway signs a token for a seeded demo user (`POST /local/login`). */
import { api } from '@/lib/api';
import type { Session } from '@/lib/session';
import type { User } from '@/types/api';
import { jwtExpiry } from '@/features/auth/api/jwt';

export interface LocalLoginResponse {
  token: string;
  user: User;
}

export async function localLogin(email: string): Promise<Session> {
  const res = await api.post<LocalLoginResponse>('/local/login', { email: email.trim() }, { anonymous: true });
  return { token: res.token, user: res.user, expiresAt: jwtExpiry(res.token) };
}
