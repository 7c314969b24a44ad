// The before/after comparison of an audit event.
import type { JsonObject, JsonValue } from '@/api/ui-types'

export interface DiffRow {
  key: string
  before: JsonValue | undefined
  after: JsonValue | undefined
  changed: boolean
}

/** Deep equality for JSON values (object key order does not matter). */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true
  if (a === undefined || b === undefined || a === null || b === null) return false
  if (typeof a !== 'object' || typeof b !== 'object') return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]))
  }
  const ao = a as JsonObject
  const bo = b as JsonObject
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)])
  for (const k of keys) if (!jsonEqual(ao[k], bo[k])) return false
  return true
}

/**
 * One row per top-level key of either side, in the order the keys first
 * appear (after's keys, then keys only in before), each marked changed or not.
 */
export function diffObjects(before: JsonObject | null, after: JsonObject | null): DiffRow[] {
  const b = before ?? {}
  const a = after ?? {}
  const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !(k in a))]
  return keys.map((key) => ({
    key,
    before: before === null ? undefined : b[key],
    after: after === null ? undefined : a[key],
    changed: !jsonEqual(b[key], a[key]),
  }))
}

/** A value as text: strings plain, everything else as compact JSON, absent as "—". */
export function displayJson(v: JsonValue | undefined): string {
  if (v === undefined) return '—'
  if (typeof v === 'string') return v
  return JSON.stringify(v)
}
