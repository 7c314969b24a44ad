import { api } from './client'
import type { ChangePasswordRequest, LoginRequest, LoginResponse, MeResponse } from './types'

export const authApi = {
  login: (body: LoginRequest) => api.post<LoginResponse>('/auth/login', body, { allowUnauthorized: true }),
  me: () => api.get<MeResponse>('/auth/me', { allowUnauthorized: true }),
  logout: () => api.post<void>('/auth/logout', undefined, { allowUnauthorized: true }),
  changePassword: (body: ChangePasswordRequest) => api.post<void>('/auth/password', body),
}
