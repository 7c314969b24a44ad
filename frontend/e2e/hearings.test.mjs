// Procuratorial hearings through the browser. One hearing proposed by the
// clerk, edited (with a conflicting change made meanwhile), approved by the
// chief, officers drawn and seated, scheduled at least four days ahead, and
// the officers' opinions recorded (holding it must wait for its start).
// Then the demo hearing that started yesterday: officers drawn and seated, a
// prosecutor picked from the name index, a recusal granted, opinions, the
// holding and the decision. Then the list with its statistics, the calendar,
// and the officer pool managed by the branch supervisor.
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { diagnose, openBrowser } from './browser.mjs'
import { clearToasts, openMenu, pickOption, settle, signIn, signOut, toast } from './ui.mjs'

const TITLE = '张某涉嫌盗窃案拟不起诉公开听证'
/** The demo hearing of Xiantao that started yesterday and awaits its record (app/demo/hearings.go). */
const YESTERDAY_TITLE = '杨某故意伤害案拟不起诉听证'

/** Clicks link and waits for the Word file it downloads, named name. */
async function download(page, link, name) {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()])
  assert.equal(file.suggestedFilename(), name)
  assert.equal(readFileSync(await file.path()).subarray(0, 2).toString(), 'PK') // a zip: DOCX
}

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

  test('the clerk edits the proposal; a change made meanwhile is reported, not overwritten', async () => {
    await diagnose('hearings-edit', server, browser, async () => {
      const { page } = browser
      await signIn(page, server.baseURL, 'clerk.xiantao')
      await page.goto(`${server.baseURL}${detailPath}`)
      await page.getByTestId('action-edit').click()
      await page.waitForURL((u) => u.pathname === `${detailPath}/edit`)
      await page.waitForFunction((t) => document.querySelector('input[data-testid="hearing-title"]')?.value === t, TITLE)
      await page.getByTestId('hearing-case-number').fill('鄂仙检刑不诉〔2026〕13号')

      // Someone else saves a change to the same hearing in the meantime.
      await page.evaluate(async (path) => {
        const me = await (await fetch('/api/v1/auth/me')).json()
        const h = await (await fetch(`/api/v1${path}`)).json()
        const res = await fetch(`/api/v1${path}`, {
          method: 'PATCH',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
          body: JSON.stringify({ location: '仙桃市人民检察院第二听证室', version: h.version }),
        })
        if (!res.ok) throw new Error(`PATCH ${res.status}`)
      }, detailPath)
      await page.getByTestId('hearing-submit').click()
      const conflict = page.getByTestId('hearing-form-conflict')
      await conflict.waitFor()
      await clearToasts(page)
      await settle(page)
      await browser.screenshot('hearing-edit-conflict.png')

      // Reloading shows the other change; the clerk's edit is made again on top of it.
      await conflict.getByTestId('hearing-form-reload').click()
      await conflict.waitFor({ state: 'hidden' })
      assert.equal(await page.getByTestId('hearing-location').inputValue(), '仙桃市人民检察院第二听证室')
      await page.getByTestId('hearing-case-number').fill('鄂仙检刑不诉〔2026〕13号')
      await page.getByTestId('hearing-submit').click()
      await page.waitForURL((u) => u.pathname === detailPath)
      await toast(page, '听证信息已保存')
      await page.getByTestId('hearing-header').getByText('鄂仙检刑不诉〔2026〕13号').waitFor()
      await page.getByTestId('hearing-header').getByText('仙桃市人民检察院第二听证室').waitFor()
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
      await toast(page, '已选用 3 名听证员')
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

      // Scheduled and public: the notice and an invitation per officer, not yet the minutes.
      const docs = page.getByTestId('hearing-documents')
      await download(page, docs.getByTestId('doc-notice'), `听证公告 仙桃市人民检察院 ${day}.docx`)
      assert.equal(await docs.getByTestId('doc-minutes').count(), 0)
      await docs.getByTestId('doc-invitations').click()
      const invitations = page.locator('.el-dropdown-menu:visible [data-testid^="doc-invitation-"]')
      await invitations.nth(2).waitFor()
      assert.equal(await invitations.count(), 3)
      const officerName = (await officers.nth(0).locator('td').first().innerText()).trim()
      await download(page, invitations.filter({ hasText: officerName }), `听证员邀请函 ${officerName}.docx`)

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
      await add.getByTestId('person-name').fill('刘检察官')
      await add.getByTestId('dialog-save').click()
      await add.waitFor({ state: 'hidden' })
      await page.getByTestId('hearing-participants').getByText('刘检察官').waitFor()

      await page.getByTestId('hearing-majority').filter({ hasText: '同意 2 · 不同意 1 · 弃权 0' }).waitFor()
      await clearToasts(page)
      await settle(page)
      await browser.screenshot('hearing-detail.png')
    })
  })

  test('the clerk records the demo hearing that started yesterday: officers, recusal, opinions, holding, decision', async () => {
    await diagnose('hearings-record', server, browser, async () => {
      const { page } = browser
      await openMenu(page, '检察听证', '听证列表')
      await page.waitForURL((u) => u.pathname === '/hearings')
      await page.getByTestId('hearings-table').getByRole('link', { name: YESTERDAY_TITLE }).click()
      await page.waitForURL((u) => /^\/hearings\/\d+$/.test(u.pathname))
      await statusTag().filter({ hasText: '已排期' }).waitFor()
      await page.getByTestId('hearing-to-record').waitFor()
      assert.equal(await page.getByTestId('hearing-officers').locator('tbody tr').count(), 0)

      // Four officers: one of them will be recused.
      await page.getByTestId('hearing-actions').getByRole('button', { name: '抽取听证员', exact: true }).click()
      const draw = page.getByRole('dialog', { name: '抽取听证员' })
      await draw.waitFor()
      await draw.locator('.el-input-number input').fill('4')
      await draw.getByTestId('draw-propose').click()
      await draw.getByTestId('draw-result').locator('tbody tr').nth(3).waitFor()
      await settle(page)
      await browser.screenshot('hearing-draw.png')
      await draw.getByTestId('draw-seat').click()
      await toast(page, '已选用 4 名听证员')
      await draw.waitFor({ state: 'hidden' })
      const officers = page.getByTestId('hearing-officers').locator('tbody tr')
      await officers.nth(3).waitFor()

      // The handling prosecutor is already in the name index (seated in the hearing above).
      const add = await action('添加参加人')
      await pickOption(page, add.getByTestId('participant-role'), '承办检察官')
      await add.getByTestId('person-mode').getByText('选择已登记人员', { exact: true }).click()
      await add.getByTestId('person-picker').locator('.el-select__wrapper').click()
      await page.keyboard.type('刘检')
      await page.locator('.el-popper:visible').getByRole('option', { name: /^刘检察官/ }).first().click()
      await add.getByTestId('person-chosen').waitFor()
      await add.getByTestId('dialog-save').click()
      await add.waitFor({ state: 'hidden' })
      await page.getByTestId('hearing-participants').locator('.role-group', { hasText: '承办检察官' }).getByText('刘检察官').waitFor()

      // The suspect asks that the fourth officer stand down; granted.
      const fourth = officers.nth(3)
      await fourth.getByRole('button', { name: '回避', exact: true }).click()
      const rec = page.getByRole('dialog').filter({ has: page.getByTestId('recusal-form') })
      await rec.waitFor()
      await rec.getByTestId('recusal-reason').fill('该听证员与犯罪嫌疑人系同一社区居委会成员，犯罪嫌疑人申请其回避。')
      await rec.getByRole('radio', { name: '准予回避', exact: true }).check({ force: true })
      await settle(page)
      await browser.screenshot('hearing-recusal.png')
      await rec.getByTestId('dialog-save').click()
      await rec.waitFor({ state: 'hidden' })
      await fourth.getByTestId('recusal-tag').filter({ hasText: '已回避' }).waitFor()

      const positions = ['同意', '同意', '不同意']
      for (let i = 0; i < 3; i++) {
        await officers.nth(i).getByRole('button', { name: '录入意见' }).click()
        const op = page.getByRole('dialog').filter({ has: page.getByTestId('opinion-form') })
        await op.waitFor()
        await op.getByRole('radio', { name: positions[i], exact: true }).check({ force: true })
        await op.getByTestId('opinion-text').fill(`听证员意见 ${i + 1}：${positions[i]}作相对不起诉。`)
        await op.getByTestId('dialog-save').click()
        await op.waitFor({ state: 'hidden' })
      }
      await page.getByTestId('hearing-majority').filter({ hasText: '同意 2 · 不同意 1 · 弃权 0' }).waitFor()

      assert.equal(await page.getByTestId('doc-minutes').count(), 0)
      // Held yesterday at 10:00, half an hour after the planned start.
      const hold = await action('记录举行')
      await hold.locator('.el-date-editor input').fill(`${shanghaiDay(-1)} 10:00`)
      await hold.locator('.el-date-editor input').press('Enter')
      await hold.getByTestId('t-attendance').fill('犯罪嫌疑人、被害人及其代理人、三名听证员到场；一名听证员已回避。')
      await hold.getByTestId('t-minutes').fill('听证会依法公开进行。承办检察官介绍案情及拟处理意见，各方发表意见，听证员经评议发表意见。')
      await settle(page)
      await browser.screenshot('hearing-hold.png')
      await hold.getByTestId('dialog-save').click()
      await statusTag().filter({ hasText: '已举行' }).waitFor()
      assert.equal((await page.getByTestId('hearing-held-at').innerText()).trim(), `${shanghaiDay(-1)} 10:00`)
      assert.equal(await page.getByTestId('hearing-to-record').count(), 0)
      // Held: the minutes, pre-filled, can be downloaded.
      await download(page, page.getByTestId('hearing-documents').getByTestId('doc-minutes'), `听证笔录 ${YESTERDAY_TITLE}.docx`)

      const decide = await action('作出决定')
      await decide.getByTestId('decide-majority').filter({ hasText: '同意' }).waitFor()
      await decide.getByTestId('t-decision').fill('对杨某作出相对不起诉决定。')
      await decide.getByTestId('t-reasons').fill('犯罪情节轻微，已赔偿被害人损失并取得谅解；听证员多数意见同意不起诉。')
      await settle(page)
      await browser.screenshot('hearing-decide.png')
      await decide.getByTestId('dialog-save').click()
      await statusTag().filter({ hasText: '已作出决定' }).waitFor()
      await page.getByTestId('hearing-decision').filter({ hasText: '对杨某作出相对不起诉决定。' }).waitFor()
      await clearToasts(page)
      await settle(page)
      await browser.screenshot('hearing-decided.png')
    })
  })

  test('the list, the calendar and the officer pool', async () => {
    await diagnose('hearings-list', server, browser, async () => {
      const { page } = browser
      await openMenu(page, '检察听证', '听证列表')
      await page.waitForURL((u) => u.pathname === '/hearings')
      await page.getByTestId('hearings-table').getByText(TITLE).waitFor()
      // The statistics follow the year chosen; the clerk has one unit, so no unit choice.
      assert.equal(await page.getByTestId('hearing-stats-unit').count(), 0)
      const lastYear = String(Number(shanghaiDay(0).slice(0, 4)) - 1)
      await pickOption(page, page.getByTestId('hearing-stats-year'), `${lastYear}年`)
      await page.getByTestId('hearing-stats').getByText(`${lastYear}年已举行`).waitFor()
      await pickOption(page, page.getByTestId('hearing-stats-year'), `${shanghaiDay(0).slice(0, 4)}年`)
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
      // Clerks read the pool; supervisors at branch level keep it.
      assert.equal(await page.getByTestId('officer-create').count(), 0)
      assert.equal(await page.getByTestId('officers-table').getByRole('button', { name: '除名' }).count(), 0)
      await settle(page)
      await browser.screenshot('officer-pool.png')
      await signOut(page)
    })
  })

  test('the branch supervisor enrols an officer, is warned of a duplicate and revokes it', async () => {
    await diagnose('officers-manage', server, browser, async () => {
      const { page } = browser
      await signIn(page, server.baseURL, 'supervisor.hanjiang')
      await openMenu(page, '检察听证', '听证员库')
      await page.waitForURL((u) => u.pathname === '/hearing-officers')
      await page.getByTestId('officers-table').locator('tbody tr').first().waitFor()

      async function enrol(category, organisation) {
        await page.getByTestId('officer-create').click()
        const dlg = page.getByRole('dialog').filter({ has: page.getByTestId('officer-form') })
        await dlg.waitFor()
        // The branch keeps the only pool this supervisor can manage: chosen already.
        await dlg.getByTestId('officer-unit').getByText('汉江分院').first().waitFor()
        await pickOption(page, dlg.getByTestId('officer-category'), category)
        await dlg.getByTestId('person-name').fill('宋明远')
        await dlg.getByTestId('person-gender').getByRole('radio', { name: '男', exact: true }).check({ force: true })
        await dlg.locator('.el-date-editor input').fill('1980-05-12')
        await dlg.locator('.el-date-editor input').press('Enter')
        await dlg.getByTestId('person-phone').fill('13907281234')
        await dlg.getByTestId('person-organisation').fill(organisation)
        return dlg
      }

      const first = await enrol('律师', '湖北楚天律师事务所')
      await first.getByTestId('person-occupation').fill('律师')
      await settle(page)
      await browser.screenshot('officer-create.png')
      await first.getByTestId('dialog-save').click()
      await toast(page, '宋明远 已加入听证员库')
      await first.waitFor({ state: 'hidden' })

      // The same name and birth date again: enrolled, with a warning.
      const second = await enrol('专家学者', '江汉大学法学院')
      await second.getByTestId('dialog-save').click()
      const warning = page.getByRole('dialog', { name: '可能重复登记' })
      await warning.waitFor()
      await warning.getByText('1980-05-12').waitFor()
      await settle(page)
      await browser.screenshot('officer-duplicate.png')
      await warning.getByRole('button', { name: '确定' }).click()
      await warning.waitFor({ state: 'hidden' })

      await page.getByPlaceholder('姓名').fill('宋明远')
      await page.getByRole('button', { name: '查询', exact: true }).click()
      const rows = page.getByTestId('officers-table').locator('tbody tr')
      await rows.nth(1).waitFor()
      assert.equal(await rows.count(), 2)
      await rows.nth(1).getByRole('button', { name: '除名', exact: true }).click()
      const revoke = page.getByRole('dialog').filter({ has: page.getByTestId('revoke-form') })
      await revoke.waitFor()
      await revoke.getByTestId('revoke-reason').fill('与律师类别的记录为同一人，重复登记。')
      await revoke.getByTestId('dialog-save').click()
      await toast(page, '已除名')
      await revoke.waitFor({ state: 'hidden' })
      await rows.nth(1).getByText('已除名').waitFor()
      await rows.nth(1).getByRole('button', { name: '恢复', exact: true }).waitFor()
      await rows.nth(0).getByText('在库').waitFor()
      await clearToasts(page)
      await settle(page)
      await browser.screenshot('officer-pool-manage.png')

      // The branch supervisor sees the statistics of any unit below.
      await openMenu(page, '检察听证', '听证列表')
      await page.waitForURL((u) => u.pathname === '/hearings')
      await pickOption(page, page.getByTestId('hearing-stats-unit'), '天门市人民检察院')
      await settle(page)
      await browser.screenshot('hearings-stats-unit.png')
      await signOut(page)
    })
  })
})
