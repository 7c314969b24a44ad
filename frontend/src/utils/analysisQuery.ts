// The class-case analysis page's state in the address (category in the path;
// unit, period and indicator in the query), and the links it offers into the
// suggestion, hearing and case lists pre-filtered.
import type { LocationQuery, LocationQueryRaw, RouteLocationRaw } from 'vue-router'
import type { Id } from '@/api/types'
import { emptyFilters, filtersToQuery } from './suggestionQuery'
import { idFromQuery, one } from './caseQuery'
import { presetOf, presetRange, type DateRange, type PeriodPreset } from './periods'

export interface AnalysisState {
  unit_id: Id | null
  preset: PeriodPreset
  range: DateRange
  /** The indicator of the unit comparison bars. */
  indicator: string
  /** 上期: the same-length period before, or the same period a year earlier. */
  compare: Compare
}

export type Compare = 'previous' | 'year_ago'

const DATE = /^\d{4}-\d{2}-\d{2}$/
const PRESETS: readonly string[] = ['bimonth', 'quarter', 'year', 'custom']

/** The state from the address; without a period, the default preset on `today`. */
export function analysisStateFromQuery(q: LocationQuery, today: string, defaultPreset: PeriodPreset = 'year'): AnalysisState {
  const from = one(q.from)
  const to = one(q.to)
  const named = one(q.period)
  let preset: PeriodPreset = PRESETS.includes(named) ? (named as PeriodPreset) : defaultPreset
  let range = presetRange(preset, today)
  if (DATE.test(from) && DATE.test(to) && from <= to) {
    range = { from, to }
    preset = presetOf(range, today)
  }
  return {
    unit_id: idFromQuery(q.unit_id),
    preset,
    range,
    indicator: /^[a-z0-9_]{1,60}$/.test(one(q.indicator)) ? one(q.indicator) : '',
    compare: one(q.compare) === 'year_ago' ? 'year_ago' : 'previous',
  }
}

/** The address query of the state. */
export function analysisStateToQuery(s: AnalysisState): LocationQueryRaw {
  const out: LocationQueryRaw = { period: s.preset, from: s.range.from, to: s.range.to }
  if (s.unit_id !== null) out.unit_id = String(s.unit_id)
  if (s.indicator) out.indicator = s.indicator
  if (s.compare === 'year_ago') out.compare = s.compare
  return out
}

/** The suggestion list filtered to a category and unit (with subtree). */
export function suggestionListLink(category: string, unitId: Id | null): RouteLocationRaw {
  return { name: 'suggestions', query: filtersToQuery({ ...emptyFilters(), category, unit_id: unitId }) }
}

/** The hearing list filtered to a unit and period. */
export function hearingListLink(unitId: Id | null, range: DateRange): RouteLocationRaw {
  const query: LocationQueryRaw = { from: range.from, to: range.to }
  if (unitId !== null) query.unit_id = String(unitId)
  return { name: 'hearings', query }
}

/** The case list filtered to a category, unit and received period. */
export function caseListLink(category: string, unitId: Id | null, range: DateRange): RouteLocationRaw {
  const query: LocationQueryRaw = { category, received_from: range.from, received_to: range.to }
  if (unitId !== null) query.unit_id = String(unitId)
  return { name: 'cases', query }
}
