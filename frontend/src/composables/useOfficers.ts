import { officersApi } from '@/api/hearings'
import type { HearingOfficer, Id, OfficerPatchRequest, OfficerRequest } from '@/api/types'
import { useKeysetList } from './useKeysetList'

export interface OfficerFilters {
  category: string
  status: string
  q: string
}

/** The filters of the whole pool. */
export function emptyOfficerFilters(): OfficerFilters {
  return { category: '', status: '', q: '' }
}

/** The hearing officer pool: filters, "load more", enrolment and revocation. */
export function useOfficers() {
  const list = useKeysetList<OfficerFilters, HearingOfficer>({
    initial: emptyOfficerFilters,
    fetch: (f, cursor) =>
      officersApi.list({ category: f.category || undefined, status: f.status || undefined, q: f.q.trim() || undefined, limit: 50, cursor }),
  })
  const { items, search } = list

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

  return { ...list, create, update }
}
