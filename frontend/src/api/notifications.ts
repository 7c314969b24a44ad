import { api } from './client'
import type { Id, NotificationList, NotificationQuery, TodoResponse } from './types'

export const notificationsApi = {
  list: (query: NotificationQuery) => api.get<NotificationList>('/notifications', { query: { ...query } }),
  read: (id: Id) => api.post<void>(`/notifications/${id}/read`),
  readAll: () => api.post<void>('/notifications/read-all'),
  todo: () => api.get<TodoResponse>('/todo'),
}
