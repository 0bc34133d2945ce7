import { useMutation, useQueryClient } from '@tanstack/react-query';
import { getConfig } from '@/config/runtime';
import { clearSession, saveSession } from '@/lib/session';
import { localLogin } from '@/features/auth/api/local-login';
import { authorizeUrl, logoutUrl } from '@/features/auth/api/cognito';

/** Local mode: signs in a seeded user by email and stores the session. */
export function useLocalLogin() {
  return useMutation({
    mutationFn: localLogin,
    onSuccess: (session) => saveSession(session),
  });
}

/** Cognito mode: sends the browser to the hosted UI. */
export function useCognitoLogin() {
  return useMutation({
    mutationFn: async (next: string) => {
      const auth = getConfig().auth;
      if (auth.mode !== 'cognito') throw new Error('not in cognito mode');
      window.location.assign(await authorizeUrl(auth, next));
    },
  });
}

/** Signs out: forgets the session and every cached response, then leaves. */
export function useLogout() {
  const queryClient = useQueryClient();
  return () => {
    clearSession();
    queryClient.clear();
    const auth = getConfig().auth;
    const url = auth.mode === 'cognito' ? logoutUrl(auth) : null;
    if (url) window.location.assign(url);
  };
}
