// The case list's filters, kept in the address and turned into API queries,
// like the suggestion list's (suggestionQuery.ts).
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { CaseQuery, Id } from '@/api/types'

export interface CaseFilters {
  unit_id: Id | null
  category: string
  prosecutor: string
  /** [from, to] received dates, YYYY-MM-DD, or null. */
  received: [string, string] | null
  q: string
}

export function emptyCaseFilters(): CaseFilters {
  return { unit_id: null, category: '', prosecutor: '', received: null, q: '' }
}

export function one(v: LocationQuery[string] | undefined): string {
  const x = Array.isArray(v) ? v[0] : v
  return typeof x === 'string' ? x : ''
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** A positive integer id from the address, or null. */
export function idFromQuery(v: LocationQuery[string] | undefined): Id | null {
  const n = Number.parseInt(one(v), 10)
  return Number.isSafeInteger(n) && n > 0 ? n : null
}

/** Filters from the address; malformed values are dropped. */
export function caseFiltersFromQuery(q: LocationQuery): CaseFilters {
  const f = emptyCaseFilters()
  f.unit_id = idFromQuery(q.unit_id)
  f.category = /^[a-z_]{2,40}$/.test(one(q.category)) ? one(q.category) : ''
  f.prosecutor = one(q.prosecutor).trim()
  const from = one(q.received_from)
  const to = one(q.received_to)
  if (DATE.test(from) && DATE.test(to)) f.received = [from, to]
  f.q = one(q.q).trim()
  return f
}

/** The API query of the filters (empty ones left out). */
export function caseFiltersToApi(f: CaseFilters): CaseQuery {
  return {
    unit_id: f.unit_id ?? undefined,
    category: f.category || undefined,
    prosecutor: f.prosecutor.trim() || undefined,
    received_from: f.received?.[0],
    received_to: f.received?.[1],
    q: f.q.trim() || undefined,
  }
}

/** The address query of the filters: the same names as the API's. */
export function caseFiltersToQuery(f: CaseFilters): LocationQueryRaw {
  const out: LocationQueryRaw = {}
  for (const [k, v] of Object.entries(caseFiltersToApi(f))) if (v !== undefined) out[k] = String(v)
  return out
}
