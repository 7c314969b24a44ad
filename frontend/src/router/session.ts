// Connects the API client to the auth store and the router: the CSRF token
// goes out with unsafe requests, a 401 sends the user to the login page
// (remembering where they were), a forced password change to /password.
import type { Router } from 'vue-router'
import { configureClient } from '@/api/client'

export interface SessionStore {
  csrfToken: string | null
  user: { must_change_password: boolean } | null
  clear(): void
}

export function loginLocation(fullPath: string) {
  return fullPath === '/' ? { name: 'login' } : { name: 'login', query: { redirect: fullPath } }
}

export function connectSession(router: Router, auth: SessionStore): void {
  configureClient({
    csrfToken: () => auth.csrfToken,
    onUnauthorized: () => {
      auth.clear()
      const current = router.currentRoute.value
      if (current.name !== 'login') void router.push(loginLocation(current.fullPath))
    },
    onPasswordChangeRequired: () => {
      if (auth.user) auth.user = { ...auth.user, must_change_password: true }
      if (router.currentRoute.value.name !== 'password') void router.push({ name: 'password' })
    },
  })
}
