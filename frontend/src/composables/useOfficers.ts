import { reactive, ref } from 'vue'
import { officersApi } from '@/api/hearings'
import type { HearingOfficer, Id, OfficerPatchRequest, OfficerRequest } from '@/api/types'

export interface OfficerFilters {
  category: string
  status: string
  q: string
}

/** The hearing officer pool: filters, "load more", enrolment and revocation. */
export function useOfficers() {
  const filters = reactive<OfficerFilters>({ category: '', status: '', q: '' })
  const items = ref<HearingOfficer[]>([])
  const nextCursor = ref<string | null>(null)
  const loading = ref(false)
  let applied: OfficerFilters = { ...filters }

  async function fetchPage(cursor?: string): Promise<void> {
    const f = cursor ? applied : { ...filters }
    loading.value = true
    try {
      const page = await officersApi.list({
        category: f.category || undefined,
        status: f.status || undefined,
        q: f.q.trim() || undefined,
        limit: 50,
        cursor,
      })
      items.value = cursor ? [...items.value, ...page.items] : page.items
      nextCursor.value = page.next_cursor
      applied = f
    } finally {
      loading.value = false
    }
  }

  const search = () => fetchPage()
  const loadMore = () => (nextCursor.value ? fetchPage(nextCursor.value) : Promise.resolve())

  async function create(body: OfficerRequest): Promise<HearingOfficer> {
    const o = await officersApi.create(body)
    await search()
    return o
  }

  async function update(id: Id, body: OfficerPatchRequest): Promise<HearingOfficer> {
    const o = await officersApi.update(id, body)
    items.value = items.value.map((x) => (x.id === id ? o : x))
    return o
  }

  return { filters, items, nextCursor, loading, search, loadMore, create, update }
}
