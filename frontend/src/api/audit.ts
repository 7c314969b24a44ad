import { api } from './client'
import type { AuditEventList, AuditQuery } from './types'

export const auditApi = {
  list: (query: AuditQuery) => api.get<AuditEventList>('/audit-events', { query: { ...query } }),
}
