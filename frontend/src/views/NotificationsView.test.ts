import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent } from 'vue'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import NotificationsView from './NotificationsView.vue'

const Blank = defineComponent({ render: () => null })

function respond(body: unknown) {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } })
}

const item = (id: number, read: boolean) => ({
  id,
  kind: 'reply_due',
  suggestion_id: id,
  hearing_id: null,
  subject: '',
  title_zh: `通知${id}`,
  title_en: `Notice ${id}`,
  created_at: '2026-11-01T10:00:00+08:00',
  read_at: read ? '2026-11-02T10:00:00+08:00' : null,
  done: false,
  due_on: null,
  days_left: null,
  provisional: false,
})

describe('NotificationsView', () => {
  const fetchMock = vi.fn<(url: string, init?: RequestInit) => Promise<Response>>()
  beforeEach(() => {
    fetchMock.mockReset()
    vi.stubGlobal('fetch', fetchMock)
    i18n.global.locale.value = 'zh-CN'
  })
  afterEach(() => vi.unstubAllGlobals())

  it('marks the ticked unread notifications read with one request', async () => {
    fetchMock.mockResolvedValueOnce(respond({ items: [item(1, false), item(2, true), item(3, false)], unread_count: 2, next_cursor: null }))
    fetchMock.mockResolvedValueOnce(respond({ read: 2 }))
    const pinia = createPinia()
    setActivePinia(pinia)
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/notifications', name: 'notifications', component: NotificationsView },
        { path: '/:p(.*)*', name: 'other', component: Blank },
      ],
    })
    await router.push('/notifications')
    const w = mount(NotificationsView, { global: { plugins: [pinia, router, i18n, ElementPlus] }, attachTo: document.body })
    await flushPromises()
    const button = w.get('[data-testid="notifications-read-selected"]')
    expect(button.attributes('disabled')).toBeDefined()
    // The read row cannot be ticked; tick the header box: the two unread ones.
    await w.get('.el-table__header .el-checkbox__original').setValue(true)
    await flushPromises()
    expect(button.text()).toContain('2')
    await button.trigger('click')
    await flushPromises()
    const [url, init] = fetchMock.mock.calls[1] ?? []
    expect(url).toBe('/api/v1/notifications/read')
    expect(JSON.parse(String(init?.body))).toEqual({ ids: [1, 3] })
    expect(w.findAll('.unread')).toHaveLength(0)
    w.unmount()
  })
})
