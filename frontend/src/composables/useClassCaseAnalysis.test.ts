import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { MetricRow, MetricsResponse } from '@/api/types'
import { mergeProsecutorRows, useClassCaseAnalysis } from './useClassCaseAnalysis'

function row(key: string, label: string, value: number): MetricRow {
  return { key, label, numerator: 1, denominator: 2, value, previous_value: null, change: null, better: null, display: String(value), change_display: '' }
}

function res(code: string, rows: MetricRow[]): MetricsResponse {
  return { indicator: { code } as MetricsResponse['indicator'], period: {} as never, previous: {} as never, group_by: 'prosecutor', rows, as_of: '2026-11-02T10:00:00+08:00' }
}

describe('mergeProsecutorRows', () => {
  it('joins the indicators by prosecutor and leaves out the total', () => {
    const rows = mergeProsecutorRows([
      res('case_ratio', [row('total', '合计', 1.07), row('12', '王检察官', 1.1), row('李明', '李明', 1.0)]),
      res('non_arrest_rate', [row('12', '王检察官', 0.2)]),
    ])
    expect(rows.map((r) => r.key)).toEqual(['李明', '12'])
    expect(Object.keys(rows[1]?.cells ?? {})).toEqual(['case_ratio', 'non_arrest_rate'])
    expect(rows[1]?.cells.non_arrest_rate?.code).toBe('non_arrest_rate')
    expect(rows[0]?.cells.non_arrest_rate).toBeUndefined()
  })
})

describe('useClassCaseAnalysis', () => {
  const fetchMock = vi.fn<(url: string, init?: RequestInit) => Promise<Response>>()
  beforeEach(() => {
    fetchMock.mockReset()
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => vi.unstubAllGlobals())
  const json = (v: unknown) => new Response(JSON.stringify(v), { status: 200 })

  it('asks for the category, unit and period', async () => {
    fetchMock.mockResolvedValueOnce(json({ units: [] }))
    const a = useClassCaseAnalysis()
    await a.load('drug', 3, { from: '2026-09-01', to: '2026-10-31' })
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/v1/analysis/class-cases/drug?unit_id=3&from=2026-09-01&to=2026-10-31')
    expect(a.loading.value).toBe(false)
  })

  it('asks /metrics by prosecutor once per indicator', async () => {
    fetchMock.mockImplementation(async (url: string) => {
      const code = new URL(url, 'http://x').searchParams.get('indicator') ?? ''
      return json(res(code, [row('7', '张', 0.5)]))
    })
    const a = useClassCaseAnalysis()
    await a.loadProsecutors('drug', 4, { from: '2026-01-01', to: '2026-02-28' }, ['case_ratio', 'non_arrest_rate'])
    expect(fetchMock.mock.calls.map((c) => c[0])).toEqual([
      '/api/v1/metrics?indicator=case_ratio&unit_id=4&from=2026-01-01&to=2026-02-28&category=drug&group_by=prosecutor',
      '/api/v1/metrics?indicator=non_arrest_rate&unit_id=4&from=2026-01-01&to=2026-02-28&category=drug&group_by=prosecutor',
    ])
    expect(a.prosecutors.value).toHaveLength(1)
  })
})
