import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { hearingFiltersFromQuery, hearingFiltersToApi, emptyHearingFilters, hearingStatsQuery, statsYears, useHearingStats } from './useHearings'

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

describe('hearing queries', () => {
  it('asks for the statistics of a unit and year, or of the whole scope', () => {
    expect(hearingStatsQuery({ unitId: null, year: 2026 })).toEqual({ year: 2026 })
    expect(hearingStatsQuery({ unitId: 4, year: 2025 })).toEqual({ unit_id: 4, year: 2025 })
    expect(statsYears(2026)).toEqual([2026, 2025, 2024, 2023, 2022])
  })

  it('turns the list filters into whole days in Beijing', () => {
    expect(hearingFiltersToApi({ ...emptyHearingFilters(), range: ['2026-12-01', '2026-12-31'], q: ' 盗窃 ' })).toEqual({
      from: '2026-12-01T00:00:00+08:00',
      to: '2026-12-31T23:59:59+08:00',
      q: '盗窃',
    })
  })
})

describe('hearing composables over fetch', () => {
  const fetchMock = vi.fn<(url: string, init?: RequestInit) => Promise<Response>>()
  beforeEach(() => {
    fetchMock.mockReset()
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => vi.unstubAllGlobals())
  const urls = () => fetchMock.mock.calls.map((c) => decodeURIComponent(c[0]))

  it('reloads the statistics for the chosen unit and year', async () => {
    fetchMock.mockImplementation(async () => json({ year: 2025, held: 3, public: 2, public_share: 0.667, officers_per_hearing: 5, officers_by_category: {}, by_kind: {} }))
    const s = useHearingStats(2026)
    await s.load()
    s.filter.unitId = 4
    s.filter.year = 2025
    await s.load()
    expect(urls()).toEqual(['/api/v1/hearings/stats?year=2026', '/api/v1/hearings/stats?unit_id=4&year=2025'])
    expect(s.stats.value?.held).toBe(3)
  })
})

describe('hearingFiltersFromQuery', () => {
  it('reads the filters that links from other pages give', () => {
    expect(hearingFiltersFromQuery({ unit_id: '3', from: '2026-09-01', to: '2026-10-31', status: 'held,decided', q: ' 张某 ' })).toEqual({
      status: ['held', 'decided'], kind: '', unitId: 3, range: ['2026-09-01', '2026-10-31'], q: '张某',
    })
  })
  it('ignores what does not parse', () => {
    expect(hearingFiltersFromQuery({ unit_id: 'x', from: '2026-13', to: '2026-10-31', status: ['a'] })).toEqual(emptyHearingFilters())
    expect(hearingFiltersFromQuery({ from: '2026-10-31', to: '2026-09-01' }).range).toBeNull()
  })
})
