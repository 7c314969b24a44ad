// The lists as users know them (issue 15): totals, sorting on the server,
// page sizes and numbers beside "load more", the 操作 column, and a chief
// approving two submitted suggestions at once with one opinion; each list
// at 1366 px in both languages, with no horizontal scrolling.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { request } from 'playwright-core'
import { startServer } from './server.mjs'
import { diagnose, openBrowser } from './browser.mjs'
import { DEMO_PASSWORD, clearToasts, settle, signIn, signOut, toast } from './ui.mjs'

const TITLES = ['关于规范校园周边经营秩序的检察建议（批量一）', '关于规范校园周边经营秩序的检察建议（批量二）']

describe('lists', () => {
  let server
  let browser

  before(async () => {
    server = await startServer('lists')
    browser = await openBrowser()
    // The prosecutor drafts and submits two suggestions through the API.
    const api = await request.newContext({ baseURL: server.baseURL })
    const login = await api.post('/api/v1/auth/login', { data: { username: 'prosecutor.xiantao', password: DEMO_PASSWORD } })
    assert.equal(login.status(), 200)
    const { csrf_token: csrf } = await login.json()
    const headers = { 'X-CSRF-Token': csrf }
    for (const title of TITLES) {
      const created = await api.post('/api/v1/suggestions', {
        headers,
        data: {
          type: 'social_governance',
          category: 'campus_safety',
          title,
          recipient: { name: '仙桃市市场监督管理局', kind: 'agency', address: '', legal_representative: '', phone: '' },
          copy_to: [],
          case_numbers: [],
          source: '',
          facts: '校园周边存在无证经营。',
          problems: '监管不到位。',
          items: [{ text: '开展专项整治。' }],
          legal_basis: '《人民检察院检察建议工作规定》第十一条',
          urgent: false,
          civil_enforcement: false,
        },
      })
      assert.equal(created.status(), 201, await created.text())
      const s = await created.json()
      const submitted = await api.post(`/api/v1/suggestions/${s.id}/transitions`, { headers, data: { action: 'submit', version: s.version } })
      assert.equal(submitted.status(), 200, await submitted.text())
    }
    await api.dispose()
  })
  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  /** Fails when the table scrolls sideways at 1366 px. */
  async function fitsWidth(testid) {
    const { page } = browser
    const wrap = page.locator(`[data-testid="${testid}"] .el-table__body-wrapper .el-scrollbar__wrap`).first()
    const [scroll, client] = await wrap.evaluate((e) => [e.scrollWidth, e.clientWidth])
    assert.ok(scroll <= client + 1, `${testid} scrolls sideways: ${scroll} > ${client}`)
  }

  test('the chief sees the total, sorts and pages the list, and approves two suggestions at once', async () => {
    await diagnose('lists-batch', server, browser, async () => {
      const { page } = browser
      await signIn(page, server.baseURL, 'chief.xiantao')
      await page.goto(`${server.baseURL}/suggestions`)
      const rows = page.locator('[data-testid="suggestions-table"] .el-table__row')
      await rows.first().waitFor()
      assert.match(await page.getByTestId('list-total').innerText(), /^(共|约) [\d,]+ 条$/)
      await fitsWidth('suggestions-table')

      // Sorted by reply due on the server: the dates shown do not go down.
      await page.locator('[data-testid="suggestions-table"] th', { hasText: '回复期限' }).locator('.cell').click()
      await settle(page)
      const dues = (await rows.allInnerTexts()).map((t) => (t.match(/\d{4}-\d{2}-\d{2}/g) ?? []).at(-1)).filter(Boolean)
      assert.deepEqual(dues, [...dues].sort())

      // Page size 20, then page 2 by number.
      await page.getByTestId('page-size').click()
      await page.getByRole('option', { name: '20 条/页' }).click()
      await settle(page)
      assert.ok((await rows.count()) <= 20)
      if (await page.locator('.el-pager li', { hasText: /^2$/ }).count()) {
        await page.locator('.el-pager li', { hasText: /^2$/ }).click()
        await settle(page)
        assert.ok((await rows.count()) > 0)
      }

      // Back to newest first, awaiting approval: the two submitted ones, each with 审批 in 操作.
      await page.goto(`${server.baseURL}/suggestions?status=pending_approval`)
      for (const title of TITLES) {
        const row = rows.filter({ hasText: title })
        await row.waitFor()
        await row.getByTestId('row-approve').waitFor()
        await row.locator('.el-checkbox').first().click()
      }
      assert.match(await page.getByTestId('selected-count').innerText(), /已选 2 项/)
      await clearToasts(page)
      await settle(page)
      await browser.screenshot('suggestions-list-selected.png')
      await page.getByTestId('batch-approve').click()
      const dlg = page.getByRole('dialog', { name: '批量审批（2 件）' })
      await dlg.waitFor()
      await dlg.getByTestId('batch-opinion').fill('同意制发。')
      await dlg.getByTestId('batch-approve-confirm').click()
      await toast(page, '已审批 2 件')
      // The list reloads: no longer awaiting approval, they are approved.
      for (const title of TITLES) await rows.filter({ hasText: title }).waitFor({ state: 'detached' })
      await page.goto(`${server.baseURL}/suggestions?status=approved`)
      for (const title of TITLES) await rows.filter({ hasText: title }).filter({ hasText: '已审批' }).waitFor()
    })
  })

  test('every list fits 1366 px with totals and pages, in Chinese and in English, with the unit column', async () => {
    await diagnose('lists-width', server, browser, async () => {
      const { page } = browser
      // A supervisor of the branch sees several units: the unit column shows short names with the full name in a tooltip.
      await signOut(page)
      await signIn(page, server.baseURL, 'supervisor.hanjiang')
      for (const [path, testid, shot] of [
        ['/suggestions', 'suggestions-table', 'list-suggestions'],
        ['/hearings', 'hearings-table', 'list-hearings'],
        ['/cases', 'cases-table', 'list-cases'],
      ]) {
        await page.goto(`${server.baseURL}${path}`)
        await page.locator(`[data-testid="${testid}"] .el-table__row`).first().waitFor({ timeout: 30000 })
        await page.getByTestId('list-total').filter({ hasText: /条/ }).waitFor()
        await fitsWidth(testid)
        const unitHeader = page.locator(`[data-testid="${testid}"] th`, { hasText: /^单位$/ })
        assert.ok((await unitHeader.count()) > 0, `${path}: no unit column for a supervisor of several units`)
        await clearToasts(page)
        await settle(page)
        await browser.screenshot(`${shot}.png`)
        await page.getByRole('button', { name: 'English' }).click()
        await page.getByTestId('list-total').filter({ hasText: /total|About/ }).waitFor()
        await fitsWidth(testid)
        await settle(page)
        await browser.screenshot(`${shot}-en.png`)
        await page.getByRole('button', { name: '中文' }).click()
      }
      await signOut(page)
    })
  })

  test('logs no page errors', () => {
    assert.deepEqual(browser.errors, [])
  })
})
