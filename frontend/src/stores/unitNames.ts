import { ref } from 'vue'
import { defineStore } from 'pinia'
import { unitsApi } from '@/api/units'
import type { Id, Unit } from '@/api/types'

/** A unit as records refer to it: its Chinese names, and English ones where the reference carries them. */
export interface UnitLike {
  id: Id
  name: string
  short_name?: string
  name_en?: string | null
  short_name_en?: string | null
}

export interface EnglishNames {
  name_en: string | null
  short_name_en: string | null
}

/**
 * A unit's name in the language: in English its English name (or short
 * name), where one is set, else the Chinese one. `short` asks for the short
 * name a table shows (仙检, "Xiantao"), falling back to the full name.
 */
export function localUnitName(u: UnitLike | null | undefined, english: EnglishNames | undefined, locale: string, short = false): string {
  if (!u) return ''
  if (locale.startsWith('en')) {
    const full = u.name_en || english?.name_en
    const name = short ? u.short_name_en || english?.short_name_en || full : full
    if (name) return name
  }
  return (short && u.short_name) || u.name
}

/**
 * The English names of the units the caller can see (GET /units), loaded
 * once per session when the interface is in English, and kept up to date
 * by the unit administration.
 */
export const useUnitNamesStore = defineStore('unitNames', () => {
  const byId = ref(new Map<Id, EnglishNames>())
  const loaded = ref(false)
  let pending: Promise<void> | null = null

  function put(units: readonly Unit[]): void {
    const next = new Map(byId.value)
    for (const u of units) next.set(u.id, { name_en: u.name_en, short_name_en: u.short_name_en })
    byId.value = next
  }

  /** Loads once; concurrent callers share the request, a failure allows a retry (names fall back to Chinese meanwhile). */
  function ensureLoaded(): Promise<void> {
    if (loaded.value) return Promise.resolve()
    pending ??= unitsApi
      .list()
      .then((list) => {
        put(list.items)
        loaded.value = true
      })
      .finally(() => {
        pending = null
      })
    return pending
  }

  /** Forgets everything (another user signs in: another scope). */
  function clear(): void {
    byId.value = new Map()
    loaded.value = false
  }

  return { byId, loaded, put, ensureLoaded, clear }
})
