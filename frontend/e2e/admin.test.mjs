// Sign-in by role, the administration pages, and a new user's forced password change,
// against the real binary with the demo data set.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { diagnose, openBrowser } from './browser.mjs'

const DEMO_PASSWORD = 'procura-demo-2026'
const NEW_UNIT = { code: '429099', name: '测试市人民检察院', shortName: '测检' }
const NEW_USER = { username: 'ceshi.jianchaguan', name: '测试检察官', password: 'Ceshi-Xinmima-2026!' }

async function signIn(page, baseURL, username, password) {
  await page.goto(`${baseURL}/login`)
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(password)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((u) => u.pathname !== '/login')
}

async function signOut(page) {
  await page.getByTestId('user-menu').click()
  await page.getByRole('menuitem', { name: '退出登录' }).click()
  await page.waitForURL((u) => u.pathname === '/login')
}

/** Opens the tree select in `formItem` and picks the node showing `nodeText`. */
async function pickTreeNode(page, formItem, nodeText) {
  await formItem.locator('.el-select__wrapper').first().click()
  await page.locator('.el-popper:visible').getByRole('option', { name: nodeText, exact: true }).click()
  await dropdownsClosed(page)
}

/** Waits until no select dropdown is showing (they close with an animation). */
async function dropdownsClosed(page) {
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.el-select__popper')].every((e) => getComputedStyle(e).display === 'none'),
  )
}

async function pickOption(page, select, optionText) {
  await select.click()
  await page.locator('.el-popper:visible').getByRole('option', { name: optionText, exact: true }).click()
  await dropdownsClosed(page)
}

async function openMenu(page, group, item) {
  const entry = page.locator('.side-menu').getByRole('menuitem', { name: item })
  if (!(await entry.isVisible())) await page.locator('.side-menu').getByText(group, { exact: true }).click()
  await entry.click()
}

