import { reactive, ref } from 'vue'
import { auditApi } from '@/api/audit'
import type { AuditEvent, AuditQuery } from '@/api/types'

export const AUDIT_PAGE_SIZE = 50

export interface AuditFilters {
  actor: string
  entity: string
  entity_id: string
  action: string
  /** [from, to] as YYYY-MM-DD, or null */
  range: [string, string] | null
}

/** The audit trail with filters and keyset "load more". */
export function useAuditEvents() {
  const filters = reactive<AuditFilters>({ actor: '', entity: '', entity_id: '', action: '', range: null })
  const items = ref<AuditEvent[]>([])
  const nextCursor = ref<string | null>(null)
  const loading = ref(false)
  const error = ref<unknown>(null)

  function query(cursor?: string): AuditQuery {
    const trim = (s: string) => s.trim() || undefined
    return {
      actor: trim(filters.actor),
      entity: trim(filters.entity),
      entity_id: trim(filters.entity_id),
      action: trim(filters.action),
      from: filters.range?.[0],
      to: filters.range?.[1],
      limit: AUDIT_PAGE_SIZE,
      cursor,
    }
  }

  async function fetchPage(cursor?: string): Promise<void> {
    loading.value = true
    error.value = null
    try {
      const page = await auditApi.list(query(cursor))
      items.value = cursor ? [...items.value, ...page.items] : page.items
      nextCursor.value = page.next_cursor
    } catch (e) {
      error.value = e
      throw e
    } finally {
      loading.value = false
    }
  }

  const search = () => fetchPage()
  const loadMore = () => (nextCursor.value ? fetchPage(nextCursor.value) : Promise.resolve())

  function resetFilters(): Promise<void> {
    Object.assign(filters, { actor: '', entity: '', entity_id: '', action: '', range: null })
    return search()
  }

  return { filters, items, nextCursor, loading, error, search, loadMore, resetFilters }
}
