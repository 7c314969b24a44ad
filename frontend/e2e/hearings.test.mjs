// One procuratorial hearing through the browser: proposed by the clerk,
// approved by the chief, officers drawn and seated, scheduled at least four
// days ahead, and the officers' opinions recorded (allowed once scheduled;
// holding it must wait for its start). Then the list, the calendar and the
// officer pool.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { diagnose, openBrowser } from './browser.mjs'
import { clearToasts, openMenu, pickOption, settle, signIn, signOut, toast } from './ui.mjs'

const TITLE = '张某涉嫌盗窃案拟不起诉公开听证'

/** "YYYY-MM-DD" in Asia/Shanghai, `days` from now. */
function shanghaiDay(days) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + days * 86400000),
  )
}

describe('hearing lifecycle', () => {
  let server
  let browser
  let detailPath = ''
  const day = shanghaiDay(5)

  before(async () => {
    server = await startServer('hearings')
    browser = await openBrowser()
  })
  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  async function action(name) {
    const { page } = browser
    await page.getByTestId('hearing-actions').getByRole('button', { name, exact: true }).click()
    const dlg = page.getByRole('dialog', { name })
    await dlg.waitFor()
    return dlg
  }
  const statusTag = () => browser.page.getByTestId('hearing-header').locator('.status-tag')

  test('the clerk proposes a non-prosecution hearing', async () => {
    await diagnose('hearings-create', server, browser, async () => {
      const { page } = browser
      await signIn(page, server.baseURL, 'clerk.xiantao')
      await openMenu(page, '检察听证', '新建听证')
      await page.waitForURL((u) => u.pathname === '/hearings/new')
      await pickOption(page, page.getByTestId('hearing-kind'), '拟不起诉')
      await page.getByTestId('hearing-title').fill(TITLE)
      await page.getByTestId('hearing-case-number').fill('鄂仙检刑不诉〔2026〕12号')
      await page.getByTestId('hearing-proposed').fill('犯罪情节轻微，已退赃并取得谅解，拟作相对不起诉。')
      await page.getByTestId('hearing-location').fill('仙桃市人民检察院听证室')
      await page.getByTestId('hearing-submit').click()
      await page.waitForURL((u) => /^\/hearings\/\d+$/.test(u.pathname))
      detailPath = new URL(page.url()).pathname
      await statusTag().filter({ hasText: '待审批' }).waitFor()
      await signOut(page)
    })
  })

  test('the chief approves it', async () => {
    await diagnose('hearings-approve', server, browser, async () => {
      const { page } = browser
      await signIn(page, server.baseURL, 'chief.xiantao')
      await page.goto(`${server.baseURL}${detailPath}`)
      const dlg = await action('批准听证')
      await dlg.getByTestId('dialog-save').click()
      await statusTag().filter({ hasText: '已批准' }).waitFor()
      await signOut(page)
    })
  })

  test('the clerk draws and seats three officers, schedules it and records opinions', async () => {
    await diagnose('hearings-schedule', server, browser, async () => {
      const { page } = browser
      await signIn(page, server.baseURL, 'clerk.xiantao')
      await page.goto(`${server.baseURL}${detailPath}`)

      await page.getByTestId('hearing-actions').getByRole('button', { name: '抽取听证员', exact: true }).click()
      const draw = page.getByRole('dialog', { name: '抽取听证员' })
      await draw.waitFor()
      await draw.getByTestId('draw-propose').click()
      await draw.getByTestId('draw-result').locator('tbody tr').nth(2).waitFor()
      await draw.getByTestId('draw-seat').click()
      await toast(page, '已入座 3 名听证员')
      await draw.waitFor({ state: 'hidden' })
      const officers = page.getByTestId('hearing-officers').locator('tbody tr')
      await officers.nth(2).waitFor()
      assert.equal(await officers.count(), 3)

      const dlg = await action('排期')
      await dlg.locator('.el-date-editor input').fill(`${day} 09:30`)
      await dlg.locator('.el-date-editor input').press('Enter')
      await dlg.getByTestId('t-location').fill('仙桃市人民检察院第一听证室')
      await dlg.getByTestId('dialog-save').click()
      await statusTag().filter({ hasText: '已排期' }).waitFor()
      assert.equal((await page.getByTestId('hearing-starts-at').innerText()).trim(), `${day} 09:30`)

      const positions = ['同意', '同意', '不同意']
      for (let i = 0; i < 3; i++) {
        await page.getByTestId('hearing-officers').getByRole('button', { name: '录入意见' }).nth(i).click()
        const op = page.getByRole('dialog').filter({ has: page.getByTestId('opinion-form') })
        await op.waitFor()
        await op.getByRole('radio', { name: positions[i], exact: true }).check({ force: true })
        await op.getByTestId('opinion-text').fill(`听证员意见 ${i + 1}：${positions[i]}拟不起诉。`)
        await op.getByTestId('dialog-save').click()
        await op.waitFor({ state: 'hidden' })
      }
      const add = await action('添加参加人')
      await add.getByTestId('participant-name').fill('刘检察官')
      await add.getByTestId('dialog-save').click()
      await add.waitFor({ state: 'hidden' })
      await page.getByTestId('hearing-participants').getByText('刘检察官').waitFor()

      await page.getByTestId('hearing-majority').filter({ hasText: '同意 2 · 不同意 1 · 弃权 0' }).waitFor()
      await clearToasts(page)
      await settle(page)
      await browser.screenshot('hearing-detail.png')
    })
  })

  test('the list, the calendar and the officer pool', async () => {
    await diagnose('hearings-list', server, browser, async () => {
      const { page } = browser
      await openMenu(page, '检察听证', '听证列表')
      await page.waitForURL((u) => u.pathname === '/hearings')
      await page.getByTestId('hearings-table').getByText(TITLE).waitFor()
      await settle(page)
      await browser.screenshot('hearings-list.png')

      await page.getByTestId('hearing-view').getByText('日历', { exact: true }).click()
      const cal = page.getByTestId('hearing-calendar')
      await cal.waitFor()
      if (day.slice(0, 7) !== shanghaiDay(0).slice(0, 7)) await cal.getByText('下个月', { exact: true }).click()
      await cal.getByText(TITLE).first().waitFor()
      await settle(page)
      await browser.screenshot('hearings-calendar.png')

      await openMenu(page, '检察听证', '听证员库')
      await page.waitForURL((u) => u.pathname === '/hearing-officers')
      await page.getByTestId('officers-table').locator('tbody tr').first().waitFor()
      await settle(page)
      await browser.screenshot('officer-pool.png')
    })
  })
})
