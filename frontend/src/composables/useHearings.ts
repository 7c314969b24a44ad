import { reactive, ref } from 'vue'
import { hearingsApi } from '@/api/hearings'
import type { HearingQuery, HearingStats, HearingSummary, Id } from '@/api/types'
import { useKeysetList } from './useKeysetList'

export const HEARINGS_PAGE_SIZE = 50

export interface HearingFilters {
  status: string[]
  kind: string
  unitId: Id | null
  /** [from, to] as "YYYY-MM-DD", or null. */
  range: [string, string] | null
  q: string
}

export function emptyHearingFilters(): HearingFilters {
  return { status: [], kind: '', unitId: null, range: null, q: '' }
}

/** Filters from a page address (?unit_id=3&from=2026-09-01&to=2026-10-31&status=held,decided&kind=…&q=…), as links from other pages give them. */
export function hearingFiltersFromQuery(query: Record<string, unknown>): HearingFilters {
  const one = (k: string): string => {
    const v = query[k]
    return typeof v === 'string' ? v.trim() : ''
  }
  const f = emptyHearingFilters()
  const day = /^\d{4}-\d{2}-\d{2}$/
  const unit = Number(one('unit_id'))
  if (Number.isInteger(unit) && unit > 0) f.unitId = unit
  if (day.test(one('from')) && day.test(one('to')) && one('from') <= one('to')) f.range = [one('from'), one('to')]
  if (one('status')) f.status = one('status').split(',').filter((x) => x !== '')
  f.kind = one('kind')
  f.q = one('q')
  return f
}

/** The filters as the query of GET /hearings (dates as whole days in Asia/Shanghai). */
export function hearingFiltersToApi(f: HearingFilters): HearingQuery {
  const q: HearingQuery = {}
  if (f.status.length > 0) q.status = f.status.join(',')
  if (f.kind) q.kind = f.kind
  if (f.unitId !== null) q.unit_id = f.unitId
  if (f.range) {
    q.from = `${f.range[0]}T00:00:00+08:00`
    q.to = `${f.range[1]}T23:59:59+08:00`
  }
  if (f.q.trim()) q.q = f.q.trim()
  return q
}

/** The hearing list: filters, sort, page numbers and keyset "load more". */
export function useHearings() {
  return useKeysetList<HearingFilters, HearingSummary>({
    initial: emptyHearingFilters,
    fetch: (f, cursor, page) => hearingsApi.list({ ...hearingFiltersToApi(f), ...page, cursor }),
    pageSize: HEARINGS_PAGE_SIZE,
  })
}

/** What the statistics cards cover: a unit with its subtree (null: the whole scope) and a year. */
export interface HearingStatsFilter {
  unitId: Id | null
  year: number
}

/** The query of GET /hearings/stats. */
export function hearingStatsQuery(f: HearingStatsFilter): { unit_id?: Id; year: number } {
  return f.unitId === null ? { year: f.year } : { unit_id: f.unitId, year: f.year }
}

/** The years offered for the statistics: this one and the `back` before it, newest first. */
export function statsYears(thisYear: number, back = 4): number[] {
  return Array.from({ length: back + 1 }, (_, i) => thisYear - i)
}

/** The statistics cards of the list, for a unit of the caller's scope and a year. */
export function useHearingStats(thisYear: number) {
  const filter = reactive<HearingStatsFilter>({ unitId: null, year: thisYear })
  const stats = ref<HearingStats | null>(null)
  const loading = ref(false)
  async function load(): Promise<void> {
    loading.value = true
    try {
      stats.value = await hearingsApi.stats(hearingStatsQuery(filter))
    } finally {
      loading.value = false
    }
  }
  return { filter, stats, loading, load }
}

/** The hearings starting in one month, for the calendar (first 200). */
export function useHearingMonth() {
  const items = ref<HearingSummary[]>([])
  const loading = ref(false)
  /** month as "YYYY-MM". */
  async function load(month: string): Promise<void> {
    const [y, m] = month.split('-').map(Number) as [number, number]
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
    loading.value = true
    try {
      const page = await hearingsApi.list({
        from: `${month}-01T00:00:00+08:00`,
        to: `${month}-${String(last).padStart(2, '0')}T23:59:59+08:00`,
        limit: 200,
      })
      items.value = page.items
    } finally {
      loading.value = false
    }
  }
  return { items, loading, load }
}
