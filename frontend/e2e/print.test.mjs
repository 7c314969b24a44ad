// The A4 print views of the documents, opened from the pages as a user
// does: the 检察建议书 (issued, and a draft with its watermark), the 听证公告,
// an 听证员邀请函 and the 听证笔录. Each is checked for its key texts and
// its A4 page, printed to PDF by the browser, and screenshotted.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { outputDir, startServer } from './server.mjs'
import { diagnose, openBrowser } from './browser.mjs'
import { signIn } from './ui.mjs'

describe('print views', () => {
  let server
  let browser

  before(async () => {
    server = await startServer('print')
    browser = await openBrowser()
    await signIn(browser.page, server.baseURL, 'clerk.xiantao')
  })
  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  /** The id of the record of a list titled title. */
  async function idOf(list, title) {
    const res = await browser.page.request.get(`${server.baseURL}/api/v1/${list}?q=${encodeURIComponent(title)}`)
    assert.equal(res.status(), 200)
    const found = (await res.json()).items.find((r) => r.title === title)
    assert.ok(found, `no ${list} titled ${title}`)
    return found.id
  }

  /** Clicks a 打印版 link of the page and returns the print view it opens in a new tab. */
  async function openFrom(link) {
    await link.waitFor({ timeout: 30_000 }) // the first page of a session loads the most
    const [view] = await Promise.all([browser.page.context().waitForEvent('page'), link.click()])
    await view.waitForLoadState('load')
    return view
  }

  /**
   * Checks a print view: the texts, the 打印 button, the A4 page; then
   * prints it to PDF and takes a screenshot of the sheet as on screen.
   */
  async function check(view, name, texts) {
    view.setDefaultTimeout(10_000)
    const errors = []
    view.on('pageerror', (e) => errors.push(e.message))
    await view.setViewportSize({ width: 900, height: 1200 })
    const sheet = view.locator('main.sheet')
    for (const text of texts) await sheet.getByText(text, { exact: false }).first().waitFor()
    await view.getByRole('button', { name: '打印' }).waitFor()
    // The sheet is A4 wide on screen: 210 mm at 96 dpi.
    const width = await sheet.evaluate((el) => el.getBoundingClientRect().width)
    assert.ok(Math.abs(width - (210 / 25.4) * 96) < 2, `sheet width ${width}`)
    const pdf = join(outputDir(), `print-${name}.pdf`)
    await view.emulateMedia({ media: 'print' })
    await view.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true })
    await view.emulateMedia({ media: 'screen' })
    const bytes = statSync(pdf).size
    assert.ok(bytes > 5_000, `${pdf} is ${bytes} bytes`)
    await view.screenshot({ path: join(outputDir(), `print-${name}.png`), fullPage: true })
    assert.deepEqual(errors, [])
    await view.close()
  }

  test('the letter, issued and in draft', async () => {
    await diagnose('print-letter', server, browser, async () => {
      const { page } = browser
      const issued = await idOf('suggestions', '关于加强毒品犯罪综合治理的检察建议')
      await page.goto(`${server.baseURL}/suggestions/${issued}`)
      const view = await openFrom(page.getByTestId('letter-print'))
      const docNo = (await page.getByTestId('doc-no').textContent()).trim()
      assert.equal(await view.locator('.watermark').count(), 0)
      // The red 发文机关标志 and line.
      const red = await view.locator('main.sheet p').first().locator('span').evaluate((el) => getComputedStyle(el).color)
      assert.equal(red, 'rgb(255, 0, 0)')
      await check(view, 'letter', ['仙桃市人民检察院', '检察建议书', docNo, '仙桃市人民政府：', '（一）', '（二）', '回复期限至二〇二六年', '抄送：'])

      const draft = await idOf('suggestions', '关于加强酒驾醉驾源头治理的检察建议')
      await page.goto(`${server.baseURL}/suggestions/${draft}`)
      const dview = await openFrom(page.getByTestId('letter-print'))
      await dview.locator('.watermark', { hasText: '草稿' }).waitFor()
      await check(dview, 'letter-draft', ['（草稿，文号于制发时编定）', '仙桃市公安局交通警察支队：', '加强重点时段、路段酒驾查处。'])
    })
  })

  test('the hearing notice, an invitation and the minutes', async () => {
    await diagnose('print-hearing', server, browser, async () => {
      const { page } = browser
      const scheduled = await idOf('hearings', '刘某危险驾驶案拟不起诉公开听证')
      await page.goto(`${server.baseURL}/hearings/${scheduled}`)
      await page.getByTestId('hearing-documents').waitFor()
      await browser.screenshot('print-hearing-links.png')
      const notice = await openFrom(page.getByTestId('print-notice'))
      await check(notice, 'notice', ['听证公告', '刘某危险驾驶案拟不起诉公开听证（拟不起诉案件）', '旁听办法', '特此公告。'])

      // The demo seats officers once a hearing is held: the decided one has minutes and invitations.
      const decided = await idOf('hearings', '陈某交通肇事案拟不起诉听证')
      await page.goto(`${server.baseURL}/hearings/${decided}`)
      const minutes = await openFrom(page.getByTestId('print-minutes'))
      await check(minutes, 'minutes', ['听证笔录', '听证员：', '评议结果：', '记录员（签名）：'])

      const res = await page.request.get(`${server.baseURL}/api/v1/hearings/${decided}`)
      const invitation = (await res.json()).documents.find((d) => d.kind === 'invitation')
      assert.ok(invitation, 'no invitation listed')
      await page.getByTestId('doc-invitations').click()
      const iview = await openFrom(page.getByTestId(`print-invitation-${invitation.participant_id}`))
      await check(iview, 'invitation', ['听证员邀请函', `${invitation.name}同志：`, '特此邀请。'])
    })
  })
})
