import { describe, expect, it, vi } from 'vitest'
import { reactive } from 'vue'
import type { Page } from '@/api/types'
import { copyFilters, useKeysetList } from './useKeysetList'

interface F {
  status: string[]
  range: [string, string] | null
  q: string
}
const initial = (): F => ({ status: [], range: null, q: '' })
const page = (ids: number[], next: string | null): Page<{ id: number }> => ({ items: ids.map((id) => ({ id })), next_cursor: next })

/** A fetch whose answers the test releases one by one, in any order. */
function deferredFetch() {
  const calls: { filters: F; cursor: string | undefined; resolve: (p: Page<{ id: number }>) => void; reject: (e: unknown) => void }[] = []
  const fetch = (filters: F, cursor: string | undefined) =>
    new Promise<Page<{ id: number }>>((resolve, reject) => calls.push({ filters, cursor, resolve, reject }))
  return { calls, fetch }
}

describe('useKeysetList', () => {
  it('searches a copy of the filters and loads more with the filters of the rows shown', async () => {
    const fetch = vi.fn(async (_: F, cursor: string | undefined) => (cursor ? page([3], null) : page([1, 2], 'c1')))
    const list = useKeysetList({ initial, fetch })
    list.filters.status = ['held']
    list.filters.range = ['2026-01-01', '2026-01-31']
    await list.search()
    // Edits after the search change neither what is shown nor what "load more" continues.
    list.filters.status.push('decided')
    list.filters.range[1] = '2026-12-31'
    list.filters.q = 'other'
    expect(list.applied.value).toEqual({ status: ['held'], range: ['2026-01-01', '2026-01-31'], q: '' })
    await list.loadMore()
    expect(fetch.mock.calls.map(([f, c]) => [f.status, f.range, f.q, c])).toEqual([
      [['held'], ['2026-01-01', '2026-01-31'], '', undefined],
      [['held'], ['2026-01-01', '2026-01-31'], '', 'c1'],
    ])
    expect(list.items.value.map((x) => x.id)).toEqual([1, 2, 3])
    expect(list.nextCursor.value).toBeNull()
    // Nothing after the last page.
    await list.loadMore()
    expect(fetch).toHaveBeenCalledTimes(2)
  })

  it('replaces the rows on a new search and resets to the initial filters', async () => {
    const fetch = vi.fn(async (f: F) => (f.q ? page([7], 'c') : page([8], null)))
    const list = useKeysetList({ initial, fetch })
    list.setFilters({ status: ['proposed'], range: null, q: '盗窃' })
    await list.search()
    expect(list.items.value.map((x) => x.id)).toEqual([7])
    await list.resetFilters()
    expect(list.filters).toEqual(initial())
    expect(fetch.mock.calls.at(-1)?.[0]).toEqual(initial())
    expect(list.items.value.map((x) => x.id)).toEqual([8])
    expect(list.nextCursor.value).toBeNull()
  })

  it('keeps and rethrows a failure, with the rows shown before', async () => {
    const d = deferredFetch()
    const list = useKeysetList({ initial, fetch: d.fetch })
    const first = list.search()
    expect(list.loading.value).toBe(true)
    d.calls[0]?.resolve(page([1], 'c1'))
    await first
    const more = list.loadMore()
    const boom = new Error('offline')
    d.calls[1]?.reject(boom)
    await expect(more).rejects.toBe(boom)
    expect(list.error.value).toBe(boom)
    expect(list.loading.value).toBe(false)
    expect(list.items.value.map((x) => x.id)).toEqual([1])
    expect(list.nextCursor.value).toBe('c1')
    // The next success clears the error.
    const again = list.loadMore()
    d.calls[2]?.resolve(page([2], null))
    await again
    expect(list.error.value).toBeNull()
    expect(list.items.value.map((x) => x.id)).toEqual([1, 2])
  })

  it('drops the answer of a search a newer one superseded', async () => {
    const d = deferredFetch()
    const list = useKeysetList({ initial, fetch: d.fetch })
    list.filters.q = 'old'
    const older = list.search()
    list.filters.q = 'new'
    const newer = list.search()
    d.calls[1]?.resolve(page([2], null))
    await newer
    expect(list.loading.value).toBe(false)
    d.calls[0]?.resolve(page([1], 'c-old'))
    await older
    expect(list.items.value.map((x) => x.id)).toEqual([2])
    expect(list.nextCursor.value).toBeNull()
    expect(list.applied.value.q).toBe('new')
    // A superseded failure is not reported either.
    const stale = list.search()
    const latest = list.search()
    d.calls[2]?.reject(new Error('late'))
    await stale
    d.calls[3]?.resolve(page([3], null))
    await latest
    expect(list.error.value).toBeNull()
    expect(list.items.value.map((x) => x.id)).toEqual([3])
  })
})

