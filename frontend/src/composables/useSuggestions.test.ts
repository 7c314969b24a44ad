import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useSuggestions } from './useSuggestions'

function page(items: unknown[], next: string | null) {
  return new Response(JSON.stringify({ items, next_cursor: next }), { status: 200, headers: { 'Content-Type': 'application/json' } })
}

describe('useSuggestions', () => {
  const fetchMock = vi.fn<(url: string, init?: RequestInit) => Promise<Response>>()
  beforeEach(() => {
    fetchMock.mockReset()
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => vi.unstubAllGlobals())

  const urls = () => fetchMock.mock.calls.map((c) => decodeURIComponent(c[0]))

  it('searches with the filters and loads more with the same ones', async () => {
    fetchMock.mockResolvedValueOnce(page([{ id: 9 }], 'c1')).mockResolvedValueOnce(page([{ id: 8 }], null))
    const s = useSuggestions()
    Object.assign(s.filters, { status: ['issued', 'replied'], overdue: true, q: ' 东荆河 ' })
    await s.search()
    // Edits after the search do not change what "load more" continues.
    s.filters.q = 'something else'
    await s.loadMore()
    expect(urls()).toEqual([
      '/api/v1/suggestions?status=issued,replied&overdue=true&q=东荆河&limit=50',
      '/api/v1/suggestions?status=issued,replied&overdue=true&q=东荆河&limit=50&cursor=c1',
    ])
    expect(s.items.value.map((x) => x.id)).toEqual([9, 8])
    expect(s.nextCursor.value).toBeNull()
  })

  it('exports the filters of the rows shown', async () => {
    fetchMock.mockResolvedValueOnce(page([], null))
    fetchMock.mockResolvedValueOnce(new Response('PK', { status: 200, headers: { 'Content-Disposition': 'attachment; filename="x.xlsx"' } }))
    const createObjectURL = vi.fn(() => 'blob:x')
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }))
    const s = useSuggestions()
    s.filters.type = 'public_interest'
    await s.search()
    s.filters.type = 'retrial'
    expect(await s.exportExcel()).toBe('x.xlsx')
    expect(urls()[1]).toBe('/api/v1/suggestions/export.xlsx?type=public_interest')
    expect(createObjectURL).toHaveBeenCalledOnce()
    expect(s.exporting.value).toBe(false)
  })

  it('resets the filters and searches again', async () => {
    fetchMock.mockImplementation(async () => page([], null))
    const s = useSuggestions()
    s.filters.category = 'drug'
    await s.resetFilters()
    expect(s.filters.category).toBe('')
    expect(urls().at(-1)).toBe('/api/v1/suggestions?limit=50')
  })
})
