// The login page in both languages, served by the real binary.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { diagnose, openBrowser } from './browser.mjs'

describe('login page', () => {
  let server
  let browser

  before(async () => {
    server = await startServer('login')
    browser = await openBrowser()
  })
  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  test('opens in Chinese, switches to English and remembers it', async () => {
    await diagnose('login', server, browser, async () => {
      const { page } = browser
      await page.goto(`${server.baseURL}/`)
      await page.waitForURL(/\/login/)
      await page.getByRole('heading', { name: '登录' }).waitFor()
      await page.getByText('Procura 检察建议与听证管理').waitFor()
      assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN')
      await browser.screenshot('login-zh.png')

      await page.getByRole('button', { name: 'English' }).click()
      await page.getByRole('heading', { name: 'Sign in' }).waitFor()
      await page.getByLabel('Username').waitFor()
      assert.equal(await page.getAttribute('html', 'lang'), 'en')
      assert.equal(await page.locator('.el-form-item__error').count(), 0, 'switching language must not raise field errors')
      await browser.screenshot('login.png')

      await page.reload()
      await page.getByRole('heading', { name: 'Sign in' }).waitFor()

      await page.getByRole('button', { name: '中文' }).click()
      await page.getByRole('heading', { name: '登录' }).waitFor()
    })
  })

  test('asks for both fields before calling the server', async () => {
    await diagnose('login-required', server, browser, async () => {
      const { page } = browser
      await page.goto(`${server.baseURL}/login`)
      await page.getByTestId('login-submit').click()
      await page.getByText('请输入用户名').first().waitFor()
      await page.getByText('请输入密码').first().waitFor()
    })
  })

  test('shows the server error for wrong credentials', async () => {
    await diagnose('login-wrong', server, browser, async () => {
      const { page } = browser
      await page.goto(`${server.baseURL}/login`)
      await page.getByLabel('用户名').fill('nobody')
      await page.getByLabel('密码').fill('wrong-password-123')
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
        page.getByTestId('login-submit').click(),
      ])
      assert.equal(res.status(), 401, 'POST /api/v1/auth/login with a wrong password')
      const alert = page.getByTestId('login-error')
      await alert.waitFor()
      const text = (await alert.innerText()).trim()
      assert.ok(text.length > 0, 'error message is empty')
      await browser.screenshot('login-error.png')
      assert.match(page.url(), /\/login/)
    })
  })

  test('keeps the wanted page in ?redirect=', async () => {
    await diagnose('login-redirect', server, browser, async () => {
      const { page } = browser
      await page.goto(`${server.baseURL}/admin/users`)
      await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('redirect') === '/admin/users')
    })
  })

  test('logs no page errors', () => {
    assert.deepEqual(browser.errors, [])
  })
})
