import { ref, type Ref } from 'vue'
import type { Page } from '@/api/types'

/**
 * A keyset-paged list ("load more"): the first page for some filters, then
 * further pages with the same filters, whatever has been edited since.
 */
export function useKeysetList<F, T>(fetchPage: (filters: F, cursor: string | undefined) => Promise<Page<T>>) {
  const items = ref<T[]>([]) as Ref<T[]>
  const nextCursor = ref<string | null>(null)
  const loading = ref(false)
  const error = ref<unknown>(null)
  let applied: F | undefined

  async function load(filters: F, cursor?: string): Promise<void> {
    loading.value = true
    error.value = null
    try {
      const page = await fetchPage(filters, cursor)
      items.value = cursor ? [...items.value, ...page.items] : page.items
      nextCursor.value = page.next_cursor
      applied = filters
    } catch (e) {
      error.value = e
      throw e
    } finally {
      loading.value = false
    }
  }

  /** The first page for these filters. */
  const first = (filters: F) => load(filters)
  /** The next page with the filters of the rows shown. */
  const more = () => (nextCursor.value && applied !== undefined ? load(applied, nextCursor.value) : Promise.resolve())

  return { items, nextCursor, loading, error, first, more }
}
