import { reactive, ref } from 'vue'
import { suggestionsApi } from '@/api/suggestions'
import type { SuggestionSummary } from '@/api/types'
import { saveBlob } from '@/utils/download'
import { emptyFilters, filtersToApi, type SuggestionFilters } from '@/utils/suggestionQuery'
import { todayDate } from '@/utils/format'

export const SUGGESTIONS_PAGE_SIZE = 50

/** The suggestion list: filters, keyset "load more", and the Excel export of what is shown. */
export function useSuggestions() {
  const filters = reactive<SuggestionFilters>(emptyFilters())
  /** The filters of the rows shown (the export uses these, not half-edited ones). */
  const applied = ref<SuggestionFilters>(emptyFilters())
  const items = ref<SuggestionSummary[]>([])
  const nextCursor = ref<string | null>(null)
  const loading = ref(false)
  const exporting = ref(false)
  const error = ref<unknown>(null)

  async function fetchPage(cursor?: string): Promise<void> {
    const f: SuggestionFilters = cursor ? applied.value : { ...filters, status: [...filters.status] }
    loading.value = true
    error.value = null
    try {
      const page = await suggestionsApi.list({ ...filtersToApi(f), limit: SUGGESTIONS_PAGE_SIZE, cursor })
      items.value = cursor ? [...items.value, ...page.items] : page.items
      nextCursor.value = page.next_cursor
      applied.value = f
    } catch (e) {
      error.value = e
      throw e
    } finally {
      loading.value = false
    }
  }

  const search = () => fetchPage()
  const loadMore = () => (nextCursor.value ? fetchPage(nextCursor.value) : Promise.resolve())

  function setFilters(f: SuggestionFilters): void {
    Object.assign(filters, { ...f, status: [...f.status] })
  }

  function resetFilters(): Promise<void> {
    setFilters(emptyFilters())
    return search()
  }

  /** Downloads export.xlsx with the filters of the list shown; resolves to the file name. */
  async function exportExcel(): Promise<string> {
    exporting.value = true
    try {
      const { blob, filename } = await suggestionsApi.export(filtersToApi(applied.value))
      const name = filename ?? `suggestions_${todayDate()}.xlsx`
      saveBlob(blob, name)
      return name
    } finally {
      exporting.value = false
    }
  }

  return { filters, applied, items, nextCursor, loading, exporting, error, search, loadMore, setFilters, resetFilters, exportExcel }
}