describe('administration', () => {
  let server
  let browser
  /** The new user's temporary password, from the creation dialog. */
  let temporary = ''

  before(async () => {
    server = await startServer('admin')
    browser = await openBrowser()
  })
  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  test('a prosecutor sees their unit and role, and no administration', async () => {
    await diagnose('admin-prosecutor', server, browser, async () => {
      const { page } = browser
      await signIn(page, server.baseURL, 'prosecutor.xiantao', DEMO_PASSWORD)
      assert.equal(new URL(page.url()).pathname, '/', 'a demo account should not be forced to change its password')
      await page.getByTestId('welcome').waitFor()
      assert.match(await page.getByTestId('current-unit').innerText(), /仙桃市人民检察院/)
      assert.match(await page.getByTestId('current-roles').innerText(), /检察官/)
      assert.equal(await page.locator('.side-menu').getByText('系统管理').count(), 0)
      await browser.screenshot('home-prosecutor.png')

      await page.goto(`${server.baseURL}/admin/units`)
      await page.locator('.el-result__title', { hasText: '无权访问' }).waitFor()
      await signOut(page)
    })
  })

  test('an administrator creates a unit under 汉江分院', async () => {
    await diagnose('admin-units', server, browser, async () => {
      const { page } = browser
      await signIn(page, server.baseURL, 'admin', DEMO_PASSWORD)
      await page.getByTestId('welcome').waitFor()
      assert.match(await page.getByTestId('current-roles').innerText(), /管理员/)
      await browser.screenshot('home.png')

      await openMenu(page, '系统管理', '单位管理')
      await page.waitForURL((u) => u.pathname === '/admin/units')
      // 汉江分院, found by its unit code
      const branchRow = page.locator('[data-testid="units-table"] tr', { hasText: '429000' })
      await branchRow.first().waitFor()
      await browser.screenshot('units.png')

      await branchRow.first().getByRole('button', { name: '新增下级' }).click()
      const dlg = page.getByRole('dialog', { name: '新增单位' })
      await dlg.waitFor()
      await dlg.getByLabel('单位编码').fill(NEW_UNIT.code)
      await dlg.getByLabel('单位名称').fill(NEW_UNIT.name)
      await dlg.getByLabel('单位简称').fill(NEW_UNIT.shortName)
      await dlg.getByText('基层院', { exact: true }).click()
      await browser.screenshot('units-create.png')
      await dlg.getByRole('button', { name: '保存' }).click()
      await page.getByText('单位已新增').waitFor()
      await dlg.waitFor({ state: 'hidden' })
      const newRow = page.locator('[data-testid="units-table"] tr', { has: page.getByText(NEW_UNIT.name, { exact: true }) })
      await newRow.first().waitFor()
      assert.match(await newRow.first().innerText(), /429099/)
    })
  })

  test('an administrator creates a user in the new unit', async () => {
    await diagnose('admin-users', server, browser, async () => {
      const { page } = browser
      await openMenu(page, '系统管理', '用户管理')
      await page.waitForURL((u) => u.pathname === '/admin/users')
      await page.locator('[data-testid="users-table"] .el-table__row').first().waitFor()

      await page.getByTestId('user-create').click()
      const dlg = page.getByRole('dialog', { name: '新增用户' })
      await dlg.waitFor()
      await dlg.getByLabel('用户名').fill(NEW_USER.username)
      await dlg.getByLabel('姓名').fill(NEW_USER.name)
      await pickTreeNode(page, dlg.locator('.el-form-item', { hasText: '所属单位' }), NEW_UNIT.name)
      await pickOption(page, dlg.locator('.grant-row').first().locator('.el-select').first(), '检察官')
      await browser.screenshot('users-create.png')
      await dlg.getByRole('button', { name: '保存' }).click()

      const created = page.getByRole('dialog', { name: '用户已创建' })
      await created.waitFor()
      temporary = (await created.getByTestId('temp-password').innerText()).trim()
      assert.ok(temporary.length >= 10, `temporary password too short: ${JSON.stringify(temporary)}`)
      await browser.screenshot('users-temp-password.png')
      await created.getByTestId('temp-password-close').click()
      await created.waitFor({ state: 'hidden' })

      const row = page.locator('[data-testid="users-table"] .el-table__row', { hasText: NEW_USER.username })
      await row.first().waitFor()
      assert.match(await row.first().innerText(), /测试市人民检察院/)
      assert.match(await row.first().innerText(), /待改密/)
      await browser.screenshot('users.png')
    })
  })

  test('an administrator changes roles, deactivates and reactivates the user', async () => {
    await diagnose('admin-grants', server, browser, async () => {
      const { page } = browser
      const row = () => page.locator('[data-testid="users-table"] .el-table__row', { hasText: NEW_USER.username }).first()
      await row().getByRole('button', { name: '授权' }).click()
      const dlg = page.getByRole('dialog', { name: `角色授权：${NEW_USER.name}` })
      await dlg.waitFor()
      await dlg.getByTestId('grant-add').click()
      await pickOption(page, dlg.locator('.grant-row').nth(1).locator('.el-select').first(), '书记员')
      await browser.screenshot('users-grants.png')
      await dlg.getByRole('button', { name: '保存' }).click()
      await page.getByText('授权已保存').waitFor()
      await dlg.waitFor({ state: 'hidden' })
      assert.match(await row().innerText(), /书记员/)

      await row().getByRole('button', { name: '停用' }).click()
      await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
      await page.getByText('用户已停用').waitFor()
      // The list shows active users by default; show all to find it again.
      await page.locator('.filter-bar .el-form-item', { hasText: '状态' }).locator('.el-select').click()
      await page.locator('.el-popper:visible').getByRole('option', { name: '全部', exact: true }).click()
      await page.getByRole('button', { name: '查询' }).click()
      await row().getByRole('button', { name: '启用' }).click()
      await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
      await page.getByText('用户已启用').waitFor()
    })
  })

  test('an administrator unlocks an account that failed sign-ins hold back', async () => {
    await diagnose('admin-unlock', server, browser, async () => {
      const { page } = browser
      const login = (password) =>
        fetch(`${server.baseURL}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username: 'clerk.tianmen', password }),
        })
      const statuses = []
      for (let i = 0; i < 5; i++) statuses.push((await login('wrong-password-1')).status)
      assert.deepEqual(statuses, [401, 401, 401, 401, 429])

      await page.locator('.filter-bar .el-form-item', { hasText: '关键字' }).locator('input').fill('clerk.tianmen')
      await page.getByRole('button', { name: '查询' }).click()
      const row = page.locator('[data-testid="users-table"] .el-table__row', { hasText: 'clerk.tianmen' }).first()
      await row.getByTestId('user-locked').waitFor()
      assert.match(await row.innerText(), /登录受限/)
      await browser.screenshot('users-locked.png')
      await row.getByRole('button', { name: '解除锁定' }).click()
      await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
      await page.getByText('已解除锁定').waitFor()
      await row.getByTestId('user-locked').waitFor({ state: 'detached' })
      assert.equal(await row.getByRole('button', { name: '解除锁定' }).count(), 0)
      assert.equal((await login(DEMO_PASSWORD)).status, 200)
    })
  })

  test('deleting a unit that has accounts is refused with the reason', async () => {
    await diagnose('admin-unit-delete', server, browser, async () => {
      const { page } = browser
      await openMenu(page, '系统管理', '单位管理')
      const row = page.locator('[data-testid="units-table"] tr', { hasText: NEW_UNIT.code }).first()
      await row.getByRole('button', { name: '删除' }).click()
      await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
      const box = page.locator('.el-message-box', { hasText: '操作失败' })
      await box.waitFor()
      assert.match(await box.innerText(), /账号|下级单位|记录/)
      await browser.screenshot('units-delete-refused.png')
      await box.getByRole('button', { name: '确定' }).click()
      await box.waitFor({ state: 'hidden' })
    })
  })

  test('the audit log shows the changes with a before/after view', async () => {
    await diagnose('admin-audit', server, browser, async () => {
      const { page } = browser
      await openMenu(page, '系统管理', '审计日志')
      await page.waitForURL((u) => u.pathname === '/admin/audit')
      const rows = page.locator('[data-testid="audit-table"] .el-table__row')
      await rows.first().waitFor()
      await page.locator('[data-testid="audit-table"] .el-table__expand-icon').first().click()
      await page.getByTestId('audit-diff').first().waitFor()
      await browser.screenshot('audit.png')
      await signOut(page)
    })
  })

  test('an administrator marks a make-up working day and adds a class-case category', async () => {
    await diagnose('admin-catalog', server, browser, async () => {
      const { page } = browser
      await signIn(page, server.baseURL, 'admin', DEMO_PASSWORD)
      await openMenu(page, '系统管理', '节假日历')
      await page.waitForURL((u) => u.pathname === '/admin/calendar')
      const year = await page.getByTestId('calendar-year').locator('input').inputValue()
      // The last Saturday of December: a rest day, then a holiday, then a make-up working day.
      const dec = new Date(Date.UTC(Number(year), 11, 31))
      dec.setUTCDate(31 - ((dec.getUTCDay() + 1) % 7))
      const saturday = dec.toISOString().slice(0, 10)
      const day = page.locator(`[data-date="${saturday}"]`)
      await day.click()
      await day.click()
      await day.filter({ hasText: '班' }).waitFor()
      await page.getByTestId('calendar-save').click()
      await page.getByText(`${year} 年节假日历已保存`).waitFor()
      assert.match((await day.getAttribute('class')) ?? '', /workday/)
      await browser.screenshot('calendar.png')

      await openMenu(page, '系统管理', '类案类别与文号')
      await page.waitForURL((u) => u.pathname === '/admin/categories')
      await page.getByTestId('category-create').click()
      const dlg = page.getByRole('dialog', { name: '新增类别' })
      await dlg.waitFor()
      await dlg.getByTestId('category-code').fill('food_safety')
      await dlg.getByTestId('category-name-zh').fill('食品安全')
      await dlg.getByTestId('category-name-en').fill('Food safety')
      await dlg.getByRole('button', { name: '保存' }).click()
      await page.getByText('类别已保存').waitFor()
      const row = page.locator('[data-testid="categories-table"] .el-table__row', { hasText: 'food_safety' })
      await row.waitFor()
      assert.match(await row.innerText(), /食品安全/)
      await browser.screenshot('categories.png')
      await signOut(page)
    })
  })

  test('the new user must change the temporary password first', async () => {
    await diagnose('admin-new-user', server, browser, async () => {
      const { page } = browser
      assert.ok(temporary, 'the user test did not record a temporary password')
      await signIn(page, server.baseURL, NEW_USER.username, temporary)
      await page.waitForURL((u) => u.pathname === '/password')
      await page.getByText('请设置新密码').waitFor()
      await page.getByLabel('当前密码').fill(temporary)
      await page.getByLabel('新密码', { exact: true }).fill(NEW_USER.password)
      await page.getByLabel('确认新密码').fill(NEW_USER.password)
      await browser.screenshot('password.png')
      await page.getByRole('button', { name: '确认修改' }).click()
      await page.waitForURL((u) => u.pathname === '/')
      await page.getByTestId('welcome').waitFor()
      assert.match(await page.getByTestId('current-unit').innerText(), new RegExp(NEW_UNIT.name))
      assert.match(await page.getByTestId('current-roles').innerText(), /检察官/)
    })
  })

  test('logs no page errors', () => {
    assert.deepEqual(browser.errors, [])
  })
})
