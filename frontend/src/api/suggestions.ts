import { api, download, upload, type UploadOptions } from './client'
import type {
  Attachment,
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
  /** The filtered list as an Excel workbook (limit and cursor are ignored). */
  export: (query: SuggestionQuery) => download('/suggestions/export.xlsx', { query: { ...query, limit: undefined, cursor: undefined } }),
  work: () => api.get<WorkResponse>('/suggestions/work'),
  get: (id: Id) => api.get<Suggestion>(`/suggestions/${id}`),
  create: (body: SuggestionRequest) => api.post<Suggestion>('/suggestions', body),
  remove: (id: Id) => api.delete<void>(`/suggestions/${id}`),
  update: (id: Id, body: SuggestionRequest) => api.patch<Suggestion>(`/suggestions/${id}`, body),
  transition: (id: Id, body: TransitionRequest) => api.post<Suggestion>(`/suggestions/${id}/transitions`, body),
  addReply: (id: Id, body: ReplyRequest) => api.post<Reply>(`/suggestions/${id}/replies`, body),
  addFollowUp: (id: Id, body: FollowUpRequest) => api.post<FollowUp>(`/suggestions/${id}/followups`, body),
  addVerification: (id: Id, body: VerificationRequest) => api.post<Verification>(`/suggestions/${id}/verification`, body),
  attach: (id: Id, file: File, opts?: UploadOptions) => upload<Attachment>(`/suggestions/${id}/attachments`, file, file.name, opts),
}
