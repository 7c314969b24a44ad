// The navigation rules as a pure function, so they can be tested without a router.
import type { RouteLocationRaw } from 'vue-router'
import { loginLocation } from './session'

export interface GuardTarget {
  name: string | symbol | null | undefined
  fullPath: string
  query: Record<string, unknown>
  meta: { public?: boolean; permission?: string }
}

export interface GuardSession {
  authenticated: boolean
  mustChangePassword: boolean
  permissions: ReadonlySet<string>
}

/** A redirect target from ?redirect=, accepted only when it stays on this site. */
export function safeRedirect(v: unknown): string | null {
  if (typeof v !== 'string') return null
  if (!v.startsWith('/') || v.startsWith('//') || v.startsWith('/\\')) return null
  if (v === '/login' || v.startsWith('/login?')) return null
  return v
}

/** Where to go instead of `to`, or true to proceed. */
export function decideNavigation(to: GuardTarget, s: GuardSession): true | RouteLocationRaw {
  if (to.meta.public) {
    if (s.authenticated && to.name === 'login') {
      if (s.mustChangePassword) return { name: 'password' }
      return safeRedirect(to.query.redirect) ?? { name: 'home' }
    }
    return true
  }
  if (!s.authenticated) {
    return loginLocation(to.fullPath)
  }
  if (s.mustChangePassword) {
    return to.name === 'password' ? true : { name: 'password' }
  }
  if (to.meta.permission && !s.permissions.has(to.meta.permission)) {
    return { name: 'forbidden' }
  }
  return true
}
