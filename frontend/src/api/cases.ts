import { api, upload, type UploadOptions } from './client'
import type {
  Case,
  CaseEventRecord,
  CaseEventRequest,
  CaseList,
  CaseQuery,
  CaseRequest,
  Id,
  ImportJob,
  ImportKind,
  ImportList,
} from './types'

export const casesApi = {
  list: (query: CaseQuery) => api.get<CaseList>('/cases', { query: { ...query } }),
  get: (id: Id) => api.get<Case>(`/cases/${id}`),
  create: (body: CaseRequest) => api.post<Case>('/cases', body),
  addEvent: (id: Id, body: CaseEventRequest) => api.post<CaseEventRecord>(`/cases/${id}/events`, body),
}

export const importsApi = {
  /** Uploads a CSV or XLSX file; the server answers 202 with the queued job. */
  start: (kind: ImportKind, file: File, opts: UploadOptions = {}) =>
    upload<ImportJob>('/imports', file, file.name, { ...opts, fields: { ...opts.fields, kind } }),
  list: (query: { limit?: number; cursor?: string } = {}) => api.get<ImportList>('/imports', { query: { ...query } }),
  get: (id: Id, signal?: AbortSignal) => api.get<ImportJob>(`/imports/${id}`, { signal }),
  /** Cancels a queued or running import; the rows it has written stay. */
  cancel: (id: Id) => api.post<ImportJob>(`/imports/${id}/cancel`),
}
