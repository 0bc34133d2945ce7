import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  listUnreadNotifications,
  markNotificationRead,
  notificationKeys,
} from '@/features/notifications/api/notifications';
import type { Notification } from '@/types/api';

/** How often the bell asks for new notifications. */
export const NOTIFICATIONS_POLL_MS = 30_000;

export function useUnreadNotifications() {
  return useQuery({
    queryKey: notificationKeys.unread(),
    queryFn: ({ signal }) => listUnreadNotifications(signal),
    refetchInterval: NOTIFICATIONS_POLL_MS,
  });
}

export function useMarkNotificationRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: markNotificationRead,
    onMutate: (id) => {
      // Drop it from the unread list at once; the refetch confirms.
      queryClient.setQueryData<Notification[]>(notificationKeys.unread(), (old) => old?.filter((n) => n.id !== id));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
