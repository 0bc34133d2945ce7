import { useNavigate } from 'react-router';
import { Button, Indicator, Menu, Text } from '@mantine/core';
import { isApiError } from '@/lib/api';
import { Time } from '@/components/time';
import { useMarkNotificationRead, useUnreadNotifications } from '@/features/notifications/hooks/use-notifications';
import type { Notification } from '@/types/api';

/** The header bell: unread count, the list, and a click marks one read and opens its ticket. */
export function NotificationsBell() {
  const navigate = useNavigate();
  const unread = useUnreadNotifications();
  const markRead = useMarkNotificationRead();
  // Without the notifications API (a 404) there is no bell.
  if (isApiError(unread.error, 404)) return null;
  const items = unread.data ?? [];
  const count = items.length;

  const open = (n: Notification) => {
    markRead.mutate(n.id);
    navigate(`/tickets/${n.ticket_id}`);
  };

  return (
    <Menu position="bottom-end" width={320} shadow="md" withinPortal>
      <Menu.Target>
        <Indicator label={count} size={16} disabled={count === 0} offset={4}>
          <Button
            variant="default"
            size="compact-sm"
            aria-label={count === 0 ? 'Notifications, none unread' : `Notifications, ${count} unread`}
          >
            <svg aria-hidden width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
              <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
              <path d="M13.73 21a2 2 0 0 1-3.46 0" />
            </svg>
          </Button>
        </Indicator>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Notifications</Menu.Label>
        {unread.isError && (
          <Text size="sm" c="red" px="sm" py={4} role="alert">
            Could not load notifications.
          </Text>
        )}
        {!unread.isError && count === 0 && (
          <Text size="sm" c="dimmed" px="sm" py={4}>
            {unread.isPending ? 'Loading…' : 'No unread notifications.'}
          </Text>
        )}
        {items.map((n) => (
          <Menu.Item key={n.id} onClick={() => open(n)}>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {n.text}
            </Text>
            <Text size="xs" c="dimmed">
              {n.ticket_number} · <Time value={n.created_at} />
            </Text>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
