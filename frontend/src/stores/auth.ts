import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import { authApi } from '@/api/auth'
import { isApiError } from '@/api/client'
import type { ChangePasswordRequest, Grant, Permission, Role, SessionUser, UnitSummary } from '@/api/types'
import { ROLES } from '@/api/types'
import { useUnitNamesStore } from './unitNames'

/** The signed-in user, their unit, grants, permissions and the CSRF token. */
export const useAuthStore = defineStore('auth', () => {
  const user = ref<SessionUser | null>(null)
  const unit = ref<UnitSummary | null>(null)
  const grants = ref<Grant[]>([])
  const permissions = ref<Permission[]>([])
  const csrfToken = ref<string | null>(null)
  /** Whether /auth/me has been asked once since the page loaded. */
  const checked = ref(false)

  const authenticated = computed(() => user.value !== null)
  const mustChangePassword = computed(() => user.value?.must_change_password === true)
  const permissionSet = computed(() => new Set(permissions.value))
  /** Distinct roles over all grants, in the canonical order. */
  const roles = computed<Role[]>(() => ROLES.filter((r) => grants.value.some((g) => g.role === r)))

  function can(permission: Permission): boolean {
    return permissionSet.value.has(permission)
  }

  function clear(): void {
    user.value = null
    unit.value = null
    grants.value = []
    permissions.value = []
    csrfToken.value = null
    useUnitNamesStore().clear()
  }

  /** Loads the session; a 401 leaves the store signed out. Other errors propagate. */
  async function fetchMe(): Promise<void> {
    try {
      const me = await authApi.me()
      user.value = me.user
      unit.value = me.unit
      grants.value = me.grants ?? []
      permissions.value = me.permissions ?? []
      csrfToken.value = me.csrf_token
    } catch (e) {
      if (isApiError(e) && e.status === 401) clear()
      else if (isApiError(e) && e.code === 'password_change_required' && user.value) {
        // Signed in but limited to the password page until the password changes.
        user.value = { ...user.value, must_change_password: true }
      } else throw e
    } finally {
      checked.value = true
    }
  }

  /** Asks the server once per page load. */
  async function ensureChecked(): Promise<void> {
    if (!checked.value) await fetchMe()
  }

  async function login(username: string, password: string): Promise<void> {
    const res = await authApi.login({ username, password })
    user.value = res.user
    csrfToken.value = res.csrf_token
    await fetchMe()
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout()
    } finally {
      clear()
    }
  }

  async function changePassword(body: ChangePasswordRequest): Promise<void> {
    await authApi.changePassword(body)
    if (user.value) user.value = { ...user.value, must_change_password: false }
    await fetchMe()
  }

  return {
    user,
    unit,
    grants,
    permissions,
    csrfToken,
    checked,
    authenticated,
    mustChangePassword,
    permissionSet,
    roles,
    can,
    clear,
    fetchMe,
    ensureChecked,
    login,
    logout,
    changePassword,
  }
})
