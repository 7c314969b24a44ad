import { useI18n } from 'vue-i18n'
import type { JsonValue } from '@/api/ui-types'
import { actionLabel, changeSummary, fieldLabel, valueText, type Translator } from '@/utils/auditWords'

/** Audit events in the user's language (see utils/auditWords), bound to the current locale. */
export function useAuditWords() {
  const { t, te } = useI18n()
  const tr: Translator = { t: (k, n) => (n ? t(k, n) : t(k)), te: (k) => te(k) }
  return {
    action: (entity: string, action: string, after?: unknown) => actionLabel(tr, entity, action, after),
    field: (key: string) => fieldLabel(tr, key),
    value: (entity: string, key: string, v: JsonValue | undefined) => valueText(tr, entity, key, v),
    summary: (entity: string, before: unknown, after: unknown) => changeSummary(tr, entity, before, after),
  }
}
