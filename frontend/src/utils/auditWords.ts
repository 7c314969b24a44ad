// Audit events in words: action names, field labels and values in the
// user's language instead of the codes the server records.
import type { JsonValue } from '@/api/ui-types'
import { formatDateTime } from './format'

/** The two vue-i18n functions the labels need. */
export interface Translator {
  t: (key: string, named?: Record<string, unknown>) => string
  te: (key: string) => boolean
}

function known(tr: Translator, key: string): string | null {
  return tr.te(key) ? tr.t(key) : null
}

/**
 * The name of an audit action. A hearing's lifecycle actions read as the
 * hearing page names them; an officer added to a hearing is "选用听证员".
 * An action without a name shows its code, so nothing is hidden.
 */
export function actionLabel(tr: Translator, entity: string, action: string, after?: unknown): string {
  if (action === 'add_participant' && isObject(after) && after.role === 'hearing_officer') {
    return tr.t('audit.actions.seat_officer')
  }
  if (entity === 'hearing') {
    const h = known(tr, `hearing.actions.${action}`)
    if (h) return h
  }
  return known(tr, `audit.actions.${action}`) ?? action
}

/** The name of a recorded field; its code when it has none. */
export function fieldLabel(tr: Translator, key: string): string {
  return known(tr, `audit.fields.${key}`) ?? key
}

/** Where the names of a field's coded values live, by entity (or any). */
const VALUE_NAMES: Record<string, Record<string, string>> = {
  status: { suggestion: 'suggestion.statuses', hearing: 'hearing.statuses', import: 'imports.statuses' },
  type: { suggestion: 'suggestion.types' },
  kind: { hearing: 'hearing.kinds', import: 'imports.kinds' },
  level: { '*': 'levels' },
  role: { hearing: 'hearing.roles', '*': 'roles' },
  category: { hearing_officer: 'hearing.categories' },
  recipient_kind: { '*': 'suggestion.recipientKinds' },
  service_method: { '*': 'suggestion.serviceMethods' },
  escalation_level: { '*': 'suggestion.escalationLevels' },
  outcome: { '*': 'suggestion.outcomes' },
  method: { '*': 'suggestion.followupMethods' },
  result: { '*': 'suggestion.verificationResults' },
  position: { '*': 'hearing.positions' },
  recusal_outcome: { '*': 'hearing.recusal.outcomes' },
  mode: { '*': 'hearing.draw.modes' },
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/

function isObject(v: unknown): v is Record<string, JsonValue> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A recorded value as a reader would say it: names for codes, 是/否, dates, lists joined. */
export function valueText(tr: Translator, entity: string, key: string, v: JsonValue | undefined): string {
  if (v === undefined || v === null || v === '') return '—'
  if (typeof v === 'boolean') return tr.t(v ? 'common.yes' : 'common.no')
  if (typeof v === 'number') return String(v)
  if (typeof v === 'string') {
    const names = VALUE_NAMES[key]
    const path = names?.[entity] ?? names?.['*']
    if (path) return known(tr, `${path}.${v}`) ?? v
    return TIMESTAMP.test(v) ? formatDateTime(v) : v
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return '—'
    return v.map((x) => (isObject(x) ? objectText(tr, entity, x) : valueText(tr, entity, key, x))).join(tr.t('audit.punct.list'))
  }
  return objectText(tr, entity, v)
}

/** Fields a change summary leaves out: bookkeeping, not content. */
const QUIET = new Set(['id', 'version', 'path'])

/**
 * The changed fields of an event in one line each, "状态：已审批 → 已制发",
 * at most max of them, status first.
 */
export function changeSummary(tr: Translator, entity: string, before: unknown, after: unknown, max = 3): string[] {
  if (!isObject(before) || !isObject(after)) return []
  const keys = Object.keys(after).filter((k) => !QUIET.has(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k]))
  keys.sort((a, b) => Number(b === 'status') - Number(a === 'status'))
  return keys.slice(0, max).map((k) =>
    tr.t('audit.punct.change', { field: fieldLabel(tr, k), before: valueText(tr, entity, k, before[k]), after: valueText(tr, entity, k, after[k]) }),
  )
}

/** A grant reads "检察官（429004）"; other objects as "field: value" pairs; punctuation as the language writes it. */
function objectText(tr: Translator, entity: string, o: Record<string, JsonValue>): string {
  if (typeof o.role === 'string' && typeof o.unit_code === 'string') {
    return tr.t('audit.punct.grant', { role: known(tr, `roles.${o.role}`) ?? o.role, unit: o.unit_code })
  }
  return Object.entries(o)
    .map(([k, x]) => tr.t('audit.punct.pair', { field: fieldLabel(tr, k), value: valueText(tr, entity, k, x) }))
    .join(tr.t('audit.punct.item'))
}
