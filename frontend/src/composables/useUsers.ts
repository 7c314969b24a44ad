import { usersApi } from '@/api/users'
import type { CreateUserRequest, CreateUserResponse, GrantInput, Id, ResetPasswordResponse, UpdateUserRequest, User } from '@/api/types'
import { useKeysetList } from './useKeysetList'

export const USERS_PAGE_SIZE = 50

export interface UserFilters {
  unit_id: Id | null
  q: string
  /** '' = all, 'true' / 'false' */
  active: '' | 'true' | 'false'
}

/** The filters a users list starts with: active accounts of every unit. */
export function initialUserFilters(): UserFilters {
  return { unit_id: null, q: '', active: 'true' }
}

/** The users list with its filters and keyset paging, and the user mutations. */
export function useUsers() {
  const list = useKeysetList<UserFilters, User>({
    initial: initialUserFilters,
    fetch: (f, cursor) =>
      usersApi.list({
        unit_id: f.unit_id ?? undefined,
        q: f.q.trim() || undefined,
        active: f.active === '' ? undefined : f.active === 'true',
        limit: USERS_PAGE_SIZE,
        cursor,
      }),
  })
  const { items } = list

  function replace(u: User): void {
    const i = items.value.findIndex((x) => x.id === u.id)
    if (i >= 0) items.value.splice(i, 1, u)
  }

  async function create(body: CreateUserRequest): Promise<CreateUserResponse> {
    const res = await usersApi.create(body)
    items.value = [res.user, ...items.value]
    return res
  }

  async function update(id: Id, body: UpdateUserRequest): Promise<User> {
    const u = await usersApi.update(id, body)
    replace(u)
    return u
  }

  async function replaceGrants(id: Id, grants: GrantInput[]): Promise<User> {
    const u = await usersApi.replaceGrants(id, { grants })
    replace(u)
    return u
  }

  async function unlock(id: Id): Promise<User> {
    const u = await usersApi.unlock(id)
    replace(u)
    return u
  }

  /** Resets a password; the answer holds the one-time password, which is not kept. */
  async function resetPassword(id: Id): Promise<ResetPasswordResponse> {
    const res = await usersApi.resetPassword(id)
    replace(res.user)
    return res
  }

  return { ...list, create, update, replaceGrants, unlock, resetPassword }
}
