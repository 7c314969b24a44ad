import { api } from './client'
import type { Id, NotificationList, NotificationQuery, TodoResponse } from './types'

export const notificationsApi = {
  list: (query: NotificationQuery) => api.get<NotificationList>('/notifications', { query: { ...query } }),
  read: (id: Id) => api.post<void>(`/notifications/${id}/read`),
  /** Marks several read; answers how many were unread. */
  readMany: (ids: Id[]) => api.post<{ read: number }>('/notifications/read', { ids }),
  readAll: () => api.post<void>('/notifications/read-all'),
  todo: () => api.get<TodoResponse>('/todo'),
}
