import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Container, Divider, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { getConfig } from '@/config/runtime';
import { homePath, useSession } from '@/lib/session';
import { DEMO_USERS } from '@/features/auth/demo-users';
import { useCognitoLogin, useLocalLogin } from '@/features/auth/hooks/use-auth';
import { ErrorAlert } from '@/components/error-alert';

/** Only same-site paths are followed after sign-in. */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;
}

export function LoginPage() {
  const session = useSession();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const auth = getConfig().auth;
  const [email, setEmail] = useState('');
  const login = useLocalLogin();
  const cognito = useCognitoLogin();

  if (session) return <Navigate to={next ?? homePath(session.user)} replace />;

  const signIn = (address: string) =>
    login.mutate(address, { onSuccess: (s) => navigate(next ?? homePath(s.user), { replace: true }) });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (email.trim()) signIn(email);
  };

  return (
    <Container size={460} py="xl">
      <Title order={1} ta="center" mb="xs">
        Helpdesk
      </Title>
      <Text c="dimmed" ta="center" mb="lg">
        Sign in to answer tickets or follow your requests.
      </Text>
      <Paper withBorder p="lg" radius="md">
        {auth.mode === 'cognito' ? (
          <Stack>
            {cognito.error && <Alert color="red">{cognito.error.message}</Alert>}
            <Button size="md" onClick={() => cognito.mutate(next ?? '/')} loading={cognito.isPending}>
              Sign in
            </Button>
          </Stack>
        ) : (
          <Stack>
            <form onSubmit={onSubmit} aria-label="Sign in">
              <Stack>
                <TextInput
                  label="Email"
                  type="email"
                  autoComplete="email"
                  required
                  value={email}
                  onChange={(e) => setEmail(e.currentTarget.value)}
                  placeholder="agent1@acme.test"
                  data-autofocus
                />
                {login.error && <ErrorAlert error={login.error} title="Sign-in failed" />}
                <Button type="submit" loading={login.isPending}>
                  Sign in
                </Button>
              </Stack>
            </form>
            <Divider label="or use a demo user" labelPosition="center" />
            {['Acme Support', 'Globex'].map((org) => (
              <div key={org}>
                <Text fw={600} size="sm" mb={4}>
                  {org}
                </Text>
                <SimpleGrid cols={{ base: 2, xs: 3 }} spacing="xs">
                  {DEMO_USERS.filter((u) => u.org === org).map((u) => (
                    <Button
                      key={u.email}
                      variant="default"
                      size="xs"
                      onClick={() => signIn(u.email)}
                      disabled={login.isPending}
                      aria-label={`Sign in as ${u.email}`}
                    >
                      {u.label}
                    </Button>
                  ))}
                </SimpleGrid>
              </div>
            ))}
            <Group justify="center">
              <Text size="xs" c="dimmed">
                Local mode: the gateway signs a token for seeded users.
              </Text>
            </Group>
          </Stack>
        )}
      </Paper>
    </Container>
  );
}
