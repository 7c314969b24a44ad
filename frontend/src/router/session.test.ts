import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { defineComponent } from 'vue'
import { api } from '@/api/client'
import { connectSession, type SessionStore } from './session'

const Blank = defineComponent({ render: () => null })

function makeRouter(): Router {
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'home', component: Blank },
      { path: '/login', name: 'login', component: Blank },
      { path: '/password', name: 'password', component: Blank },
      { path: '/admin/users', name: 'users', component: Blank },
    ],
  })
}

describe('session handling', () => {
  let router: Router
  let store: SessionStore & { cleared: number }

  beforeEach(async () => {
    router = makeRouter()
    store = {
      csrfToken: 'abc',
      user: { must_change_password: false },
      cleared: 0,
      clear() {
        this.cleared += 1
        this.csrfToken = null
        this.user = null
      },
    }
    connectSession(router, store)
    await router.push('/admin/users?q=%E5%BC%A0&active=true')
  })
  afterEach(() => vi.unstubAllGlobals())

  it('sends the store token as X-CSRF-Token', async () => {
    const fetchMock = vi.fn(async () => new Response(null, { status: 204 }))
    vi.stubGlobal('fetch', fetchMock)
    await api.post('/auth/logout')
    const init = (fetchMock.mock.calls[0] as unknown as [string, RequestInit])[1]
    expect((init.headers as Record<string, string>)['X-CSRF-Token']).toBe('abc')
  })

  it('on 401 clears the session and goes to login keeping the wanted path', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{"error":{"code":"unauthenticated","message":"x"}}', { status: 401 })))
    await expect(api.get('/users')).rejects.toMatchObject({ status: 401 })
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'))
    expect(router.currentRoute.value.query.redirect).toBe('/admin/users?q=%E5%BC%A0&active=true')
    expect(store.cleared).toBe(1)
  })

  it('on 401 from the home page goes to login without a redirect', async () => {
    await router.push('/')
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{}', { status: 401 })))
    await expect(api.get('/units')).rejects.toBeDefined()
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'))
    expect(router.currentRoute.value.query.redirect).toBeUndefined()
  })

  it('on password_change_required goes to the password page', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('{"error":{"code":"password_change_required","message":"x"}}', { status: 403 })),
    )
    await expect(api.get('/units')).rejects.toMatchObject({ code: 'password_change_required' })
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('password'))
    expect(store.user?.must_change_password).toBe(true)
  })
})
