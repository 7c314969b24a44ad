// Accessibility: axe-core (WCAG 2.1 A and AA rules, which GB/T 37668-2019
// also asks of public-sector web content) over the login page and every main
// page, signed in as the Hanjiang branch supervisor and as the admin. A
// critical or serious violation fails the test with the rule, the elements
// and axe's own explanation; moderate and minor ones are only printed.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { startServer } from './server.mjs'
import { diagnose, openBrowser } from './browser.mjs'
import { settle, signIn, signOut } from './ui.mjs'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** Runs axe on the page as it stands and returns its violations. */
async function audit(page) {
  // Evaluated through the DevTools protocol: the page's CSP forbids inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource)
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    })
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1, 2).join(' ').trim() ?? ''}`),
    }))
  })
}

/** Fails on critical or serious violations of `page` at `label`. */
async function assertAccessible(page, label) {
  await settle(page)
  await page.waitForTimeout(500) // transitions and chart animations
  const violations = await audit(page)
  const blocking = violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')
  const minor = violations.filter((v) => !blocking.includes(v))
  if (minor.length) {
    process.stdout.write(`# ${label}: ${minor.map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`).join(', ')}\n`)
  }
  assert.deepEqual(
    blocking.map((v) => `${v.id} [${v.impact}] ${v.help}\n    ${v.nodes.slice(0, 5).join('\n    ')}`),
    [],
    `${label}: WCAG violations`,
  )
  const h1 = await page.locator('h1').count()
  assert.equal(h1, 1, `${label}: ${h1} h1 elements, want one`)
}

/** Opens the first row of the list at `path` and waits for the detail route. */
async function openFirstRow(page, baseURL, path, detail) {
  await page.goto(`${baseURL}${path}`)
  const row = page.locator('.el-table__body tr').first()
  await row.waitFor()
  await row.locator('a').first().click()
  await page.waitForURL((u) => detail.test(u.pathname))
}

describe('every main page passes WCAG 2.1 AA (axe-core)', () => {
  let server
  let browser

  before(async () => {
    server = await startServer('a11y')
    browser = await openBrowser()
  })
  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  test('login page', async () => {
    await diagnose('a11y-login', server, browser, async () => {
      const { page } = browser
      await page.goto(`${server.baseURL}/login`)
      await page.locator('form').first().waitFor()
      await assertAccessible(page, 'login')
    })
  })

  test('supervisor pages: home, lists, details, analysis, report, cases, hearings', async () => {
    await diagnose('a11y-supervisor', server, browser, async () => {
      const { page } = browser
      await page.context().clearCookies()
      await signIn(page, server.baseURL, 'supervisor.hanjiang')
      await assertAccessible(page, 'home')
      for (const [path, label, ready] of [
        ['/suggestions', 'suggestion list', '.el-table__body tr'],
        ['/hearings', 'hearing list', '.el-table__body tr'],
        ['/cases', 'case list', '.el-table__body tr'],
        ['/analysis/class-cases/drug', 'class-case analysis', '[data-testid="chart-trend"] canvas'],
        ['/reports/bimonthly', 'two-month report', '.el-table__body tr'],
        ['/indicators', 'indicator catalogue', '.el-table__body tr'],
      ]) {
        await page.goto(`${server.baseURL}${path}`)
        await page.locator(ready).first().waitFor()
        await assertAccessible(page, label)
      }
      await openFirstRow(page, server.baseURL, '/suggestions', /^\/suggestions\/\d+$/)
      await assertAccessible(page, 'suggestion detail')
      await openFirstRow(page, server.baseURL, '/hearings', /^\/hearings\/\d+$/)
      await assertAccessible(page, 'hearing detail')
      await openFirstRow(page, server.baseURL, '/cases', /^\/cases\/\d+$/)
      await assertAccessible(page, 'case detail')
      await signOut(page)
    })
  })

  test('admin pages', async () => {
    await diagnose('a11y-admin', server, browser, async () => {
      const { page } = browser
      await page.context().clearCookies()
      await signIn(page, server.baseURL, 'admin')
      for (const path of ['/admin/units', '/admin/users', '/admin/calendar', '/admin/categories', '/admin/audit']) {
        await page.goto(`${server.baseURL}${path}`)
        await page.locator('main').first().waitFor()
        await page.waitForLoadState('networkidle')
        await assertAccessible(page, path)
      }
      await signOut(page)
    })
  })
})
