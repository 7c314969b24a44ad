import { api, download, upload, type UploadOptions } from './client'
import type {
  Attachment,
  BatchApprovalRequest,
  BatchApprovalResponse,
  FollowUp,
  FollowUpRequest,
  Id,
  Reply,
  ReplyRequest,
  Suggestion,
  SuggestionList,
  SuggestionQuery,
  SuggestionRequest,
  TransitionRequest,
  Verification,
  VerificationRequest,
  WorkResponse,
} from './types'

export const suggestionsApi = {
  list: (query: SuggestionQuery) => api.get<SuggestionList>('/suggestions', { query: { ...query } }),
  /** The filtered list as an Excel workbook (paging is ignored); with ids, only those rows (the selection). */
  export: (query: SuggestionQuery, ids?: Id[]) =>
    download('/suggestions/export.xlsx', {
      query: { ...query, limit: undefined, cursor: undefined, offset: undefined, sort: undefined, ids: ids?.length ? ids.join(',') : undefined },
    }),
  /** Approves several suggestions with one opinion, all or none. */
  approveMany: (body: BatchApprovalRequest) => api.post<BatchApprovalResponse>('/suggestions/approvals', body),
  work: () => api.get<WorkResponse>('/suggestions/work'),
  get: (id: Id) => api.get<Suggestion>(`/suggestions/${id}`),
  create: (body: SuggestionRequest) => api.post<Suggestion>('/suggestions', body),
  update: (id: Id, body: SuggestionRequest) => api.patch<Suggestion>(`/suggestions/${id}`, body),
  transition: (id: Id, body: TransitionRequest) => api.post<Suggestion>(`/suggestions/${id}/transitions`, body),
  addReply: (id: Id, body: ReplyRequest) => api.post<Reply>(`/suggestions/${id}/replies`, body),
  addFollowUp: (id: Id, body: FollowUpRequest) => api.post<FollowUp>(`/suggestions/${id}/followups`, body),
  addVerification: (id: Id, body: VerificationRequest) => api.post<Verification>(`/suggestions/${id}/verification`, body),
  attach: (id: Id, file: File, opts?: UploadOptions) => upload<Attachment>(`/suggestions/${id}/attachments`, file, file.name, opts),
}
