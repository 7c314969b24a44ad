import { api, download } from './client'
import type {
  BimonthlyReport,
  ClassCaseAnalysis,
  DateString,
  Id,
  IndicatorDef,
  IndicatorList,
  IndicatorRequest,
  MetricsQuery,
  MetricsResponse,
  QuantityList,
  ReportQuery,
  ReportScoring,
  ReportSnapshot,
  ReportSnapshotList,
  SnapshotRequest,
} from './types'

export const indicatorsApi = {
  list: () => api.get<IndicatorList>('/indicators'),
  quantities: () => api.get<QuantityList>('/indicators/quantities'),
  create: (body: IndicatorRequest) => api.post<IndicatorDef>('/indicators', body),
  /** A revision: the server keeps the old version for past reports. */
  revise: (code: string, body: IndicatorRequest) => api.put<IndicatorDef>(`/indicators/${encodeURIComponent(code)}`, body),
}

export const metricsApi = {
  get: (query: MetricsQuery, signal?: AbortSignal) => api.get<MetricsResponse>('/metrics', { query: { ...query }, signal }),
}

export interface ClassCaseQuery {
  unit_id?: Id
  from: DateString
  to: DateString
  /** 上期: previous (the same-length period before, the default) or year_ago. */
  compare?: 'previous' | 'year_ago'
}

export const analysisApi = {
  classCases: (category: string, query: ClassCaseQuery, signal?: AbortSignal) =>
    api.get<ClassCaseAnalysis>(`/analysis/class-cases/${encodeURIComponent(category)}`, { query: { ...query }, signal }),
}

export const reportsApi = {
  bimonthly: (query: ReportQuery) => api.get<BimonthlyReport>('/reports/bimonthly', { query: { ...query } }),
  export: (query: ReportQuery) => download('/reports/bimonthly/export.xlsx', { query: { ...query } }),
  scoring: () => api.get<ReportScoring>('/reports/scoring'),
  putScoring: (body: ReportScoring) => api.put<ReportScoring>('/reports/scoring', body),
  snapshot: (body: SnapshotRequest) => api.post<ReportSnapshot>('/reports/snapshots', body),
  snapshots: (query: { unit_id?: Id; limit?: number; cursor?: string } = {}) =>
    api.get<ReportSnapshotList>('/reports/snapshots', { query: { ...query } }),
  getSnapshot: (id: Id) => api.get<ReportSnapshot>(`/reports/snapshots/${id}`),
}
