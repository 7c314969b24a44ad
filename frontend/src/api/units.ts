import { api } from './client'
import type { CreateUnitRequest, Id, Unit, UnitList, UpdateUnitRequest } from './types'

export const unitsApi = {
  list: () => api.get<UnitList>('/units'),
  create: (body: CreateUnitRequest) => api.post<Unit>('/units', body),
  update: (id: Id, body: UpdateUnitRequest) => api.patch<Unit>(`/units/${id}`, body),
  remove: (id: Id, version: number) => api.delete<void>(`/units/${id}`, { query: { version } }),
}
