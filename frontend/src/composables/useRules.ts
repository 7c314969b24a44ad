import { storeToRefs } from 'pinia'
import type { HearingKind } from '@/api/types'
import { useRulesStore } from '@/stores/rules'

/**
 * The server's rules, for the defaults, previews and hints of forms. They
 * are null until loaded, and stay null when they cannot be loaded: forms
 * then leave out what depends on them, and the server still decides.
 */
export function useRules() {
  const store = useRulesStore()
  const { rules } = storeToRefs(store)
  // A failure is not the form's: it only lacks a hint; the next use tries again.
  store.ensureLoaded().catch(() => undefined)

  /** Whether a kind of hearing is public unless there is reason otherwise; null when not known. */
  function defaultPublic(kind: HearingKind | ''): boolean | null {
    return rules.value?.hearing_kinds.find((k) => k.kind === kind)?.default_public ?? null
  }

  return { rules, defaultPublic }
}
