import { auditApi } from '@/api/audit'
import type { AuditEvent, AuditQuery } from '@/api/types'
import { useKeysetList } from './useKeysetList'

export const AUDIT_PAGE_SIZE = 50

export interface AuditFilters {
  actor: string
  entity: string
  entity_id: string
  action: string
  /** [from, to] as YYYY-MM-DD, or null */
  range: [string, string] | null
}

/** The filters of an audit trail that shows everything in scope. */
export function emptyAuditFilters(): AuditFilters {
  return { actor: '', entity: '', entity_id: '', action: '', range: null }
}

/** The query of GET /audit-events for these filters. */
export function auditQuery(f: AuditFilters): AuditQuery {
  const trim = (s: string) => s.trim() || undefined
  return {
    actor: trim(f.actor),
    entity: trim(f.entity),
    entity_id: trim(f.entity_id),
    action: trim(f.action),
    from: f.range?.[0],
    to: f.range?.[1],
  }
}

/** The audit trail with filters and keyset "load more". */
export function useAuditEvents() {
  return useKeysetList<AuditFilters, AuditEvent>({
    initial: emptyAuditFilters,
    fetch: (f, cursor) => auditApi.list({ ...auditQuery(f), limit: AUDIT_PAGE_SIZE, cursor }),
  })
}
