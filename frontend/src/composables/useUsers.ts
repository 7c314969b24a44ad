import { reactive, ref } from 'vue'
import { usersApi } from '@/api/users'
import type { CreateUserRequest, CreateUserResponse, GrantInput, Id, UpdateUserRequest, User } from '@/api/types'

export const USERS_PAGE_SIZE = 50

export interface UserFilters {
  unit_id: Id | null
  q: string
  /** '' = all, 'true' / 'false' */
  active: '' | 'true' | 'false'
}

/** The users list with its filters and keyset paging, and the user mutations. */
export function useUsers() {
  const filters = reactive<UserFilters>({ unit_id: null, q: '', active: 'true' })
  const items = ref<User[]>([])
  const nextCursor = ref<string | null>(null)
  const loading = ref(false)
  const error = ref<unknown>(null)

  function query(cursor?: string) {
    return {
      unit_id: filters.unit_id ?? undefined,
      q: filters.q.trim() || undefined,
      active: filters.active === '' ? undefined : filters.active === 'true',
      limit: USERS_PAGE_SIZE,
      cursor,
    }
  }

  async function fetchPage(cursor?: string): Promise<void> {
    loading.value = true
    error.value = null
    try {
      const page = await usersApi.list(query(cursor))
      items.value = cursor ? [...items.value, ...page.items] : page.items
      nextCursor.value = page.next_cursor
    } catch (e) {
      error.value = e
      throw e
    } finally {
      loading.value = false
    }
  }

  const search = () => fetchPage()
  const loadMore = () => (nextCursor.value ? fetchPage(nextCursor.value) : Promise.resolve())

  function resetFilters(): Promise<void> {
    Object.assign(filters, { unit_id: null, q: '', active: 'true' })
    return search()
  }

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

  return { filters, items, nextCursor, loading, error, search, loadMore, resetFilters, create, update, replaceGrants, unlock }
}
