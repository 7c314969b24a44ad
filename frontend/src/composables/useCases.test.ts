import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useCases } from './useCases'

function page(items: unknown[], next: string | null) {
  return new Response(JSON.stringify({ items, next_cursor: next }), { status: 200, headers: { 'Content-Type': 'application/json' } })
}

describe('useCases', () => {
  const fetchMock = vi.fn<(url: string, init?: RequestInit) => Promise<Response>>()
  beforeEach(() => {
    fetchMock.mockReset()
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => vi.unstubAllGlobals())
  const urls = () => fetchMock.mock.calls.map((c) => decodeURIComponent(c[0]))

  it('searches with the filters and loads more with the same ones', async () => {
    fetchMock.mockResolvedValueOnce(page([{ id: 1 }], 'c1')).mockResolvedValueOnce(page([{ id: 2 }], null))
    const c = useCases()
    Object.assign(c.filters, { category: 'drug', unit_id: 4, received: ['2026-01-01', '2026-02-28'] })
    await c.search()
    c.filters.category = 'fraud'
    await c.loadMore()
    expect(urls()).toEqual([
      '/api/v1/cases?unit_id=4&category=drug&received_from=2026-01-01&received_to=2026-02-28&limit=50',
      '/api/v1/cases?unit_id=4&category=drug&received_from=2026-01-01&received_to=2026-02-28&limit=50&cursor=c1',
    ])
    expect(c.items.value.map((x) => x.id)).toEqual([1, 2])
    expect(c.applied.value.category).toBe('drug')
    expect(c.nextCursor.value).toBeNull()
  })

  it('resets the filters', async () => {
    fetchMock.mockImplementation(async () => page([], null))
    const c = useCases()
    c.filters.q = '4290'
    await c.resetFilters()
    expect(c.filters.q).toBe('')
    expect(urls().at(-1)).toBe('/api/v1/cases?limit=50')
  })
})
