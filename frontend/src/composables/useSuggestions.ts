import { ref } from 'vue'
import { suggestionsApi } from '@/api/suggestions'
import type { Id, SuggestionSummary } from '@/api/types'
import { saveBlob } from '@/utils/download'
import { emptyFilters, filtersToApi, type SuggestionFilters } from '@/utils/suggestionQuery'
import { todayDate } from '@/utils/format'
import { useKeysetList } from './useKeysetList'

export const SUGGESTIONS_PAGE_SIZE = 50

/** The suggestion list: filters, keyset "load more", and the Excel export of what is shown. */
export function useSuggestions() {
  const list = useKeysetList<SuggestionFilters, SuggestionSummary>({
    initial: emptyFilters,
    fetch: (f, cursor, page) => suggestionsApi.list({ ...filtersToApi(f), ...page, cursor }),
    pageSize: SUGGESTIONS_PAGE_SIZE,
  })
  const exporting = ref(false)

  /** Downloads export.xlsx with the filters of the list shown (only the rows ids when given); resolves to the file name. */
  async function exportExcel(ids?: Id[]): Promise<string> {
    exporting.value = true
    try {
      const { blob, filename } = await suggestionsApi.export(filtersToApi(list.applied.value), ids)
      const name = filename ?? `suggestions_${todayDate()}.xlsx`
      saveBlob(blob, name)
      return name
    } finally {
      exporting.value = false
    }
  }

  /**
   * Approves the rows of rows that await the caller's approval (allowed_actions has approve) with one
   * opinion, all or none; resolves to how many were approved and how many left out.
   */
  async function approveMany(rows: SuggestionSummary[], opinion: string): Promise<{ approved: number; skipped: number }> {
    const approvable = rows.filter((r) => r.allowed_actions.includes('approve'))
    if (approvable.length > 0) {
      await suggestionsApi.approveMany({ items: approvable.map((r) => ({ id: r.id, version: r.version })), opinion })
    }
    return { approved: approvable.length, skipped: rows.length - approvable.length }
  }

  return { ...list, exporting, exportExcel, approveMany }
}
