import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent } from 'vue'
import { i18n, setLocale } from '@/i18n'
import LoginView from './LoginView.vue'

const Blank = defineComponent({ render: () => null })

// async-validator (behind el-form) logs every failed rule unless this global exists.
Object.assign(globalThis, { ASYNC_VALIDATOR_NO_WARNING: 1 })

function respond(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })
}

async function mountLogin() {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'home', component: Blank },
      { path: '/login', name: 'login', component: LoginView },
      { path: '/password', name: 'password', component: Blank },
    ],
  })
  await router.push('/login')
  const wrapper = mount(LoginView, { global: { plugins: [pinia, router, i18n] }, attachTo: document.body })
  return { wrapper, router }
}

async function submit(wrapper: Awaited<ReturnType<typeof mountLogin>>['wrapper']) {
  await wrapper.find('input[name="username"]').setValue('prosecutor.xiantao')
  await wrapper.find('input[name="password"]').setValue('wrong-password')
  await wrapper.find('form').trigger('submit')
  await flushPromises()
  await vi.waitFor(() => expect(wrapper.find('[data-testid="login-error"]').exists()).toBe(true))
}

describe('LoginView', () => {
  beforeEach(() => setLocale('zh-CN'))
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows the server message in the chosen language', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => respond(401, { error: { code: 'invalid_credentials', message: 'Wrong username or password.', message_zh: '用户名或密码错误。' } })),
    )
    const { wrapper } = await mountLogin()
    await submit(wrapper)
    expect(wrapper.find('[data-testid="login-error"]').text()).toContain('用户名或密码错误。')
    setLocale('en')
    await flushPromises()
    expect(wrapper.find('[data-testid="login-error"]').text()).toContain('Wrong username or password.')
    expect(wrapper.text()).toContain('Sign in')
  })

  it('shows the lockout as a warning', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => respond(429, { error: { code: 'locked', message: 'locked', message_zh: '登录失败次数过多，请 15 分钟后再试。' } }, { 'Retry-After': '900' })),
    )
    const { wrapper } = await mountLogin()
    await submit(wrapper)
    const alert = wrapper.find('[data-testid="login-error"]')
    expect(alert.text()).toContain('15 分钟')
    expect(alert.find('.el-alert--warning').exists()).toBe(true)
  })

  it('signs in and goes to the redirect target', async () => {
    const fetchMock = vi.fn(async (url: string) =>
      url.endsWith('/auth/login')
        ? respond(200, { user: { id: 1, username: 'admin', name: '管理员', must_change_password: false }, csrf_token: 't' })
        : respond(200, {
            user: { id: 1, username: 'admin', name: '管理员', must_change_password: false },
            unit: { id: 1, code: '420000', name: '湖北省人民检察院', short_name: '鄂检', level: 'province' },
            grants: [],
            permissions: ['unit:read'],
            csrf_token: 't2',
          }),
    )
    vi.stubGlobal('fetch', fetchMock)
    const { wrapper, router } = await mountLogin()
    await router.replace({ path: '/login', query: { redirect: '/password' } })
    await wrapper.find('input[name="username"]').setValue('admin')
    await wrapper.find('input[name="password"]').setValue('procura-demo-2026')
    await wrapper.find('form').trigger('submit')
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/password'))
    expect(fetchMock).toHaveBeenCalledTimes(2)
  })
})
