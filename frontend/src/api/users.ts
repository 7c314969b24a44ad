import { api } from './client'
import type {
  CreateUserRequest,
  CreateUserResponse,
  ResetPasswordResponse,
  Id,
  ReplaceGrantsRequest,
  UpdateUserRequest,
  User,
  UserList,
  UserQuery,
} from './types'

export const usersApi = {
  list: (query: UserQuery) => api.get<UserList>('/users', { query: { ...query } }),
  create: (body: CreateUserRequest) => api.post<CreateUserResponse>('/users', body),
  update: (id: Id, body: UpdateUserRequest) => api.patch<User>(`/users/${id}`, body),
  replaceGrants: (id: Id, body: ReplaceGrantsRequest) => api.put<User>(`/users/${id}/grants`, body),
  unlock: (id: Id) => api.post<User>(`/users/${id}/unlock`),
  resetPassword: (id: Id) => api.post<ResetPasswordResponse>(`/users/${id}/reset-password`),
}
