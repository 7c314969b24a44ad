import { ref } from 'vue'
import { casesApi } from '@/api/cases'
import type { Case, CaseEventRecord, CaseEventRequest, CaseRequest, CaseSummary, Id } from '@/api/types'
import { caseFiltersToApi, emptyCaseFilters, type CaseFilters } from '@/utils/caseQuery'
import { useKeysetList } from './useKeysetList'

export const CASES_PAGE_SIZE = 50

/** The case list: filters (kept for the address) and keyset "load more". */
export function useCases() {
  return useKeysetList<CaseFilters, CaseSummary>({
    initial: emptyCaseFilters,
    fetch: (f, cursor, page) => casesApi.list({ ...caseFiltersToApi(f), ...page, cursor }),
    pageSize: CASES_PAGE_SIZE,
  })
}

/** One case with its events and linked records; events are added in place. */
export function useCase() {
  const record = ref<Case | null>(null)
  const loading = ref(false)

  async function load(id: Id): Promise<void> {
    loading.value = true
    try {
      record.value = await casesApi.get(id)
    } finally {
      loading.value = false
    }
  }

  async function addEvent(body: CaseEventRequest): Promise<CaseEventRecord> {
    if (!record.value) throw new Error('no case loaded')
    const ev = await casesApi.addEvent(record.value.id, body)
    // The stage and counts are the server's to compute: reload the case.
    await load(record.value.id)
    return ev
  }

  return { record, loading, load, addEvent }
}

export function createCase(body: CaseRequest): Promise<Case> {
  return casesApi.create(body)
}
