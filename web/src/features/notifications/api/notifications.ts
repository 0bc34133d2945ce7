/** In-app notifications for the signed-in agent. */
import { API_PREFIX, api } from '@/lib/api';
import type { Notification, NotificationList } from '@/types/api';

export const notificationKeys = {
  all: ['notifications'] as const,
  unread: () => [...notificationKeys.all, 'unread'] as const,
};

/** `GET /notifications?unread=true` */
export async function listUnreadNotifications(signal?: AbortSignal): Promise<Notification[]> {
  return (await api.get<NotificationList>(`${API_PREFIX}/notifications`, { query: { unread: true }, signal }))
    .items;
}

/** `POST /notifications/{id}/read` (204). */
export function markNotificationRead(id: string): Promise<void> {
  return api.post<void>(`${API_PREFIX}/notifications/${encodeURIComponent(id)}/read`);
}
