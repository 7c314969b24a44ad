import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { reportFilename, useBimonthlyReport } from './useBimonthlyReport'

describe('useBimonthlyReport', () => {
  const fetchMock = vi.fn<(url: string, init?: RequestInit) => Promise<Response>>()
  beforeEach(() => {
    fetchMock.mockReset()
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => vi.unstubAllGlobals())
  const urls = () => fetchMock.mock.calls.map((c) => decodeURIComponent(c[0]))

  it('loads the report and exports the same period', async () => {
    fetchMock.mockResolvedValueOnce(new Response(JSON.stringify({ unit: { name: '汉江分院' } }), { status: 200 }))
    fetchMock.mockResolvedValueOnce(new Response('PK', { status: 200 }))
    const createObjectURL = vi.fn(() => 'blob:x')
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }))
    const r = useBimonthlyReport()
    const q = { unit_id: 2, year: 2026, bimonth: 5 }
    await r.load(q)
    expect(await r.exportExcel(q)).toBe('业务数据分析研判报告_汉江分院_2026年第5双月.xlsx')
    expect(urls()).toEqual([
      '/api/v1/reports/bimonthly?unit_id=2&year=2026&bimonth=5',
      '/api/v1/reports/bimonthly/export.xlsx?unit_id=2&year=2026&bimonth=5',
    ])
    expect(createObjectURL).toHaveBeenCalledOnce()
  })

  it('saves a snapshot and reloads the list', async () => {
    fetchMock.mockResolvedValueOnce(new Response(JSON.stringify({ id: 5, content_hash: 'abc' }), { status: 201 }))
    fetchMock.mockResolvedValueOnce(new Response(JSON.stringify({ items: [{ id: 5 }], next_cursor: null }), { status: 200 }))
    const r = useBimonthlyReport()
    const s = await r.saveSnapshot({ unit_id: 2, year: 2026, bimonth: 5 })
    expect(s.id).toBe(5)
    expect(JSON.parse(String(fetchMock.mock.calls[0]?.[1]?.body))).toEqual({ unit_id: 2, year: 2026, bimonth: 5 })
    expect(urls()[1]).toBe('/api/v1/reports/snapshots?unit_id=2&limit=20')
    expect(r.snapshots.items.value).toHaveLength(1)
  })

  it('sends the summaries edited on the page, not those left as generated or blank', async () => {
    const report = { unit: { name: '汉江分院' }, summaries: [{ code: 'a', text: '甲' }, { code: 'b', text: '乙' }, { code: 'c', text: '丙' }] }
    fetchMock.mockResolvedValueOnce(new Response(JSON.stringify(report), { status: 200 }))
    fetchMock.mockResolvedValueOnce(new Response(JSON.stringify({ id: 6, content_hash: 'abc' }), { status: 201 }))
    fetchMock.mockResolvedValueOnce(new Response(JSON.stringify({ items: [], next_cursor: null }), { status: 200 }))
    const r = useBimonthlyReport()
    const q = { unit_id: 2, year: 2026, bimonth: 5 }
    await r.load(q)
    r.editSummary('a', '甲，改写')
    r.editSummary('b', ' 乙 ')
    r.editSummary('c', '  ')
    await r.saveSnapshot(q)
    expect(JSON.parse(String(fetchMock.mock.calls[1]?.[1]?.body))).toEqual({ ...q, summaries: { a: '甲，改写' } })
  })

  it('names an export without a server name', () => {
    expect(reportFilename({ year: 2026, bimonth: 1 }, '')).toBe('业务数据分析研判报告__2026年第1双月.xlsx')
  })
})
