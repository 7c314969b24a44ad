import { computed, reactive, ref, toRaw, type Ref } from 'vue'
import type { Page } from '@/api/types'

/**
 * The most rows a numbered page may skip (the server's MaxListOffset):
 * page numbers reach that far by offset, later pages only by the cursor
 * of the page before (docs/decisions.md, "Page numbers on keyset lists").
 */
export const MAX_LIST_OFFSET = 2000

/** The page sizes a list offers. */
export const PAGE_SIZES = [20, 50, 100, 200] as const

/** Where a page starts besides its cursor: its size, offset and order ("key", "-key" descending, "" newest first). */
export interface PageRequest {
  limit: number
  offset?: number
  sort?: string
}

/** Where a keyset-paged list comes from: its filters and its API call. */
export interface KeysetSource<F, T> {
  /** The filters a list starts with, and returns to on reset. */
  initial: () => F
  /** One page for these filters: the first without a cursor, else the one after it. */
  fetch: (filters: F, cursor: string | undefined, page: PageRequest) => Promise<Page<T>>
  /** Rows per page to begin with (50). */
  pageSize?: number
}

/** A copy of plain filter data (objects, arrays, values) that shares nothing with the original, reactive or not. */
export function copyFilters<F>(value: F): F {
  const raw: unknown = toRaw(value)
  if (Array.isArray(raw)) return raw.map((v: unknown) => copyFilters(v)) as F
  if (raw !== null && typeof raw === 'object' && Object.getPrototypeOf(raw) === Object.prototype) {
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, copyFilters(v)])) as F
  }
  return raw as F
}

/**
 * A keyset-paged list: the filters being edited, the first page for a copy
 * of them (`search`), further pages for the filters of the rows shown
 * (`applied`) whatever has been edited since — appended ("load more") or
 * instead of the rows shown (page numbers) — the order, the page size, the
 * total, and the loading and error state. Only the latest request writes:
 * the answer to a search superseded by a newer one is dropped, so fast
 * clicking never shows stale rows. A failure is kept in `error` and
 * rethrown for the page to report.
 *
 * Page numbers: page n is fetched with the cursor that page n-1 gave when
 * that is known (the pages walked so far), else at offset (n-1)·size while
 * that is within MAX_LIST_OFFSET; `pageCount` counts only the pages that
 * can be reached so, and grows as the user walks on.
 */
export function useKeysetList<F extends object, T>(source: KeysetSource<F, T>) {
  const filters = reactive(source.initial()) as F
  /** The filters of the rows shown (an export or "load more" uses these, not half-edited ones). */
  const applied = ref(source.initial()) as Ref<F>
  const items = ref<T[]>([]) as Ref<T[]>
  const nextCursor = ref<string | null>(null)
  const loading = ref(false)
  const error = ref<unknown>(null)
  const pageSize = ref(source.pageSize ?? 50)
  /** The order: "" newest first, "key" ascending, "-key" descending. */
  const sort = ref('')
  /** The number of the last page shown (rows of earlier pages stay after "load more"). */
  const page = ref(1)
  /** How many rows the filters match, and whether that is exact (else an estimate); null before the first page. */
  const total = ref<number | null>(null)
  const totalExact = ref(true)
  /** cursors[n]: the cursor of page n, from page n-1's answer; furthest is the highest such n. */
  let cursors = new Map<number, string>()
  const furthest = ref(1)
  let latest = 0

  interface Target {
    cursor?: string
    offset?: number
    pageNo: number
    append: boolean
  }

  async function load(f: F, to: Target): Promise<void> {
    const n = ++latest
    loading.value = true
    error.value = null
    try {
      const req: PageRequest = { limit: pageSize.value }
      if (to.offset) req.offset = to.offset
      if (sort.value) req.sort = sort.value
      const answer = await source.fetch(f, to.cursor, req)
      if (n !== latest) return
      if (to.pageNo === 1 && !to.cursor) {
        cursors = new Map()
        furthest.value = 1
      }
      items.value = to.append ? [...items.value, ...answer.items] : answer.items
      nextCursor.value = answer.next_cursor
      if (answer.next_cursor) {
        cursors.set(to.pageNo + 1, answer.next_cursor)
        furthest.value = Math.max(furthest.value, to.pageNo + 1)
      }
      if (answer.total !== undefined && answer.total !== null) {
        total.value = answer.total
        totalExact.value = answer.total_exact ?? true
      } else if (answer.total === undefined && !to.cursor && !to.append) {
        total.value = null
      }
      page.value = to.pageNo
      applied.value = f
    } catch (e) {
      if (n !== latest) return
      error.value = e
      throw e
    } finally {
      if (n === latest) loading.value = false
    }
  }

  /** The first page for the filters as they are now. */
  const search = () => load(copyFilters(filters), { pageNo: 1, append: false })
  /** The next page for the filters of the rows shown, after the rows shown. */
  const loadMore = () =>
    nextCursor.value ? load(applied.value, { cursor: nextCursor.value, pageNo: page.value + 1, append: true }) : Promise.resolve()

  /** Whether page n can be fetched: by a known cursor, or by an offset within MAX_LIST_OFFSET. */
  function reachable(n: number): boolean {
    return n === 1 || cursors.has(n) || (n - 1) * pageSize.value <= MAX_LIST_OFFSET
  }

  /** Page n instead of the rows shown, for the filters of the rows shown. */
  function goToPage(n: number): Promise<void> {
    if (n < 1 || !reachable(n)) return Promise.resolve()
    const cursor = cursors.get(n)
    if (cursor) return load(applied.value, { cursor, pageNo: n, append: false })
    return load(applied.value, { offset: (n - 1) * pageSize.value, pageNo: n, append: false })
  }

  /** The pages that can be reached: those the total implies, within the offset bound or walked to by cursor. */
  const pageCount = computed(() => {
    const walked = Math.max(furthest.value, page.value)
    if (total.value === null) return walked
    const all = Math.max(1, Math.ceil(total.value / pageSize.value))
    const byOffset = Math.floor(MAX_LIST_OFFSET / pageSize.value) + 1
    return Math.max(Math.min(all, Math.max(byOffset, walked)), walked)
  })

  /** Another order: the first page in it ("" newest first). */
  function setSort(s: string): Promise<void> {
    sort.value = s
    return load(applied.value, { pageNo: 1, append: false })
  }

  /** Another page size: the first page with it. */
  function setPageSize(n: number): Promise<void> {
    pageSize.value = n
    return load(applied.value, { pageNo: 1, append: false })
  }

  /** Replaces the filters being edited (e.g. with those of the address), without searching. */
  function setFilters(f: F): void {
    Object.assign(filters, copyFilters(f))
  }

  /** Back to the initial filters, and search. */
  function resetFilters(): Promise<void> {
    setFilters(source.initial())
    return search()
  }

  return {
    filters,
    applied,
    items,
    nextCursor,
    loading,
    error,
    search,
    loadMore,
    setFilters,
    resetFilters,
    pageSize,
    sort,
    page,
    total,
    totalExact,
    pageCount,
    goToPage,
    setSort,
    setPageSize,
  }
}
