import { reactive, ref, toRaw, type Ref } from 'vue'
import type { Page } from '@/api/types'

/** Where a keyset-paged list comes from: its filters and its API call. */
export interface KeysetSource<F, T> {
  /** The filters a list starts with, and returns to on reset. */
  initial: () => F
  /** One page for these filters: the first without a cursor, else the one after it. */
  fetch: (filters: F, cursor: string | undefined) => Promise<Page<T>>
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
 * A keyset-paged list ("load more"): the filters being edited, the first
 * page for a copy of them (`search`), further pages for the filters of the
 * rows shown (`applied`) whatever has been edited since, and the loading
 * and error state. Only the latest request writes: the answer to a search
 * superseded by a newer one is dropped, so fast clicking never shows stale
 * rows. A failure is kept in `error` and rethrown for the page to report.
 */
export function useKeysetList<F extends object, T>(source: KeysetSource<F, T>) {
  const filters = reactive(source.initial()) as F
  /** The filters of the rows shown (an export or "load more" uses these, not half-edited ones). */
  const applied = ref(source.initial()) as Ref<F>
  const items = ref<T[]>([]) as Ref<T[]>
  const nextCursor = ref<string | null>(null)
  const loading = ref(false)
  const error = ref<unknown>(null)
  let latest = 0

  async function load(f: F, cursor?: string): Promise<void> {
    const n = ++latest
    loading.value = true
    error.value = null
    try {
      const page = await source.fetch(f, cursor)
      if (n !== latest) return
      items.value = cursor ? [...items.value, ...page.items] : page.items
      nextCursor.value = page.next_cursor
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
  const search = () => load(copyFilters(filters))
  /** The next page for the filters of the rows shown. */
  const loadMore = () => (nextCursor.value ? load(applied.value, nextCursor.value) : Promise.resolve())

  /** Replaces the filters being edited (e.g. with those of the address), without searching. */
  function setFilters(f: F): void {
    Object.assign(filters, copyFilters(f))
  }

  /** Back to the initial filters, and search. */
  function resetFilters(): Promise<void> {
    setFilters(source.initial())
    return search()
  }

  return { filters, applied, items, nextCursor, loading, error, search, loadMore, setFilters, resetFilters }
}
