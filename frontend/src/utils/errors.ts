// Turns any failure into text in the user's language.
import { isApiError, type ApiError } from '@/api/client'
import { i18n, isAppLocale, type AppLocale } from '@/i18n'

interface Catalogue {
  has: (key: string) => boolean
  t: (key: string, named?: Record<string, unknown>) => string
}

function catalogue(locale: string): Catalogue {
  const loc: AppLocale = isAppLocale(locale) ? locale : i18n.global.locale.value
  return {
    has: (key) => i18n.global.te(key, loc),
    t: (key, named = {}) => i18n.global.t(key, named, { locale: loc }),
  }
}

function isZh(locale: string): boolean {
  return locale.startsWith('zh')
}

/**
 * The message to show for an error: the server's own text in the user's
 * language (message_zh in Chinese, message in English), else the catalogue's
 * text for its code, else a generic line.
 */
export function errorMessage(e: unknown, locale: string = i18n.global.locale.value): string {
  const c = catalogue(locale)
  if (!isApiError(e)) return c.t('errors.generic')
  if (e.status === 0) return c.t('errors.network')
  if (isZh(locale)) return e.messageZh || fallback(e, c)
  if (e.message && e.message !== e.code && !e.code.startsWith('http_')) return e.message
  return fallback(e, c)
}

/** The catalogue's text for an error the server did not word in this language. */
function fallback(e: ApiError, c: Catalogue): string {
  if (e.code === 'locked') {
    return e.retryAfter !== undefined
      ? c.t('login.locked', { minutes: Math.max(1, Math.ceil(e.retryAfter / 60)) })
      : c.t('login.lockedNoTime')
  }
  if (c.has(`errors.${e.code}`)) return c.t(`errors.${e.code}`)
  return c.t('errors.generic')
}

/** Field errors keyed by field name, in the user's language, for el-form-item `error`. */
export function fieldErrors(e: unknown, locale: string = i18n.global.locale.value): Record<string, string> {
  const out: Record<string, string> = {}
  if (!isApiError(e)) return out
  const c = catalogue(locale)
  const known = (code: string) => (c.has(`fieldErrors.${code}`) ? c.t(`fieldErrors.${code}`) : '')
  for (const f of e.fields) {
    const msg = isZh(locale) ? f.message_zh || known(f.code) || f.message : f.message || known(f.code) || f.code
    out[f.field] = out[f.field] ? `${out[f.field]}; ${msg}` : msg
  }
  return out
}

export function isConflict(e: unknown): boolean {
  return isApiError(e) && e.status === 409
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * The errors of a list field's elements by index: for prefix "items" and
 * sub "text", "items[2].text" → {2: message}; without sub, any "items[2]…".
 */
export function indexedErrors(errors: Record<string, string>, prefix: string, sub?: string): Record<number, string> {
  const re = new RegExp(`^${escapeRegExp(prefix)}\\[(\\d+)\\](?:\\.(.+))?$`)
  const out: Record<number, string> = {}
  for (const [field, msg] of Object.entries(errors)) {
    const m = re.exec(field)
    if (!m) continue
    if (sub !== undefined && m[2] !== sub) continue
    const i = Number(m[1])
    out[i] = out[i] ? `${out[i]}; ${msg}` : msg
  }
  return out
}

/** A flat map of a JSON-like value's leaves by path ("recipient.name", "items[0].text", "items" → length). */
export function flattenPaths(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (Array.isArray(value)) {
    if (prefix) out[prefix] = value.length
    value.forEach((v, i) => flattenPaths(v, `${prefix}[${i}]`, out))
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) flattenPaths(v, prefix ? `${prefix}.${k}` : k, out)
  } else if (prefix) {
    out[prefix] = value
  }
  return out
}

/** The paths whose values differ between two flattened values. */
export function changedPaths(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)])
  return [...keys].filter((k) => before[k] !== after[k])
}
