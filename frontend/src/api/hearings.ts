import { api } from './client'
import type {
  DrawRequest,
  DrawResponse,
  Hearing,
  HearingList,
  HearingOfficer,
  HearingOfficerList,
  HearingQuery,
  HearingRequest,
  HearingStats,
  HearingTransitionRequest,
  Id,
  OfficerPatchRequest,
  OfficerQuery,
  OfficerRequest,
  OpinionRequest,
  Participant,
  ParticipantRequest,
  PersonList,
  RecusalRequest,
} from './types'

export const hearingsApi = {
  list: (query: HearingQuery) => api.get<HearingList>('/hearings', { query: { ...query } }),
  stats: (query: { unit_id?: Id; year?: number }) => api.get<HearingStats>('/hearings/stats', { query: { ...query } }),
  get: (id: Id) => api.get<Hearing>(`/hearings/${id}`),
  create: (body: HearingRequest) => api.post<Hearing>('/hearings', body),
  update: (id: Id, body: HearingRequest) => api.patch<Hearing>(`/hearings/${id}`, body),
  transition: (id: Id, body: HearingTransitionRequest) => api.post<Hearing>(`/hearings/${id}/transitions`, body),
  addParticipant: (id: Id, body: ParticipantRequest) => api.post<Participant>(`/hearings/${id}/participants`, body),
  removeParticipant: (id: Id, pid: Id) => api.delete<void>(`/hearings/${id}/participants/${pid}`),
  opinion: (id: Id, pid: Id, body: OpinionRequest) => api.put<Participant>(`/hearings/${id}/participants/${pid}/opinion`, body),
  recusal: (id: Id, pid: Id, body: RecusalRequest) => api.post<Participant>(`/hearings/${id}/participants/${pid}/recusal`, body),
  draw: (id: Id, body: DrawRequest) => api.post<DrawResponse>(`/hearings/${id}/officer-draw`, body),
}

export const officersApi = {
  list: (query: OfficerQuery) => api.get<HearingOfficerList>('/hearing-officers', { query: { ...query } }),
  create: (body: OfficerRequest) => api.post<HearingOfficer>('/hearing-officers', body),
  update: (id: Id, body: OfficerPatchRequest) => api.patch<HearingOfficer>(`/hearing-officers/${id}`, body),
}

export const personsApi = {
  /** The master name index, searched by a name substring. */
  search: (q: string, limit = 20) => api.get<PersonList>('/persons', { query: { q, limit } }),
}
