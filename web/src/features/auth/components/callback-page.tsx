import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Anchor, Center, Container, Loader } from '@mantine/core';
import { Link } from 'react-router';
import { getConfig } from '@/config/runtime';
import { homePath, saveSession } from '@/lib/session';
import { completeLogin } from '@/features/auth/api/cognito';

/** Where the Cognito hosted UI returns with `?code=&state=`. */
export function CallbackPage() {
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    // The code can be exchanged once only, so StrictMode's double effect must not repeat it.
    if (started.current) return;
    started.current = true;
    const auth = getConfig().auth;
    if (auth.mode !== 'cognito') {
      navigate('/login', { replace: true });
      return;
    }
    completeLogin(auth, window.location.search)
      .then(({ session, next }) => {
        saveSession(session);
        navigate(next && next !== '/' ? next : homePath(session.user), { replace: true });
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [navigate]);

  return (
    <Container size={460} py="xl">
      {error ? (
        <Alert color="red" title="Sign-in failed">
          {error}{' '}
          <Anchor component={Link} to="/login">
            Try again
          </Anchor>
        </Alert>
      ) : (
        <Center>
          <Loader aria-label="Signing in" />
        </Center>
      )}
    </Container>
  );
}
