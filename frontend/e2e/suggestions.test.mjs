// The story of one procuratorial suggestion through the browser, each step
// by the demo account that takes it: drafted and submitted by the
// prosecutor, approved by the chief, issued and its reply recorded by the
// clerk, verified by the supervisor. Then the list, its export, and the
// notification bell.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { diagnose, openBrowser } from './browser.mjs'
import { clearToasts, openMenu, pickOption, settle, shanghaiYear, signIn, signOut, toast } from './ui.mjs'

const TITLE = '关于加强校园食品安全监管的检察建议'
const ITEMS = ['建立校园食堂食材采购索证索票制度。', '开展校园周边食品经营单位专项检查。', '落实学校食品安全校长负责制。']

describe('suggestion lifecycle', () => {
  let server
  let browser
  /** The new suggestion's detail page. */
  let detailPath = ''
  let docNo = ''

  before(async () => {
    server = await startServer('suggestions')
    browser = await openBrowser()
  })
  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  const status = () => browser.page.getByTestId('suggestion-status').innerText()
  async function expectStatus(text) {
    await browser.page.getByTestId('suggestion-status').filter({ hasText: text }).waitFor()
    assert.equal((await status()).trim(), text)
  }
  async function action(name) {
    const { page } = browser
    await page.getByTestId('suggestion-actions').getByRole('button', { name, exact: true }).click()
    const dlg = page.getByRole('dialog', { name })
    await dlg.waitFor()
    return dlg
  }

  test('the prosecutor drafts a suggestion through the form and submits it', async () => {
    await diagnose('suggestions-draft', server, browser, async () => {
      const { page } = browser
      await signIn(page, server.baseURL, 'prosecutor.xiantao')
      await openMenu(page, '检察建议', '新建建议')
      await page.waitForURL((u) => u.pathname === '/suggestions/new')
      const form = page.getByTestId('suggestion-form')
      await form.waitFor()

      // The client asks for the required fields before calling the server (the
      // type's message is also the select's placeholder: look at the field errors).
      await page.getByTestId('form-save').click()
      await form.getByRole('alert').filter({ hasText: '请选择建议类型' }).waitFor()
      await form.getByRole('alert').filter({ hasText: '请输入被建议单位名称' }).waitFor()

      await pickOption(page, page.getByTestId('form-type'), '社会治理检察建议')
      await pickOption(page, page.getByTestId('form-category'), '校园安全')
      await page.getByTestId('form-title').fill(TITLE)
      await page.getByTestId('form-source').fill('办案中发现')
      const cases = page.getByTestId('form-cases')
      await cases.fill('42900420260000321')
      await cases.press('Enter')
      await page.getByTestId('form-recipient-name').fill('仙桃市教育局')
      await pickOption(page, page.getByTestId('form-recipient-kind'), '行政机关')
      const copyTo = page.getByTestId('form-copy-to')
      await copyTo.fill('仙桃市市场监督管理局')
      await copyTo.press('Enter')
      await page.getByTestId('form-facts').fill('2026年以来，我院办理的两起校园食物中毒相关案件反映出部分学校食堂食材来源把关不严。')
      await page.getByTestId('form-problems').fill('食材采购索证索票不落实，校园周边食品经营监管存在盲区。')
      // Three items, the last moved up to second place and back.
      const texts = page.getByTestId('item-text')
      await texts.nth(0).fill(ITEMS[0])
      await page.getByTestId('item-add').click()
      await texts.nth(1).fill(ITEMS[2])
      await page.getByTestId('item-add').click()
      await texts.nth(2).fill(ITEMS[1])
      await page.getByTestId('item-row').nth(2).getByRole('button', { name: '上移 3' }).click()
      assert.equal(await texts.nth(1).inputValue(), ITEMS[1])
      assert.equal(await texts.nth(2).inputValue(), ITEMS[2])
      await page.getByTestId('form-legal-basis').fill('《人民检察院检察建议工作规定》第十一条')
      await clearToasts(page)
      await page.locator('main.content').evaluate((el) => el.scrollTo(0, 0))
      await browser.screenshot('suggestion-form.png')

      await page.getByTestId('form-save').click()
      await toast(page, '草稿已保存')
      await page.waitForURL((u) => /^\/suggestions\/\d+$/.test(u.pathname))
      detailPath = new URL(page.url()).pathname
      await expectStatus('草稿')
      assert.match(await page.getByTestId('suggestion-title').innerText(), /校园食品安全/)
      const items = await page.getByTestId('content-items').locator('li').allInnerTexts()
      assert.deepEqual(
        items.map((s) => s.replace(/^\d+\s*/, '').trim()),
        ITEMS,
      )

      const dlg = await action('提交审批')
      await dlg.getByTestId('dialog-save').click()
      await toast(page, '已提交审批')
      await expectStatus('待审批')
      // While it awaits approval the prosecutor may only attach files, take
      // it back to draft (撤回) or end it for good (终止).
      const buttons = await page.getByTestId('suggestion-actions').getByRole('button').allInnerTexts()
      assert.deepEqual(buttons.map((b) => b.trim()), ['上传附件', '撤回', '终止'])
      await signOut(page)
    })
  })

  test('the chief finds it awaiting approval on the home page and approves it', async () => {
    await diagnose('suggestions-approve', server, browser, async () => {
      const { page } = browser
      await signIn(page, server.baseURL, 'chief.xiantao')
      const awaiting = page.getByTestId('todo-awaiting_approval')
      await awaiting.getByText(TITLE).waitFor()
      await page.getByTestId('todo-hearing_proposed').waitFor()
      await settle(page)
      await browser.screenshot('home-work.png')

      await awaiting.getByText(TITLE).click()
      await page.waitForURL((u) => u.pathname === detailPath)
      await expectStatus('待审批')
      const dlg = await action('审批同意')
      await dlg.getByTestId('action-opinion').fill('同意制发。')
      await dlg.getByTestId('dialog-save').click()
      await toast(page, '已审批同意')
      await expectStatus('已审批')
      await page.getByRole('tab', { name: /审批记录/ }).click()
      const approvals = page.getByTestId('approvals-table')
      await approvals.getByText('同意制发。').waitFor()
      assert.match(await approvals.innerText(), /陈建国/)
      await signOut(page)
    })
  })

  test('the clerk issues it, served today in writing, and records the reply', async () => {
    await diagnose('suggestions-issue', server, browser, async () => {
      const { page } = browser
      await signIn(page, server.baseURL, 'clerk.xiantao')
      await openMenu(page, '检察建议', '建议列表')
      await page.getByTestId('filter-q').fill('校园食品安全')
      await page.getByTestId('filter-search').click()
      await page.waitForURL((u) => u.searchParams.get('q') === '校园食品安全')
      const row = page.locator('[data-testid="suggestions-table"] .el-table__row', { hasText: TITLE })
      await row.waitFor()
      assert.equal(await page.locator('[data-testid="suggestions-table"] .el-table__row').count(), 1)
      await row.getByRole('link', { name: TITLE }).click()
      await page.waitForURL((u) => u.pathname === detailPath)
      await expectStatus('已审批')

      const issue = await action('制发送达')
      // Served today, in writing: the defaults. The reply deadline is previewed from the calendar.
      assert.ok(await issue.getByRole('radio', { name: '书面送达' }).isChecked())
      await issue.getByTestId('deadline-preview').getByText(/回复期限为 \d{4}-\d{2}-\d{2}/).waitFor()
      await clearToasts(page)
      await settle(page)
      await browser.screenshot('suggestion-issue.png')
      await issue.getByTestId('dialog-save').click()
      await toast(page, '已制发')
      await expectStatus('已制发')
      docNo = (await page.getByTestId('doc-no').innerText()).trim()
      const m = /^仙检社建〔(\d{4})〕(\d+)号$/.exec(docNo)
      assert.ok(m, `文号 ${docNo} should read 仙检社建〔YYYY〕N号`)
      assert.equal(m[1], shanghaiYear())
      // The letter as issued downloads as a Word file named by its 文号.
      const letter = page.getByTestId('letter-download')
      assert.equal((await letter.innerText()).trim(), '检察建议书（Word）')
      const [download] = await Promise.all([page.waitForEvent('download'), letter.click()])
      assert.equal(download.suggestedFilename(), `检察建议书 ${docNo}.docx`)
      // Two months to reply: the deadline shows with the days left.
      const deadline = page.getByTestId('deadlines').getByTestId('reply-deadline')
      assert.match(await deadline.innerText(), /\d{4}-\d{2}-\d{2}\s*剩 \d+ 天/)

      const reply = await action('登记回复')
      await reply.getByTestId('reply-doc-no').fill('仙教函〔2026〕8号')
      assert.equal(await reply.getByTestId('reply-replier').inputValue(), '仙桃市教育局')
      await reply.getByTestId('reply-outcome').getByText('采纳', { exact: true }).click()
      await reply.getByTestId('reply-measures').fill('制定校园食品安全专项整治方案，投入专项资金，新增食品安全监管人员。')
      await reply.getByTestId('reply-funds').fill('43000000')
      assert.equal(await reply.getByTestId('reply-funds').inputValue(), '43,000,000')
      await reply.getByTestId('reply-funds-wan').getByText('4,300 万元').waitFor()
      await reply.getByTestId('reply-personnel').locator('input').fill('10')
      await reply.getByTestId('reply-doc-no').click() // leave the number box so it commits
      await clearToasts(page)
      await settle(page)
      await browser.screenshot('suggestion-reply.png')
      await reply.getByTestId('dialog-save').click()
      await toast(page, '回复已登记')
      await expectStatus('已回复')
      const record = page.getByTestId('reply-record').first()
      await record.waitFor()
      const text = await record.innerText()
      assert.match(text, /43,000,000 元（4,300 万元）/)
      assert.match(text, /10 人/)
      assert.match(text, /第 1 项\s*采纳/)

      // The scanned reply as an attachment: a text file is refused by content, a PDF accepted.
      const upload = async (name, mimeType, content) => {
        const [chooser] = await Promise.all([
          page.waitForEvent('filechooser'),
          page.getByTestId('suggestion-actions').getByRole('button', { name: '上传附件', exact: true }).click(),
        ])
        await chooser.setFiles({ name, mimeType, buffer: Buffer.from(content) })
      }
      await upload('说明.pdf', 'application/pdf', 'not really a PDF')
      await page.locator('.el-message--error', { hasText: '仅接受 PDF' }).waitFor()
      await upload('仙教函〔2026〕8号.pdf', 'application/pdf', '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')
      await toast(page, '附件已上传')
      const link = page.getByTestId('attachment-link').filter({ hasText: '仙教函〔2026〕8号.pdf' })
      await link.waitFor()
      assert.match((await link.getAttribute('href')) ?? '', /^\/api\/v1\/attachments\/\d+$/)
      await clearToasts(page)
      await browser.screenshot('suggestion-attachments.png')
      await signOut(page)
    })
  })

  test('the supervisor verifies the rectification', async () => {
    await diagnose('suggestions-verify', server, browser, async () => {
      const { page } = browser
      await signIn(page, server.baseURL, 'supervisor.xiantao')
      await page.goto(`${server.baseURL}${detailPath}`)
      await expectStatus('已回复')
      const dlg = await action('整改评估')
      await dlg.getByTestId('verify-result').getByText('整改到位', { exact: true }).click()
      await dlg.getByTestId('verify-notes').fill('经回头看，各项建议均已落实。')
      await dlg.getByTestId('dialog-save').click()
      await toast(page, '整改评估已登记')
      await expectStatus('整改已评估')
      assert.equal((await page.getByTestId('doc-no').innerText()).trim(), docNo)
      const current = page.getByTestId('lifecycle').locator('[aria-current="step"]')
      assert.match(await current.innerText(), /整改已评估/)
      await page.getByTestId('verification-record').first().waitFor()
      await page.getByRole('tab', { name: /^内容/ }).click()
      await clearToasts(page)
      await settle(page)
      await browser.screenshot('suggestion-detail.png')
      await page.getByRole('tab', { name: /回复与整改/ }).click()
      await settle(page)
      await browser.screenshot('suggestion-detail-records.png')

      await page.getByRole('button', { name: 'English' }).click()
      await page.getByTestId('suggestion-status').filter({ hasText: 'Verified' }).waitFor()
      await settle(page)
      await browser.screenshot('suggestion-detail-en.png')
      await page.getByRole('button', { name: '中文' }).click()
      await page.getByTestId('suggestion-status').filter({ hasText: '整改已评估' }).waitFor()
    })
  })

  test('the list filters by status and overdue, and exports what it shows', async () => {
    await diagnose('suggestions-list', server, browser, async () => {
      const { page } = browser
      await openMenu(page, '检察建议', '建议列表')
      await page.waitForURL((u) => u.pathname === '/suggestions')
      const rows = page.locator('[data-testid="suggestions-table"] .el-table__row')
      await rows.first().waitFor()
      await clearToasts(page)
      await browser.screenshot('suggestions-list.png')

      await page.getByTestId('filter-overdue').click()
      await page.getByTestId('filter-search').click()
      await page.waitForURL((u) => u.searchParams.get('overdue') === 'true')
      await rows.first().waitFor()
      for (const text of await rows.allInnerTexts()) assert.match(text, /逾期 \d+ 天/)

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('suggestion-export').click()])
      assert.match(download.suggestedFilename(), /\.xlsx$/)
      await toast(page, '已导出')

      await page.getByRole('button', { name: 'English' }).click()
      await page.getByRole('button', { name: 'Export to Excel' }).waitFor()
      await clearToasts(page)
      await browser.screenshot('suggestions-list-en.png')
      await page.getByRole('button', { name: '中文' }).click()
    })
  })

  test('the bell shows unread notifications and marks them all read', async () => {
    await diagnose('suggestions-bell', server, browser, async () => {
      const { page } = browser
      const badge = page.getByTestId('notification-badge').locator('.el-badge__content')
      await badge.waitFor()
      assert.ok(Number(await badge.innerText()) > 0)
      await clearToasts(page)
      await page.getByTestId('notification-bell').click()
      const panel = page.getByTestId('notification-panel')
      await panel.getByTestId('notification-item').first().waitFor()
      await settle(page)
      await browser.screenshot('notifications.png')
      await panel.getByTestId('notifications-read-all').click()
      await toast(page, '已全部标为已读')
      await badge.waitFor({ state: 'hidden' })
      await signOut(page)
    })
  })

  test('logs no page errors', () => {
    assert.deepEqual(browser.errors, [])
  })
})
