import { api } from './client'
import type { Rules } from './types'

export const rulesApi = {
  /** The rules the client applies before the server does. */
  get: () => api.get<Rules>('/rules'),
}
