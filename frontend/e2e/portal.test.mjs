// The recipient portal through the browser, as the issue's scenario: the
// Xiantao prosecutor's drug-crime suggestion (drafted like the demo's, with
// two items) has been approved; the Xiantao clerk issues it for electronic
// service, makes its delivery link in the 在线送达 tab and downloads the
// 送达回证 with the QR code; the recipient, on a phone-sized page without an
// account, confirms receipt and replies adopting both items with
// 43,000,000 yuan and 10 people and a scan; the clerk previews the scan and
// accepts the reply, and the suggestion shows it with the day of service and
// the reply deadline; later evidence of rectification comes the same way;
// once the link is revoked the page says so and nothing else.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { request } from 'playwright-core'
import { outputDir, startServer } from './server.mjs'
import { diagnose, openBrowser } from './browser.mjs'
import { DEMO_PASSWORD, clearToasts, settle, shanghaiYear, signIn, toast } from './ui.mjs'

const TITLE = '关于加强毒品犯罪综合治理的检察建议（电子送达）'

describe('recipient portal', () => {
  let server
  let browser
  let linkUrl = ''
  let detailPath = ''

  // as signs in through the API and answers a request context with the CSRF header.
  async function as(username) {
    const api = await request.newContext({ baseURL: server.baseURL })
    const login = await api.post('/api/v1/auth/login', { data: { username, password: DEMO_PASSWORD } })
    assert.equal(login.status(), 200)
    const { csrf_token: csrf } = await login.json()
    return { api, headers: { 'X-CSRF-Token': csrf } }
  }

  before(async () => {
    server = await startServer('portal')
    browser = await openBrowser()
    // The prosecutor drafts and submits, the chief approves.
    const p = await as('prosecutor.xiantao')
    const created = await p.api.post('/api/v1/suggestions', {
      headers: p.headers,
      data: {
        type: 'social_governance',
        category: 'drug',
        title: TITLE,
        recipient: { name: '仙桃市人民政府', kind: 'government', address: '湖北省仙桃市沔阳大道', legal_representative: '市长', phone: '0728-3324000' },
        copy_to: ['仙桃市人大常委会', '湖北省人民检察院汉江分院'],
        case_numbers: [],
        source: '类案分析',
        facts: '2025年以来，我院办理毒品犯罪案件同比上升，涉案人员低龄化、吸贩交织问题突出。',
        problems: '社区戒毒社区康复人员管控不到位。',
        items: [{ text: '加大禁毒经费投入，完善禁毒基础设施建设。' }, { text: '配齐配强社区戒毒社区康复专职人员，落实分类管控。' }],
        legal_basis: '《人民检察院检察建议工作规定》第十一条',
        urgent: false,
        civil_enforcement: false,
      },
    })
    assert.equal(created.status(), 201, await created.text())
    const s = await created.json()
    detailPath = `/suggestions/${s.id}`
    const submitted = await p.api.post(`/api/v1/suggestions/${s.id}/transitions`, { headers: p.headers, data: { action: 'submit', version: s.version } })
    assert.equal(submitted.status(), 200, await submitted.text())
    const c = await as('chief.xiantao')
    const approved = await c.api.post(`/api/v1/suggestions/${s.id}/transitions`, {
      headers: c.headers,
      data: { action: 'approve', opinion: '同意。', version: (await submitted.json()).version },
    })
    assert.equal(approved.status(), 200, await approved.text())
    await p.api.dispose()
    await c.api.dispose()
  })
  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  test('the clerk issues it for electronic service, makes the delivery link and prints the receipt', async () => {
    await diagnose('portal-link', server, browser, async () => {
      const { page } = browser
      await signIn(page, server.baseURL, 'clerk.xiantao')
      await page.goto(`${server.baseURL}${detailPath}`)
      await page.getByTestId('suggestion-status').filter({ hasText: '已审批' }).waitFor()
      await page.getByTestId('suggestion-actions').getByRole('button', { name: '制发送达', exact: true }).click()
      const issue = page.getByRole('dialog', { name: '制发送达' })
      await issue.locator('.el-radio', { hasText: '电子送达' }).click()
      assert.ok(await issue.getByRole('radio', { name: '电子送达' }).isChecked())
      await issue.getByTestId('dialog-save').click()
      await toast(page, '已制发')
      await page.getByTestId('suggestion-status').filter({ hasText: '已制发' }).waitFor()
      // Numbered in the year of issue although not yet served.
      assert.match((await page.getByTestId('doc-no').innerText()).trim(), new RegExp(`^仙检社建〔${shanghaiYear()}〕\\d+号$`))
      // Not yet served: no reply deadline until the recipient confirms.
      assert.equal(await page.getByTestId('deadlines').getByTestId('reply-deadline').count(), 0)

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
      assert.equal(await page.locator('#replier').inputValue(), '仙桃市人民政府')
      await page.locator('#doc_no').fill('仙政函〔2026〕21号')
      await page.locator('#outcome').selectOption('adopted')
      await page.locator('#item_1').selectOption('adopted')
      await page.locator('#item_2').selectOption('adopted')
      await page.locator('#measures').fill('市政府专题研究部署，投入禁毒专项经费4300万元，新增禁毒专职人员10名。')
      await page.locator('#funds_yuan').fill('43000000')
      await page.locator('#personnel').fill('10')
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
      // The suggestion now shows the reply, the day of service and the deadline computed from it.
      await page.reload()
      await page.getByTestId('suggestion-status').filter({ hasText: '已回复' }).waitFor()
      const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date())
      const deadlines = page.getByTestId('deadlines')
      await deadlines.getByText('电子送达').waitFor()
      assert.match(await deadlines.innerText(), new RegExp(`送达日期\\s*${today}`))
      assert.match(await deadlines.getByTestId('reply-deadline').innerText(), /\d{4}-\d{2}-\d{2}/)
      await page.getByRole('tab', { name: /回复与整改/ }).click()
      const replies = page.locator('#pane-replies')
      await replies.getByText('仙政函〔2026〕21号').waitFor()
      assert.match(await replies.getByTestId('reply-funds-text').first().innerText(), /43,000,000 元/)
      assert.match(await replies.innerText(), /10 人/)
      await browser.screenshot('portal-staff-reply.png')

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
