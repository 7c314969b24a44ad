import { api, download, upload, type UploadOptions } from './client'
import type {
  Attachment,
  BatchApprovalRequest,
  BatchApprovalResponse,
  DeliveryLink,
  FollowUp,
  FollowUpRequest,
  Id,
  PendingReply,
  Portal,
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
  remove: (id: Id) => api.delete<void>(`/suggestions/${id}`),
  update: (id: Id, body: SuggestionRequest) => api.patch<Suggestion>(`/suggestions/${id}`, body),
  transition: (id: Id, body: TransitionRequest) => api.post<Suggestion>(`/suggestions/${id}/transitions`, body),
  addReply: (id: Id, body: ReplyRequest) => api.post<Reply>(`/suggestions/${id}/replies`, body),
  addFollowUp: (id: Id, body: FollowUpRequest) => api.post<FollowUp>(`/suggestions/${id}/followups`, body),
  addVerification: (id: Id, body: VerificationRequest) => api.post<Verification>(`/suggestions/${id}/verification`, body),
  /** The delivery links and the replies submitted through them. */
  portal: (id: Id) => api.get<Portal>(`/suggestions/${id}/portal`),
  createLink: (id: Id) => api.post<DeliveryLink>(`/suggestions/${id}/delivery-links`),
  /** The 送达回证 (DOCX); with the delivery link just made, its QR code too. */
  serviceReceipt: (id: Id, url?: string) => download(`/suggestions/${id}/service-receipt`, { body: { url: url ?? '' } }),
  revokeLink: (linkId: Id) => api.post<void>(`/delivery-links/${linkId}/revoke`),
  /** Accepts a submission (a reply, or evidence as a follow-up); answers it decided. */
  acceptPending: (pendingId: Id) => api.post<PendingReply>(`/pending-replies/${pendingId}/accept`),
  returnPending: (pendingId: Id, note: string) => api.post<void>(`/pending-replies/${pendingId}/return`, { note }),
  attach: (id: Id, file: File, opts?: UploadOptions) => upload<Attachment>(`/suggestions/${id}/attachments`, file, file.name, opts),
}
