// Cases, indicators and class-case analysis through the browser: the
// supervisor of the Hanjiang branch opens the drug-crime analysis, sees its
// charts, drills into Xiantao (a basic unit, shown by prosecutor), opens the
// two-month report for the latest completed period and exports it; then
// imports a small case file and sees the counts and the rejected row.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { outputDir, startServer } from './server.mjs'
import { diagnose, openBrowser } from './browser.mjs'
import { clearToasts, openMenu, settle, signIn } from './ui.mjs'

const XIANTAO = '仙桃市人民检察院'

/** The latest two-month period that has ended, in Asia/Shanghai. */
function latestCompletedBimonth() {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' })
    .format(new Date())
    .split('-')
    .map(Number)
  const current = Math.ceil(m / 2)
  return current > 1 ? { year: y, bimonth: current - 1 } : { year: y - 1, bimonth: 6 }
}

/** Asserts that a chart card drew a canvas of nonzero size. */
async function assertCanvas(page, testid) {
  const canvas = page.getByTestId(testid).locator('canvas').first()
  await canvas.waitFor()
  const box = await canvas.boundingBox()
  assert.ok(box && box.width > 100 && box.height > 100, `${testid}: canvas is ${JSON.stringify(box)}`)
  return box
}

/** A4 landscape less the report's 12 mm margins (its @page rule), in CSS pixels (96 per inch). */
const PRINTABLE_WIDTH_PX = Math.floor(((297 - 2 * 12) / 25.4) * 96)

/**
 * The report prints on A4 landscape with every column: laid out under print
 * media at the printable width, the indicator table is no wider than the
 * page and its last column lies on it; and the page prints to a PDF (saved
 * as report-print.pdf beside the screenshots, to look at with pdftoppm).
 */
async function assertPrintsOnA4Landscape(page) {
  const viewport = page.viewportSize()
  try {
    await page.emulateMedia({ media: 'print' })
    await page.setViewportSize({ width: PRINTABLE_WIDTH_PX, height: 768 })
    await page.waitForTimeout(300)
    const m = await page.getByTestId('report-indicators').evaluate((table) => {
      const last = table.querySelector('thead tr th:last-child').getBoundingClientRect()
      const box = table.getBoundingClientRect()
      return { width: box.width, scrollWidth: table.scrollWidth, right: box.right, lastRight: last.right, doc: document.documentElement.scrollWidth }
    })
    assert.ok(m.width <= PRINTABLE_WIDTH_PX && m.scrollWidth <= PRINTABLE_WIDTH_PX, `table ${JSON.stringify(m)} wider than ${PRINTABLE_WIDTH_PX}px`)
    assert.ok(m.lastRight <= PRINTABLE_WIDTH_PX + 0.5, `last column ends at ${m.lastRight}px, past ${PRINTABLE_WIDTH_PX}px`)
    assert.ok(m.doc <= PRINTABLE_WIDTH_PX, `the printed page is ${m.doc}px wide`)
    const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true, path: join(outputDir(), 'report-print.pdf') })
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-')
  } finally {
    await page.emulateMedia({ media: null })
    if (viewport) await page.setViewportSize(viewport)
  }
}

