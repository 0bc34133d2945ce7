import { useState, type ReactNode } from 'react';
import { NavLink as RouterNavLink, Outlet } from 'react-router';
import { ActionIcon, Anchor, Box, Button, Group, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { useSession } from '@/lib/session';
import { useLogout } from '@/features/auth/hooks/use-auth';
import { ShortcutsHelp } from '@/components/shortcuts-help';
import { useShortcuts } from '@/hooks/use-shortcuts';
import classes from '@/components/layout.module.css';
import type { Role, User } from '@/types/api';

export interface NavItem {
  /** The path, or a function of the signed-in user (the portal's help center is the user's org's). */
  to: string | ((user: User) => string);
  label: string;
  end?: boolean;
  /** Shown only to these roles (all when absent). */
  roles?: readonly Role[];
}

interface Props {
  title: string;
  nav: NavItem[];
  /** The header's search box (staff: tickets and articles), after the navigation. */
  search?: ReactNode;
  /** Extra controls in the header (the agent's availability). */
  extra?: ReactNode;
  shortcuts?: boolean;
}

/** The page frame: a skip link, a header that wraps at phone width, and the routed page. */
export function Layout({ title, nav, search, extra, shortcuts = false }: Props) {
  const session = useSession();
  const logout = useLogout();
  const [help, setHelp] = useState(false);
  useShortcuts({ '?': () => setHelp(true) }, shortcuts);
  const visibleNav = nav
    .filter((item) => !item.roles || (session && item.roles.includes(session.user.role)))
    .flatMap((item) => {
      if (typeof item.to === 'string') return [{ ...item, to: item.to }];
      return session ? [{ ...item, to: item.to(session.user) }] : [];
    });

  return (
    <>
      <a href="#main" className={classes.skip}>
        Skip to content
      </a>
      <header className={classes.header}>
        <Group justify="space-between" gap="xs" px="md" py={8} wrap="wrap">
          <Group gap="md" wrap="wrap">
            <Text fw={700} component="span">
              {title}
            </Text>
            <nav aria-label="Main">
              <Group gap={4} wrap="wrap">
                {visibleNav.map((item) => (
                  <Anchor
                    key={item.to}
                    component={RouterNavLink}
                    to={item.to}
                    end={item.end}
                    className={classes.link}
                    underline="never"
                  >
                    {item.label}
                  </Anchor>
                ))}
              </Group>
            </nav>
            {search && (
              <div role="search" aria-label="Tickets and articles">
                {search}
              </div>
            )}
          </Group>
          <Group gap="xs" wrap="wrap">
            {extra}
            {shortcuts && (
              <Tooltip label="Keyboard shortcuts (?)">
                <ActionIcon variant="default" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts">
                  ?
                </ActionIcon>
              </Tooltip>
            )}
            {session && (
              <Text size="sm" c="dimmed" visibleFrom="xs">
                {session.user.name}
                <VisuallyHidden> ({session.user.role})</VisuallyHidden>
              </Text>
            )}
            <Button variant="subtle" size="compact-sm" onClick={logout}>
              Sign out
            </Button>
          </Group>
        </Group>
      </header>
      <Box id="main" component="main" tabIndex={-1} maw={1200} mx="auto" p={{ base: 'xs', sm: 'md' }}>
        <Outlet />
      </Box>
      {shortcuts && <ShortcutsHelp opened={help} onClose={() => setHelp(false)} />}
    </>
  );
}
