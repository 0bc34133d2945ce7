import { Link, Outlet, useLocation, useParams } from 'react-router';
import { Anchor, Box, Group } from '@mantine/core';
import { homePath, isStaff, useSession } from '@/lib/session';
import { useHelpCenter } from '@/features/help/hooks/use-help';
import classes from '@/components/layout.module.css';

/**
 * The public help center's frame: no sign-in needed, nothing here asks for a session. Signed-in
 * visitors get a way back to their own pages; others a sign-in link that returns here.
 */
export function HelpLayout() {
  const { org = '' } = useParams();
  const location = useLocation();
  const session = useSession();
  const center = useHelpCenter(org);
  const name = center.data?.org.name;

  return (
    <>
      <a href="#main" className={classes.skip}>
        Skip to content
      </a>
      <header className={classes.header}>
        <Group justify="space-between" gap="xs" px="md" py={8} wrap="wrap">
          <Anchor component={Link} to={`/help/${encodeURIComponent(org)}`} fw={700} c="inherit" underline="never">
            {name ? `${name} help center` : 'Help center'}
          </Anchor>
          <nav aria-label="Help center">
            {session ? (
              <Anchor component={Link} to={homePath(session.user)} size="sm">
                {isStaff(session.user) ? 'Back to the workspace' : 'My tickets'}
              </Anchor>
            ) : (
              <Anchor component={Link} to={`/login?next=${encodeURIComponent(location.pathname)}`} size="sm">
                Sign in
              </Anchor>
            )}
          </nav>
        </Group>
      </header>
      <Box id="main" component="main" tabIndex={-1} maw={960} mx="auto" p={{ base: 'xs', sm: 'md' }}>
        <Outlet />
      </Box>
    </>
  );
}
