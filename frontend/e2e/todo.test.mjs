// The to-do (待办) of each role, from the home page: every pending task is
// one click away (its card's item opens the record), and its card's count
// drops when the task is done and rises in the next person's to-do.
// chief → prosecutor → clerk → supervisor, as the hand-offs run.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { diagnose, openBrowser } from './browser.mjs'
import { clearToasts, settle, signIn, signOut, toast } from './ui.mjs'

describe('the to-do of each role', () => {
  let server
  let browser
  let approvedTitle = ''
  let returnedTitle = ''

  before(async () => {
    server = await startServer('todo')
    browser = await openBrowser()
  })
  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  /** Back to the home page, its to-do loaded. */
  async function home() {
    const { page } = browser
    await page.goto(`${server.baseURL}/`)
    await page.locator('[data-testid="my-todo"][data-loaded="true"]').waitFor()
  }
  const card = (kind) => browser.page.getByTestId(`todo-${kind}`)
  async function count(kind) {
    const text = await card(kind).getByTestId('todo-count').innerText()
    return Number(/\d+/.exec(text)?.[0] ?? NaN)
  }
  /** Clicks an item of a card (the first, or the one with this title): one click, landing on the record. */
  async function openItem(kind, title) {
    const { page } = browser
    const items = card(kind).locator('.row-title')
    const item = title ? items.filter({ hasText: title }).first() : items.first()
    const text = (await item.innerText()).trim()
    await item.click()
    await page.waitForURL((u) => /^\/(suggestions|hearings)\/\d+$/.test(u.pathname))
    return text
  }
  async function action(name) {
    const { page } = browser
    await page.getByTestId('suggestion-actions').getByRole('button', { name, exact: true }).click()
    const dlg = page.getByRole('dialog', { name })
    await dlg.waitFor()
    return dlg
  }
  const status = (text) => browser.page.getByTestId('suggestion-status').filter({ hasText: text }).waitFor()

  test('the chief approves one suggestion and returns another, each one click from home; hearings to approve too', async () => {
    await diagnose('todo-chief', server, browser, async () => {
      const { page } = browser
      await signIn(page, server.baseURL, 'chief.xiantao')
      await home()
      const awaiting = await count('awaiting_approval')
      assert.ok(awaiting >= 2, `the demo has drafts awaiting the chief (${awaiting})`)
      await clearToasts(page)
      await settle(page)
      await browser.screenshot('todo-chief.png')

      approvedTitle = await openItem('awaiting_approval')
      await status('待审批')
      let dlg = await action('审批同意')
      await dlg.getByTestId('action-opinion').fill('同意制发。')
      await dlg.getByTestId('dialog-save').click()
      await toast(page, '已审批同意')
      await home()
      assert.equal(await count('awaiting_approval'), awaiting - 1)

      returnedTitle = await openItem('awaiting_approval')
      await status('待审批')
      dlg = await action('退回修改')
      await dlg.getByTestId('action-opinion').fill('请补充问题分析。')
      await dlg.getByTestId('dialog-save').click()
      await toast(page, '已退回修改')
      await home()
      assert.equal(await count('awaiting_approval'), awaiting - 2)

      const hearings = await count('hearing_proposed')
      assert.ok(hearings >= 1, 'a proposed hearing awaits the chief')
      const title = await openItem('hearing_proposed')
      await page.getByTestId('hearing-title').filter({ hasText: title }).waitFor()
      await signOut(page)
    })
  })

  test('the prosecutor finds the returned draft and submits it again', async () => {
    await diagnose('todo-prosecutor', server, browser, async () => {
      const { page } = browser
      await signIn(page, server.baseURL, 'prosecutor.xiantao')
      await home()
      const returned = await count('returned')
      assert.ok(returned >= 1)
      await card('returned').getByText(returnedTitle).waitFor()
      await clearToasts(page)
      await settle(page)
      await browser.screenshot('todo-prosecutor.png')

      await openItem('returned', returnedTitle)
      await status('草稿')
      const dlg = await action('提交审批')
      await dlg.getByTestId('dialog-save').click()
      await toast(page, '已提交审批')
      await home()
      assert.equal(await count('returned'), returned - 1)
      if ((await count('reply_due')) > 0) await openItem('reply_due')
      await signOut(page)
    })
  })

  test('the clerk issues the approved suggestion; the filing becomes due; hearings to schedule and to record', async () => {
    await diagnose('todo-clerk', server, browser, async () => {
      const { page } = browser
      await signIn(page, server.baseURL, 'clerk.xiantao')
      await home()
      const toIssue = await count('to_issue')
      const filing = await count('filing_due')
      assert.ok(toIssue >= 1)
      await card('to_issue').getByText(approvedTitle).waitFor()
      await clearToasts(page)
      await settle(page)
      await browser.screenshot('todo-clerk.png')

      await openItem('to_issue', approvedTitle)
      await status('已审批')
      const dlg = await action('制发送达')
      await dlg.getByTestId('dialog-save').click()
      await toast(page, '已制发')
      await home()
      assert.equal(await count('to_issue'), toIssue - 1)
      assert.equal(await count('filing_due'), filing + 1)

      for (const kind of ['hearing_to_schedule', 'hearing_to_record']) {
        assert.ok((await count(kind)) >= 1, `the demo has a hearing for ${kind}`)
        const title = await openItem(kind)
        await page.getByTestId('hearing-title').filter({ hasText: title }).waitFor()
        await home()
      }
      await signOut(page)
    })
  })

  test('the supervisor follows up an overdue reply (a primary button), records the reply, and uses the bell', async () => {
    await diagnose('todo-supervisor', server, browser, async () => {
      const { page } = browser
      await signIn(page, server.baseURL, 'supervisor.hanjiang')
      await home()
      const due = await count('reply_due')
      const received = await count('reply_received')
      assert.ok(due >= 1, 'the demo has overdue replies')
      await clearToasts(page)
      await settle(page)
      await browser.screenshot('todo-supervisor.png')

      await openItem('reply_due')
      await status('已制发')
      // 跟踪督促 is a button of its own, not under 更多操作.
      let dlg = await action('跟踪督促')
      await dlg.getByTestId('followup-method').getByText('电话督促', { exact: true }).click()
      await dlg.getByTestId('followup-findings').fill('电话督促被建议单位尽快书面回复。')
      await dlg.getByTestId('dialog-save').click()
      await toast(page, '跟踪督促已登记')
      await status('已制发')

      dlg = await action('登记回复')
      await dlg.getByTestId('reply-outcome').getByText('采纳', { exact: true }).click()
      await dlg.getByTestId('reply-measures').fill('已制定整改方案。')
      await dlg.getByTestId('dialog-save').click()
      await toast(page, '回复已登记')
      await status('已回复')
      await home()
      assert.equal(await count('reply_due'), due - 1)
      assert.equal(await count('reply_received'), received + 1)

      // The bell: a click closes the popover and opens the record; 查看全部 lists everything.
      await page.getByTestId('notification-bell').click()
      const panel = page.getByTestId('notification-panel')
      await panel.getByTestId('notification-item').first().click()
      await page.waitForURL((u) => /^\/(suggestions|hearings)\/\d+$/.test(u.pathname))
      await panel.waitFor({ state: 'hidden' })
      await page.getByTestId('notification-bell').click()
      await panel.getByTestId('notifications-view-all').click()
      await page.waitForURL((u) => u.pathname === '/notifications')
      await panel.waitFor({ state: 'hidden' })
      await page.locator('[data-testid="notification-table"] .el-table__row').first().waitFor()
      await clearToasts(page)
      await settle(page)
      await browser.screenshot('notifications-all.png')
      await signOut(page)
    })
  })

  test('logs no page errors', () => {
    assert.deepEqual(browser.errors, [])
  })
})
