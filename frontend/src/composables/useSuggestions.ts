import { ref } from 'vue'
import { suggestionsApi } from '@/api/suggestions'
import type { SuggestionSummary } from '@/api/types'
import { saveBlob } from '@/utils/download'
import { emptyFilters, filtersToApi, type SuggestionFilters } from '@/utils/suggestionQuery'
import { todayDate } from '@/utils/format'
import { useKeysetList } from './useKeysetList'

export const SUGGESTIONS_PAGE_SIZE = 50

/** The suggestion list: filters, keyset "load more", and the Excel export of what is shown. */
export function useSuggestions() {
  const list = useKeysetList<SuggestionFilters, SuggestionSummary>({
    initial: emptyFilters,
    fetch: (f, cursor) => suggestionsApi.list({ ...filtersToApi(f), limit: SUGGESTIONS_PAGE_SIZE, cursor }),
  })
  const exporting = ref(false)

  /** Downloads export.xlsx with the filters of the list shown; resolves to the file name. */
  async function exportExcel(): Promise<string> {
    exporting.value = true
    try {
      const { blob, filename } = await suggestionsApi.export(filtersToApi(list.applied.value))
      const name = filename ?? `suggestions_${todayDate()}.xlsx`
      saveBlob(blob, name)
      return name
    } finally {
      exporting.value = false
    }
  }

  return { ...list, exporting, exportExcel }
}
