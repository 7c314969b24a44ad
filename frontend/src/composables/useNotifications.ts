import { onBeforeUnmount, ref } from 'vue'
import { notificationsApi } from '@/api/notifications'
import type { Id, Notification } from '@/api/types'

export const POLL_MS = 60_000
export const RECENT = 10

/** The signed-in user's recent notifications still to do and the unread count, polled. */
export function useNotifications() {
  const items = ref<Notification[]>([])
  const unread = ref(0)
  const loading = ref(false)
  let timer: ReturnType<typeof setInterval> | null = null
  let inflight: Promise<void> | null = null

  /** Refreshes; overlapping calls share one request, failures keep the last answer. */
  function refresh(): Promise<void> {
    inflight ??= (async () => {
      loading.value = true
      try {
        // Only what is still to do: a task someone has done leaves the bell.
        const page = await notificationsApi.list({ limit: RECENT, open: true })
        items.value = page.items
        unread.value = page.unread_count
      } catch {
        // A missed poll is retried at the next one; the bell keeps its last state.
      } finally {
        loading.value = false
        inflight = null
      }
    })()
    return inflight
  }

  function start(): void {
    stop()
    void refresh()
    timer = setInterval(() => void refresh(), POLL_MS)
  }

  function stop(): void {
    if (timer !== null) clearInterval(timer)
    timer = null
  }

  async function markRead(id: Id): Promise<void> {
    const n = items.value.find((x) => x.id === id)
    if (n && n.read_at === null) {
      await notificationsApi.read(id)
      n.read_at = new Date().toISOString()
      unread.value = Math.max(0, unread.value - 1)
    }
  }

  async function markAllRead(): Promise<void> {
    await notificationsApi.readAll()
    const now = new Date().toISOString()
    items.value = items.value.map((n) => (n.read_at ? n : { ...n, read_at: now }))
    unread.value = 0
  }

  onBeforeUnmount(stop)

  return { items, unread, loading, refresh, start, stop, markRead, markAllRead }
}
