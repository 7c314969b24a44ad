// The suggestion list's filters, kept in the address (so a link, a reload
// or the back button shows the same list) and turned into API queries.
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { Id, SuggestionQuery, SuggestionStatus, SuggestionType } from '@/api/types'
import { SUGGESTION_STATUSES, SUGGESTION_TYPES } from '@/api/types'

export interface SuggestionFilters {
  status: SuggestionStatus[]
  type: SuggestionType | ''
  category: string
  unit_id: Id | null
  overdue: boolean
  /** YYYY-MM-DD or '' */
  due_before: string
  q: string
}

export function emptyFilters(): SuggestionFilters {
  return { status: [], type: '', category: '', unit_id: null, overdue: false, due_before: '', q: '' }
}

function one(v: LocationQuery[string] | undefined): string {
  const x = Array.isArray(v) ? v[0] : v
  return typeof x === 'string' ? x : ''
}

/** Filters from the address; unknown values are dropped. */
export function filtersFromQuery(q: LocationQuery): SuggestionFilters {
  const f = emptyFilters()
  f.status = one(q.status)
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is SuggestionStatus => (SUGGESTION_STATUSES as readonly string[]).includes(s))
  const type = one(q.type)
  if ((SUGGESTION_TYPES as readonly string[]).includes(type)) f.type = type as SuggestionType
  f.category = /^[a-z_]{2,40}$/.test(one(q.category)) ? one(q.category) : ''
  const unit = Number.parseInt(one(q.unit_id), 10)
  f.unit_id = Number.isSafeInteger(unit) && unit > 0 ? unit : null
  f.overdue = one(q.overdue) === 'true'
  f.due_before = /^\d{4}-\d{2}-\d{2}$/.test(one(q.due_before)) ? one(q.due_before) : ''
  f.q = one(q.q).trim()
  return f
}

/** The address query of the filters (empty ones left out). */
export function filtersToQuery(f: SuggestionFilters): LocationQueryRaw {
  const out: LocationQueryRaw = {}
  if (f.status.length > 0) out.status = f.status.join(',')
  if (f.type) out.type = f.type
  if (f.category) out.category = f.category
  if (f.unit_id !== null) out.unit_id = String(f.unit_id)
  if (f.overdue) out.overdue = 'true'
  if (f.due_before) out.due_before = f.due_before
  if (f.q.trim()) out.q = f.q.trim()
  return out
}

/** The API query of the filters. */
export function filtersToApi(f: SuggestionFilters): SuggestionQuery {
  return {
    status: f.status.length > 0 ? f.status.join(',') : undefined,
    type: f.type || undefined,
    category: f.category || undefined,
    unit_id: f.unit_id ?? undefined,
    overdue: f.overdue ? true : undefined,
    due_before: f.due_before || undefined,
    q: f.q.trim() || undefined,
  }
}
