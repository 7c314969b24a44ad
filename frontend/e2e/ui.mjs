// Small page helpers shared by the browser tests that drive Element Plus.

export const DEMO_PASSWORD = 'procura-demo-2026'

export async function signIn(page, baseURL, username, password = DEMO_PASSWORD) {
  await page.goto(`${baseURL}/login`)
  await page.locator('input[name="username"]').fill(username)
  await page.locator('input[name="password"]').fill(password)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((u) => u.pathname !== '/login')
}

export async function signOut(page) {
  await page.getByTestId('user-menu').click()
  await page.getByTestId('logout').click()
  await page.waitForURL((u) => u.pathname === '/login')
}

/** Waits until no select dropdown is showing (they close with an animation). */
export async function dropdownsClosed(page) {
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.el-select__popper')].every((e) => getComputedStyle(e).display === 'none'),
  )
}

/** Opens an el-select (its root or wrapper) and picks the option with this exact text. */
export async function pickOption(page, select, optionText) {
  await select.locator('.el-select__wrapper').first().click()
  await page.locator('.el-popper:visible').getByRole('option', { name: optionText, exact: true }).click()
  await dropdownsClosed(page)
}

/** Clicks a left-menu entry, opening its group first when needed. */
export async function openMenu(page, group, item) {
  const entry = page.locator('.side-menu').getByRole('menuitem', { name: item })
  if (!(await entry.isVisible())) await page.locator('.side-menu').getByText(group, { exact: true }).click()
  await entry.click()
}

/** Waits for a success message with this text and lets it go. */
export async function toast(page, text) {
  await page.locator('.el-message', { hasText: text }).first().waitFor()
}

/** The year of today in Asia/Shanghai. */
export function shanghaiYear() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date())
}

/** Closes every message toast and waits for them to go, so that screenshots show the page. */
export async function clearToasts(page) {
  // Toasts leave on their own timers; a screenshot need not wait for them.
  await page.evaluate(() => document.querySelectorAll('.el-message').forEach((el) => el.remove()))
}

/** Lets opening animations (dialogs, popovers, tab bars) finish before a screenshot. */
export const settle = (page) => page.waitForTimeout(400)
