// The recipient portal through the browser: the Xiantao clerk opens an
// issued suggestion, makes its delivery link in the 在线送达 tab and
// downloads the 送达回证 with the QR code; the recipient, on a phone-sized
// page without an account, confirms receipt and submits a reply; the clerk
// sees it pending and accepts it; once the link is revoked the page says so.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { outputDir, startServer } from './server.mjs'
import { diagnose, openBrowser } from './browser.mjs'
import { clearToasts, settle, signIn, toast } from './ui.mjs'

describe('recipient portal', () => {
  let server
  let browser
  let linkUrl = ''
  let detailPath = ''

  before(async () => {
    server = await startServer('portal')
    browser = await openBrowser()
  })
  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  test('the clerk makes the delivery link and prints the receipt', async () => {
    await diagnose('portal-link', server, browser, async () => {
      const { page } = browser
      await signIn(page, server.baseURL, 'clerk.xiantao')
      await page.goto(`${server.baseURL}/suggestions?status=issued`)
      const row = page.locator('.el-table__body tr').first()
      await row.waitFor()
      await row.locator('a').first().click()
      await page.waitForURL((u) => /^\/suggestions\/\d+$/.test(u.pathname))
      detailPath = new URL(page.url()).pathname
      await page.getByRole('tab', { name: '在线送达' }).click()
      await page.getByTestId('make-link').click()
      await toast(page, '送达链接已生成')
      linkUrl = await page.locator('input[data-testid="made-link-url"], [data-testid="made-link-url"] input').first().inputValue()
      assert.match(linkUrl, /\/r\/[A-Za-z0-9_-]{43}$/)
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('receipt-with-link').click()])
      assert.match(download.suggestedFilename(), /^送达回证 .+\.docx$/)
      await clearToasts(page)
      await browser.screenshot('portal-staff-link.png')
    })
  })

  test('the recipient confirms receipt and replies from a phone', async () => {
    await diagnose('portal-recipient', server, browser, async () => {
      // A page of its own at a phone's size; the portal reads no session, signed in or not.
      const page = await browser.page.context().newPage()
      await page.setViewportSize({ width: 390, height: 844 })
      await page.goto(linkUrl)
      await page.getByRole('button', { name: '确认收到' }).click()
      await page.getByText('已确认收到').first().waitFor()
      await page.locator('#doc_no').fill('仙政函〔2026〕21号')
      await page.locator('#outcome').selectOption('adopted')
      await page.locator('#measures').fill('已制定整改方案，开展专项治理。')
      await page.locator('#funds_yuan').fill('300000')
      await page.locator('#files').setInputFiles({ name: '复函扫描件.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n') })
      await page.getByRole('button', { name: '提交回复' }).click()
      await page.getByText('回复已提交，等待检察机关核收').waitFor()
      await page.getByText('待检察机关核收').first().waitFor()
      await page.screenshot({ path: join(outputDir(), 'portal-recipient.png'), fullPage: true })
      await page.close()
    })
  })

  test('the clerk accepts the reply; a revoked link answers nothing more', async () => {
    await diagnose('portal-accept', server, browser, async () => {
      const { page } = browser
      await page.goto(`${server.baseURL}${detailPath}`)
      await page.getByRole('tab', { name: '在线送达' }).click()
      const pending = page.getByTestId('pending-reply').first()
      await pending.getByText('仙政函〔2026〕21号').waitFor()
      // The scan opens before accepting.
      const scan = await pending.getByTestId('pending-file').first().getAttribute('href')
      const opened = await page.request.get(`${server.baseURL}${scan}`)
      assert.equal(opened.status(), 200)
      assert.equal(opened.headers()['content-type'], 'application/pdf')
      await pending.getByTestId('accept-pending').click()
      await page.locator('.el-message-box').getByRole('button', { name: /确定|OK/ }).click()
      await toast(page, '已核收')
      await page.getByTestId('pending-reply').first().getByText('已核收').waitFor()
      await settle(page)
      await browser.screenshot('portal-staff-accepted.png')

      // Later, the recipient sends evidence of rectification at the same link; the clerk accepts it too.
      const phone = await page.context().newPage()
      await phone.setViewportSize({ width: 390, height: 844 })
      await phone.goto(linkUrl)
      await phone.locator('#description').fill('已建成社区戒毒康复站点 12 个，附验收照片。')
      const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
      await phone.locator('#evidence_files').setInputFiles({ name: '验收照片.png', mimeType: 'image/png', buffer: png })
      await phone.getByRole('button', { name: '提交整改材料' }).click()
      await phone.getByText('整改材料已提交，等待检察机关核收').waitFor()
      await phone.screenshot({ path: join(outputDir(), 'portal-recipient-evidence.png'), fullPage: true })
      await phone.close()
      await page.reload()
      await page.getByRole('tab', { name: '在线送达' }).click()
      const evidence = page.locator('[data-testid="pending-reply"][data-state="pending"]').first()
      await evidence.getByText('已建成社区戒毒康复站点 12 个').waitFor()
      await evidence.getByText('整改材料').first().waitFor()
      await evidence.getByTestId('accept-pending').click()
      await page.locator('.el-message-box').getByRole('button', { name: /确定|OK/ }).click()
      await toast(page, '已核收')
      await settle(page)
      await browser.screenshot('portal-staff-evidence.png')
      await page.getByTestId('delivery-links').getByRole('button', { name: '撤销' }).first().click()
      await page.locator('.el-message-box').getByRole('button', { name: /确定|OK/ }).click()
      await toast(page, '链接已撤销')
      const res = await page.request.get(linkUrl)
      assert.equal(res.status(), 410)
      assert.match(await res.text(), /该链接已失效/)
    })
  })
})
