import { ref, shallowRef } from 'vue'
import { analysisApi, metricsApi } from '@/api/analysis'
import type { ClassCaseAnalysis, Id, IndicatorCell, MetricRow, MetricsResponse } from '@/api/types'
import type { DateRange } from '@/utils/periods'
import type { Compare } from '@/utils/analysisQuery'

/** The case indicators shown per prosecutor in a basic unit, when the analysis has them. */
export const PROSECUTOR_INDICATORS = [
  'case_ratio',
  'non_arrest_rate',
  'non_prosecution_rate',
  'plea_leniency_rate',
  'supplementary_investigation_rate',
  'extension_rate',
  'sentencing_adoption_rate',
] as const

export interface ProsecutorRow {
  key: string
  label: string
  /** indicator code → figure */
  cells: Record<string, IndicatorCell>
}

function toCell(code: string, r: MetricRow): IndicatorCell {
  return { code, ...r, year_ago: null }
}

/**
 * One row a prosecutor from one /metrics?group_by=prosecutor answer per
 * indicator; the scope's "total" row left out; sorted by name.
 */
export function mergeProsecutorRows(responses: readonly MetricsResponse[]): ProsecutorRow[] {
  const rows = new Map<string, ProsecutorRow>()
  for (const res of responses) {
    for (const r of res.rows) {
      if (r.key === 'total') continue
      const row = rows.get(r.key) ?? { key: r.key, label: r.label, cells: {} }
      row.cells[res.indicator.code] = toCell(res.indicator.code, r)
      rows.set(r.key, row)
    }
  }
  return [...rows.values()].sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'))
}

/** The class-case analysis of one category, unit and period, and its per-prosecutor drill-down. */
export function useClassCaseAnalysis() {
  const analysis = shallowRef<ClassCaseAnalysis | null>(null)
  const prosecutors = ref<ProsecutorRow[]>([])
  const loading = ref(false)
  const loadingProsecutors = ref(false)
  let controller: AbortController | null = null

  async function load(category: string, unitId: Id | null, range: DateRange, compare: Compare = 'previous'): Promise<void> {
    controller?.abort()
    const c = new AbortController()
    controller = c
    loading.value = true
    try {
      analysis.value = await analysisApi.classCases(category, { unit_id: unitId ?? undefined, from: range.from, to: range.to, ...(compare === 'year_ago' ? { compare } : {}) }, c.signal)
    } finally {
      if (controller === c) loading.value = false
    }
  }

  /** The figures by prosecutor, compared as the analysis is (上期 by choice). */
  async function loadProsecutors(category: string, unitId: Id, range: DateRange, codes: readonly string[], compare: Compare = 'previous'): Promise<void> {
    loadingProsecutors.value = true
    try {
      const responses = await Promise.all(
        codes.map((indicator) => metricsApi.get({ indicator, unit_id: unitId, from: range.from, to: range.to, category, group_by: 'prosecutor', ...(compare === 'year_ago' ? { compare } : {}) })),
      )
      prosecutors.value = mergeProsecutorRows(responses)
    } finally {
      loadingProsecutors.value = false
    }
  }

  function clearProsecutors(): void {
    prosecutors.value = []
  }

  return { analysis, prosecutors, loading, loadingProsecutors, load, loadProsecutors, clearProsecutors }
}
