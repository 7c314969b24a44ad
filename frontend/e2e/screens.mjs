// Screenshots of every list, detail and report page, in Chinese and in
// English, for the roles that see them, to look at by hand (not part of
// make test): `make screenshots DIR=/tmp/shots` or
//
//   PROCURA_BIN=bin/procura node frontend/e2e/screens.mjs /tmp/shots
//
// It starts the server as the browser tests do (its own private PostgreSQL
// with demo data), signs in as each role, and saves <lang>-<role>-<page>.png
// at 1366×768 into the directory given, then prints the files written.
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { startServer } from './server.mjs'
import { openBrowser } from './browser.mjs'
import { clearToasts, signIn, signOut } from './ui.mjs'

const dir = process.argv[2]
if (!dir) {
  process.stderr.write('usage: node e2e/screens.mjs OUTPUT_DIR (with PROCURA_BIN set)\n')
  process.exit(2)
}
const out = resolve(dir)
mkdirSync(out, { recursive: true })

/** The first record a list answers, for its detail page ('' when none). */
async function firstId(page, path) {
  return page.evaluate(async (p) => {
    const res = await fetch(p, { headers: { Accept: 'application/json' } })
    if (!res.ok) return ''
    const body = await res.json()
    return body.items?.[0]?.id ? String(body.items[0].id) : ''
  }, path)
}

/** What each role is shown: [name, path or a function finding it, a selector to wait for]. */
const ROLES = {
  'prosecutor.xiantao': [
    ['home', '/', '[data-testid="my-todo"][data-loaded="true"]'],
    ['suggestions', '/suggestions', '.el-table__body tr'],
    ['suggestion', async (page) => `/suggestions/${await firstId(page, '/api/v1/suggestions?status=issued&limit=1')}`, 'h1'],
    ['hearings', '/hearings', '.el-table__body tr'],
    ['hearing', async (page) => `/hearings/${await firstId(page, '/api/v1/hearings?limit=1')}`, 'h1'],
    ['cases', '/cases', '.el-table__body tr'],
    ['case', async (page) => `/cases/${await firstId(page, '/api/v1/cases?limit=1')}`, 'h1'],
    ['notifications', '/notifications', 'h1'],
  ],
  'chief.hanjiang': [
    ['home', '/', '[data-testid="my-todo"][data-loaded="true"]'],
    ['suggestions-awaiting', '/suggestions?status=pending_approval', 'h1'],
  ],
  'clerk.xiantao': [
    ['home', '/', '[data-testid="my-todo"][data-loaded="true"]'],
    ['officers', '/hearing-officers', '.el-table__body tr'],
  ],
  'supervisor.hanjiang': [
    ['home', '/', '[data-testid="my-todo"][data-loaded="true"]'],
    ['analysis', '/analysis/class-cases/drug', '[data-testid="key-figures"]'],
    ['report', '/reports/bimonthly', '[data-testid="report-indicators"] tbody tr'],
    ['indicators', '/indicators', '.el-table__body tr'],
    ['imports', '/imports', 'h1'],
  ],
  admin: [
    ['home', '/', 'h1'],
    ['units', '/admin/units', '.el-table__body tr'],
    ['users', '/admin/users', '.el-table__body tr'],
    ['calendar', '/admin/calendar', 'h1'],
    ['categories', '/admin/categories', '.el-table__body tr'],
    ['audit', '/admin/audit', '.el-table__body tr'],
  ],
}

const server = await startServer('screens')
const browser = await openBrowser()
const written = []
try {
  const { page } = browser
  for (const lang of ['zh-CN', 'en']) {
    for (const [user, pages] of Object.entries(ROLES)) {
      await page.goto(`${server.baseURL}/login`)
      await page.evaluate((l) => localStorage.setItem('procura.locale', l), lang)
      await signIn(page, server.baseURL, user)
      for (const [name, target, ready] of pages) {
        const path = typeof target === 'function' ? await target(page) : target
        await page.goto(`${server.baseURL}${path}`)
        await page.locator(ready).first().waitFor({ timeout: 20_000 }).catch(() => undefined)
        await page.waitForLoadState('networkidle').catch(() => undefined)
        await page.waitForTimeout(800) // charts and transitions
        await clearToasts(page)
        const file = join(out, `${lang === 'en' ? 'en' : 'zh'}-${user.split('.')[0]}-${name}.png`)
        await page.screenshot({ path: file, fullPage: false })
        written.push(`${file}  ${path}`)
      }
      await signOut(page)
    }
  }
} finally {
  await browser.close()
  await server.stop()
}
process.stdout.write(`${written.join('\n')}\n`)
if (browser.errors.length > 0) process.stdout.write(`browser errors:\n${browser.errors.join('\n')}\n`)