describe('class-case analysis and the two-month report', () => {
  let server
  let browser

  before(async () => {
    server = await startServer('analysis')
    browser = await openBrowser()
  })
  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  test('the supervisor sees the drug-crime charts for the Hanjiang branch', async () => {
    await diagnose('analysis-branch', server, browser, async () => {
      const { page } = browser
      await signIn(page, server.baseURL, 'supervisor.hanjiang')
      await openMenu(page, '数据分析', '类案分析')
      await page.waitForURL((u) => u.pathname === '/analysis/class-cases/drug')
      await page.getByTestId('key-figures').waitFor()
      await page.getByTestId('fig-case-ratio').filter({ hasText: '1:' }).waitFor()
      await assertCanvas(page, 'chart-trend')
      await assertCanvas(page, 'chart-units')
      await assertCanvas(page, 'chart-heatmap')
      await page.getByTestId('analysis-path').getByText('汉江分院').waitFor()
      await settle(page)
      await page.waitForTimeout(600) // chart animations
      await browser.screenshot('analysis-branch.png')
      await page.getByTestId('chart-heatmap').scrollIntoViewIfNeeded()
      await settle(page)
      await browser.screenshot('analysis-heatmap.png')
    })
  })

  test('a click on the Xiantao bar drills down to its prosecutors', async () => {
    await diagnose('analysis-drill', server, browser, async () => {
      const { page } = browser
      const card = page.getByTestId('chart-units')
      await card.scrollIntoViewIfNeeded()
      const box = await assertCanvas(page, 'chart-units')
      const units = await page.getByTestId('drill-units').getByRole('button').count()
      assert.ok(units >= 2, `expected child units, got ${units}`)
      // Bars sit in the grid (left 56, right 88, bottom 40); find Xiantao's by its tooltip.
      const plot = box.width - 144
      let clicked = false
      for (let i = 0; i < units && !clicked; i++) {
        const x = box.x + 56 + ((i + 0.5) * plot) / units
        const y = box.y + box.height - 40 - 6
        await page.mouse.move(x, y)
        const tip = card.locator('.chart-tip')
        await tip.waitFor()
        await page.waitForTimeout(150)
        if ((await tip.innerText()).includes(XIANTAO)) {
          await page.mouse.click(x, y)
          clicked = true
        }
      }
      assert.ok(clicked, 'no bar showed the Xiantao tooltip')
      await page.waitForURL((u) => u.searchParams.has('unit_id'))
      await page.getByTestId('analysis-path').locator('.crumb-current', { hasText: '仙桃' }).waitFor()
      const table = page.getByTestId('prosecutor-table')
      await table.waitFor()
      await table.locator('tbody tr').first().waitFor()
      await assertCanvas(page, 'chart-trend')
      await settle(page)
      await page.waitForTimeout(600)
      await browser.screenshot('analysis-xiantao.png')

      // The breadcrumb goes back up to the branch.
      await page.getByTestId('analysis-path').locator('a.crumb', { hasText: '汉江分院' }).click()
      await page.getByTestId('chart-units').waitFor()
    })
  })

  test('the report of the latest completed two-month period exports as xlsx', async () => {
    await diagnose('analysis-report', server, browser, async () => {
      const { page } = browser
      const { year, bimonth } = latestCompletedBimonth()
      await openMenu(page, '数据分析', '研判报告')
      await page.waitForURL((u) => u.pathname === '/reports/bimonthly')
      await page.getByTestId('report-title').filter({ hasText: `${year} 年第 ${bimonth} 双月` }).waitFor()
      const rows = page.getByTestId('report-indicators').locator('tbody tr')
      await rows.nth(2).waitFor()
      await page.getByTestId('report-indicators').getByText(XIANTAO).waitFor()
      await settle(page)
      await browser.screenshot('report.png')

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-export').click()])
      assert.match(download.suggestedFilename(), /\.xlsx$/)
      const bytes = readFileSync(await download.path())
      assert.ok(bytes.length > 100, `export has ${bytes.length} bytes`)
      assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK')

      await clearToasts(page)
      await assertPrintsOnA4Landscape(page)

      await page.getByTestId('report-snapshot').click()
      await page.getByTestId('report-snapshots').locator('tbody tr').first().waitFor()
      await page.getByTestId('report-snapshots').getByRole('button', { name: '查看' }).first().click()
      await page.getByTestId('snapshot-banner').waitFor()
      await clearToasts(page)
    })
  })

  test('the supervisor imports a small case file and sees the counts', async () => {
    await diagnose('analysis-import', server, browser, async () => {
      const { page } = browser
      await openMenu(page, '案件管理', '数据导入')
      await page.waitForURL((u) => u.pathname === '/imports')
      const csv = [
        '统一受案号,部门受案号,单位编码,案件类型,类案类别,承办检察官,受理日期,人数',
        '42900420269990001,仙检刑诉受[2026]429004990001号,429004,审查起诉,drug,prosecutor.xiantao,2026-10-08,1',
        '42900420269990002,仙检刑诉受[2026]429004990002号,429004,审查起诉,drug,prosecutor.xiantao,2026-10-09,2',
        '42900420269990003,仙检刑诉受[2026]429004990003号,429004,审查逮捕,fraud,王检察官,2026-10-10,1',
        '42900420269990004,仙检刑诉受[2026]429004990004号,999999,审查起诉,drug,prosecutor.xiantao,2026-10-11,1',
      ].join('\r\n')
      await page
        .getByTestId('import-file')
        .locator('input[type=file]')
        .setInputFiles({ name: '案件导入测试.csv', mimeType: 'text/csv', buffer: Buffer.from(csv + '\r\n', 'utf8') })
      await page.getByTestId('import-start').click()
      await page.getByTestId('import-status').filter({ hasText: '已完成' }).waitFor({ timeout: 30_000 })
      assert.equal((await page.getByTestId('import-ok').innerText()).trim(), '3')
      assert.equal((await page.getByTestId('import-failed').innerText()).trim(), '1')
      const errors = page.getByTestId('import-errors').locator('tbody tr')
      assert.equal(await errors.count(), 1)
      assert.equal((await errors.first().locator('td').first().innerText()).trim(), '5')
      await page.getByTestId('import-list').getByText('案件导入测试.csv').waitFor()
      await clearToasts(page)
      await settle(page)
      await browser.screenshot('import.png')

      // The imported case is in the list and opens with its details.
      await openMenu(page, '案件管理', '案件列表')
      await page.getByTestId('case-filter-q').fill('42900420269990002')
      await page.getByTestId('case-search').click()
      await page.getByTestId('cases-table').getByText('42900420269990002').click()
      await page.waitForURL((u) => /^\/cases\/\d+$/.test(u.pathname))
      await page.getByTestId('case-header').getByText('仙检刑诉受[2026]429004990002号').waitFor()
      await page.getByTestId('case-add-event').click()
      const dlg = page.getByRole('dialog', { name: '登记事项' })
      await dlg.waitFor()
      await dlg.getByTestId('case-event').locator('.el-select__wrapper').click()
      await page.locator('.el-popper:visible').getByRole('option', { name: '审查起诉受理', exact: true }).click()
      await dlg.getByTestId('dialog-save').click()
      await dlg.waitFor({ state: 'hidden' })
      await page.getByTestId('case-events').getByText('审查起诉受理').waitFor()
      await clearToasts(page)
      await settle(page)
      await browser.screenshot('case-detail.png')
    })
  })

  test('the indicator catalogue lists the built-in indicators', async () => {
    await diagnose('analysis-indicators', server, browser, async () => {
      const { page } = browser
      await openMenu(page, '数据分析', '指标目录')
      await page.getByTestId('indicators-table').getByText('case_ratio', { exact: true }).waitFor()
      await settle(page)
      await browser.screenshot('indicators.png')
      assert.deepEqual(browser.errors, [])
    })
  })
})
