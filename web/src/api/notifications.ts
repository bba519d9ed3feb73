import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post, put } from './client';
import type { MutationUi } from './mutation';
import type { Inbox, NotificationSettings } from './types';

export const notificationKeys = {
  inbox: ['notifications', 'inbox'] as const,
  settings: ['notifications', 'settings'] as const,
};

/** The latest ten messages and the unread count, asked every 30 s. */
export function useInbox() {
  return useQuery({
    queryKey: notificationKeys.inbox,
    queryFn: () => get<Inbox>('/notifications', { pageSize: 10 }),
    refetchInterval: 30_000,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => post(`/notifications/${id}/read`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: notificationKeys.inbox }),
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => post('/notifications/read-all'),
    onSuccess: () => void qc.invalidateQueries({ queryKey: notificationKeys.inbox }),
  });
}

export function useNotificationSettings(enabled: boolean) {
  return useQuery({
    queryKey: notificationKeys.settings,
    queryFn: () => get<NotificationSettings>('/notifications/settings'),
    enabled,
  });
}

export function useSaveNotificationSettings(ui: MutationUi<NotificationSettings, NotificationSettings> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NotificationSettings) => put<NotificationSettings>('/notifications/settings', body),
    onSuccess: (s, body) => {
      qc.setQueryData(notificationKeys.settings, s);
      ui.onSuccess?.(s, body);
    },
    onError: ui.onError,
  });
}
