import { watchEffect } from 'vue'
import { useI18n } from 'vue-i18n'
import { localUnitName, useUnitNamesStore, type UnitLike } from '@/stores/unitNames'

/**
 * Unit names in the user's language, the one place views take them from:
 * `unitName(row.unit)` for the full name, `unitShortName(row.unit)` for a
 * table's short one. In English the units catalogue is loaded on first use.
 */
export function useUnitName() {
  const { locale } = useI18n()
  const names = useUnitNamesStore()
  watchEffect(() => {
    if (locale.value.startsWith('en')) names.ensureLoaded().catch(() => undefined)
  })
  const unitName = (u: UnitLike | null | undefined): string => localUnitName(u, u ? names.byId.get(u.id) : undefined, locale.value)
  const unitShortName = (u: UnitLike | null | undefined): string => localUnitName(u, u ? names.byId.get(u.id) : undefined, locale.value, true)
  return { unitName, unitShortName }
}
