import { describe, expect, it } from 'vitest'
import { decideNavigation, safeRedirect, type GuardSession, type GuardTarget } from './guard'

const signedOut: GuardSession = { authenticated: false, mustChangePassword: false, permissions: new Set() }
const prosecutor: GuardSession = { authenticated: true, mustChangePassword: false, permissions: new Set(['unit:read']) }
const admin: GuardSession = {
  authenticated: true,
  mustChangePassword: false,
  permissions: new Set(['unit:read', 'unit:update', 'user:read', 'audit:read']),
}
const mustChange: GuardSession = { ...admin, mustChangePassword: true }

function to(name: string, fullPath: string, meta: GuardTarget['meta'] = {}, query: Record<string, unknown> = {}): GuardTarget {
  return { name, fullPath, meta, query }
}

describe('decideNavigation', () => {
  it('sends the signed-out to login, keeping the wanted path', () => {
    expect(decideNavigation(to('users', '/admin/users?q=x', { permission: 'user:read' }), signedOut)).toEqual({
      name: 'login',
      query: { redirect: '/admin/users?q=x' },
    })
    expect(decideNavigation(to('home', '/'), signedOut)).toEqual({ name: 'login' })
  })

  it('lets anyone see the login page', () => {
    expect(decideNavigation(to('login', '/login', { public: true }), signedOut)).toBe(true)
  })

  it('sends a signed-in user away from login to the redirect or home', () => {
    expect(decideNavigation(to('login', '/login', { public: true }), admin)).toEqual({ name: 'home' })
    expect(decideNavigation(to('login', '/login', { public: true }, { redirect: '/admin/audit' }), admin)).toBe('/admin/audit')
  })

  it('confines a user who must change the password to /password', () => {
    expect(decideNavigation(to('home', '/'), mustChange)).toEqual({ name: 'password' })
    expect(decideNavigation(to('units', '/admin/units', { permission: 'unit:update' }), mustChange)).toEqual({ name: 'password' })
    expect(decideNavigation(to('login', '/login', { public: true }), mustChange)).toEqual({ name: 'password' })
    expect(decideNavigation(to('password', '/password'), mustChange)).toBe(true)
  })

  it('checks page permissions', () => {
    expect(decideNavigation(to('units', '/admin/units', { permission: 'unit:update' }), prosecutor)).toEqual({ name: 'forbidden' })
    expect(decideNavigation(to('units', '/admin/units', { permission: 'unit:update' }), admin)).toBe(true)
    expect(decideNavigation(to('home', '/'), prosecutor)).toBe(true)
  })
})

describe('safeRedirect', () => {
  it.each([
    ['/admin/users', '/admin/users'],
    ['//evil.example', null],
    ['https://evil.example', null],
    ['/\\evil', null],
    ['/login?redirect=/x', null],
    [['/a'], null],
    [undefined, null],
  ])('%j → %j', (input, want) => {
    expect(safeRedirect(input)).toBe(want)
  })
})
