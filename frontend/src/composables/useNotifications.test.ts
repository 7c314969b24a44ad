import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { mount } from '@vue/test-utils'
import { POLL_MS, useNotifications } from './useNotifications'

const list = (unread: number) =>
  new Response(
    JSON.stringify({
      items: [
        { id: 2, kind: 'reply_due', suggestion_id: 7, hearing_id: null, title_zh: '逾期', title_en: 'Overdue', created_at: '2026-11-26T10:00:00+08:00', read_at: null, done: false },
        { id: 1, kind: 'to_issue', suggestion_id: 8, hearing_id: null, title_zh: '待制发', title_en: 'To issue', created_at: '2026-11-25T10:00:00+08:00', read_at: null, done: false },
      ],
      next_cursor: null,
      unread_count: unread,
    }),
    { status: 200 },
  )

function harness() {
  let api!: ReturnType<typeof useNotifications>
  const wrapper = mount(
    defineComponent({
      setup() {
        api = useNotifications()
        return () => h('div')
      },
    }),
  )
  return { api, wrapper }
}

describe('useNotifications', () => {
  const fetchMock = vi.fn<(url: string, init?: RequestInit) => Promise<Response>>()
  beforeEach(() => {
    vi.useFakeTimers()
    fetchMock.mockReset()
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('polls every minute until unmounted', async () => {
    fetchMock.mockImplementation(async () => list(2))
    const { api, wrapper } = harness()
    api.start()
    await vi.waitFor(() => expect(api.unread.value).toBe(2))
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/v1/notifications?limit=10&open=true')
    await vi.advanceTimersByTimeAsync(POLL_MS)
    expect(fetchMock).toHaveBeenCalledTimes(2)
    wrapper.unmount()
    await vi.advanceTimersByTimeAsync(3 * POLL_MS)
    expect(fetchMock).toHaveBeenCalledTimes(2)
  })

  it('shares one request between overlapping refreshes and keeps the last answer on failure', async () => {
    fetchMock.mockImplementationOnce(async () => list(2)).mockRejectedValue(new TypeError('offline'))
    const { api } = harness()
    await Promise.all([api.refresh(), api.refresh()])
    expect(fetchMock).toHaveBeenCalledTimes(1)
    await api.refresh()
    expect(api.unread.value).toBe(2)
    expect(api.items.value).toHaveLength(2)
  })

  it('marks one read (once) and all read', async () => {
    fetchMock.mockImplementation(async (url) => (url.includes('/read') ? new Response(null, { status: 204 }) : list(2)))
    const { api } = harness()
    await api.refresh()
    await api.markRead(2)
    await api.markRead(2)
    expect(api.unread.value).toBe(1)
    expect(fetchMock.mock.calls.filter((c) => c[0] === '/api/v1/notifications/2/read')).toHaveLength(1)
    await api.markAllRead()
    expect(api.unread.value).toBe(0)
    expect(api.items.value.every((n) => n.read_at !== null)).toBe(true)
    expect(fetchMock.mock.calls.at(-1)?.[0]).toBe('/api/v1/notifications/read-all')
  })
})
