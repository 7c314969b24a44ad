// Headless Chromium for the browser tests, with a fresh profile each time.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { outputDir } from './server.mjs'

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Profiles still in use, removed when the test process ends however it ends. */
const profiles = new Set()
process.once('exit', () => {
  for (const dir of profiles) rmSync(dir, { recursive: true, force: true })
})

/**
 * Opens a browser page at 1366×768 that records console errors and page errors.
 * @returns {Promise<{page: import('playwright-core').Page, errors: string[], screenshot: (name: string) => Promise<string>, close: () => Promise<void>}>}
 */
export async function openBrowser() {
  const profile = mkdtempSync(join(tmpdir(), 'procura-chromium-'))
  profiles.add(profile)
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
  const page = context.pages()[0] ?? (await context.newPage())
  page.setDefaultTimeout(10_000)

  const errors = []
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return
    const text = msg.text()
    // The browser logs every non-2xx fetch (401 before sign-in, 4xx we provoke); those are expected.
    if (text.startsWith('Failed to load resource')) return
    errors.push(`console: ${text}`)
  })

  return {
    page,
    errors,
    async screenshot(name) {
      const file = join(outputDir(), name)
      await page.screenshot({ path: file, fullPage: false })
      return file
    },
    async close() {
      await context.close().catch(() => undefined)
      rmSync(profile, { recursive: true, force: true })
      profiles.delete(profile)
    },
  }
}

/**
 * Runs a test body; on failure saves a screenshot and prints the server log
 * tail before rethrowing.
 */
export async function diagnose(name, server, browser, fn) {
  try {
    await fn()
  } catch (err) {
    if (browser) await browser.screenshot(`${name}-failure.png`).catch(() => undefined)
    process.stderr.write(`\n--- ${name}: server log tail (${server?.logFile}) ---\n${server?.logTail() ?? ''}\n`)
    if (browser?.errors.length) process.stderr.write(`--- browser errors ---\n${browser.errors.join('\n')}\n`)
    throw err
  }
}
