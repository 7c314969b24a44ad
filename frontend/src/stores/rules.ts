import { shallowRef } from 'vue'
import { defineStore } from 'pinia'
import { rulesApi } from '@/api/rules'
import type { Rules } from '@/api/types'

/**
 * The server's rules (GET /rules), loaded once per page load: forms apply
 * them before sending (defaults, previews, hints), the server enforces them.
 */
export const useRulesStore = defineStore('rules', () => {
  const rules = shallowRef<Rules | null>(null)
  let pending: Promise<Rules> | null = null

  /** Loads once; concurrent callers share the request, a failure allows a retry. */
  function ensureLoaded(): Promise<Rules> {
    if (rules.value) return Promise.resolve(rules.value)
    pending ??= rulesApi
      .get()
      .then((r) => (rules.value = r))
      .finally(() => {
        pending = null
      })
    return pending
  }

  return { rules, ensureLoaded }
})
