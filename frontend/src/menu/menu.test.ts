import { describe, expect, it } from 'vitest'
import { MENU, filterMenu, findGroupOf, isMenuGroup, type MenuEntry } from './menu'
import { routes } from '@/router'

function names(entries: MenuEntry[]): string[] {
  return entries.flatMap((e) => (isMenuGroup(e) ? [e.key, ...e.children.map((c) => c.route)] : [e.route]))
}

describe('filterMenu', () => {
  it('shows a prosecutor only the home page', () => {
    expect(names(filterMenu(MENU, ['unit:read']))).toEqual(['home'])
  })

  it('shows an admin the whole administration group', () => {
    const perms = ['unit:read', 'unit:create', 'unit:update', 'user:read', 'user:create', 'user:update', 'user:grant', 'audit:read']
    expect(names(filterMenu(MENU, perms))).toEqual(['home', 'admin', 'units', 'users', 'audit'])
  })

  it('shows a supervisor the audit log alone in the group', () => {
    const menu = filterMenu(MENU, ['unit:read', 'audit:read'])
    expect(names(menu)).toEqual(['home', 'admin', 'audit'])
  })

  it('shows a supervisor the cases with the import and the analysis pages', () => {
    const perms = ['case:read', 'case:create', 'case:import', 'indicator:read', 'metric:read', 'report:read', 'report:snapshot']
    expect(names(filterMenu(MENU, perms))).toEqual([
      'home',
      'cases',
      'cases',
      'case-new',
      'imports',
      'analysis',
      'class-cases',
      'report',
      'indicators',
    ])
  })

  it('shows an admin only the indicator catalogue among the analysis pages', () => {
    const perms = ['case:read', 'indicator:read', 'indicator:manage', 'report:configure']
    expect(names(filterMenu(MENU, perms))).toEqual(['home', 'cases', 'cases', 'analysis', 'indicators'])
  })

  it('drops a group whose children are all hidden', () => {
    expect(filterMenu(MENU, []).some(isMenuGroup)).toBe(false)
  })

  it('does not change the definition', () => {
    filterMenu(MENU, ['audit:read'])
    const admin = MENU.filter(isMenuGroup).find((g) => g.key === 'admin')
    expect(admin?.children).toHaveLength(5)
  })

  it('finds the group of a page', () => {
    expect(findGroupOf(MENU, 'users')?.key).toBe('admin')
    expect(findGroupOf(MENU, 'home')).toBeUndefined()
  })
})

describe('menu and routes agree', () => {
  const flat = routes.flatMap((r) => [r, ...(r.children ?? [])])

  it('points every item at a route needing the same permission', () => {
    for (const e of MENU.flatMap((x) => (isMenuGroup(x) ? x.children : [x]))) {
      const route = flat.find((r) => r.name === e.route)
      expect(route, e.route).toBeDefined()
      expect(route?.meta?.permission).toBe(e.permission)
    }
  })
})
