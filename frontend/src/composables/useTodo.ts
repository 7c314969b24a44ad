import { notificationsApi } from '@/api/notifications'
import { useResource } from './useResource'

/** The home page's to-do (待办): the caller's tasks still to do, by kind, with counts. */
export function useTodo() {
  const r = useResource(() => notificationsApi.todo())
  return { todo: r.data, loading: r.loading, error: r.error, load: r.load }
}