describe('copyFilters', () => {
  it('copies reactive filters deeply, sharing nothing', () => {
    const f = reactive<F>({ status: ['a'], range: ['2026-01-01', '2026-01-02'], q: 'x' })
    const c = copyFilters(f)
    f.status.push('b')
    f.range![0] = '2025-01-01'
    expect(c).toEqual({ status: ['a'], range: ['2026-01-01', '2026-01-02'], q: 'x' })
    expect(copyFilters({ unitId: undefined, n: null, d: 3 })).toEqual({ unitId: undefined, n: null, d: 3 })
  })
})

describe('useKeysetList pages', () => {
  type P = Page<{ id: number }>
  const answer = (ids: number[], next: string | null, total?: number | null, exact = true): P => ({
    items: ids.map((id) => ({ id })),
    next_cursor: next,
    total,
    total_exact: exact,
  })

  it('reaches a page by the cursor of the page before when known, else by offset, and only within the offset bound', async () => {
    const fetch = vi.fn(async (_: F, cursor: string | undefined, p: { limit: number; offset?: number; sort?: string }) =>
      answer([p.offset ?? (cursor ? 99 : 0)], 'next' + (p.offset ?? cursor ?? ''), cursor ? null : 100000, false),
    )
    const list = useKeysetList({ initial, fetch, pageSize: 20 })
    await list.search()
    expect(list.total.value).toBe(100000)
    expect(list.totalExact.value).toBe(false)
    // 100,000 rows, but page numbers reach 2000 / 20 + 1 = 101 pages by offset.
    expect(list.pageCount.value).toBe(101)
    await list.goToPage(2)
    expect(fetch.mock.calls[1]?.[1]).toBe('next')
    expect(fetch.mock.calls[1]?.[2]).toEqual({ limit: 20 })
    await list.goToPage(5)
    expect(fetch.mock.calls[2]?.[1]).toBeUndefined()
    expect(fetch.mock.calls[2]?.[2]).toEqual({ limit: 20, offset: 80 })
    // A cursor page keeps the total it had.
    expect(list.total.value).toBe(100000)
    await list.goToPage(500)
    expect(fetch).toHaveBeenCalledTimes(3)
    expect(list.page.value).toBe(5)
  })

  it('sorts and resizes from the first page, and appends on load more', async () => {
    const fetch = vi.fn(async (_: F, cursor: string | undefined, _p: { limit: number }) =>
      cursor ? answer([3], null) : answer([1, 2], 'c1', 3),
    )
    const list = useKeysetList({ initial, fetch })
    await list.search()
    await list.loadMore()
    expect(list.items.value.map((x) => x.id)).toEqual([1, 2, 3])
    expect(list.page.value).toBe(2)
    await list.setSort('-served_on')
    expect(fetch.mock.calls[2]?.[2]).toEqual({ limit: 50, sort: '-served_on' })
    expect(list.items.value.map((x) => x.id)).toEqual([1, 2])
    expect(list.page.value).toBe(1)
    await list.setPageSize(100)
    expect(fetch.mock.calls[3]?.[2]).toEqual({ limit: 100, sort: '-served_on' })
    expect(list.total.value).toBe(3)
    expect(list.totalExact.value).toBe(true)
  })
})
