// Hand-written types for the JSON API under /api/v1. They mirror the
// backend contract and are to be checked against /api/openapi.json.

/** RFC 3339 timestamp with zone, e.g. "2026-11-26T09:30:00+08:00". */
export type Timestamp = string
/** Calendar date "YYYY-MM-DD" (Asia/Shanghai). */
export type DateString = string
/** Database id (int64 on the server; safe as a JS number up to 2^53). */
export type Id = number

// ---------- errors ----------

export interface ApiFieldErrorBody {
  field: string
  code: string
  message: string
  message_zh?: string
}

export interface ApiErrorBody {
  error: {
    code: string
    message: string
    message_zh?: string
    fields?: ApiFieldErrorBody[]
    /** Extra machine-readable facts, e.g. {"retry_after_seconds": 300} on 429 locked. */
    details?: Record<string, unknown>
  }
}

// ---------- roles, units, permissions ----------

export type Role = 'admin' | 'chief' | 'supervisor' | 'prosecutor' | 'clerk'
export const ROLES: readonly Role[] = ['admin', 'chief', 'supervisor', 'prosecutor', 'clerk']

export type UnitLevel = 'province' | 'branch' | 'basic'
export const UNIT_LEVELS: readonly UnitLevel[] = ['province', 'branch', 'basic']

/** Permission strings such as "unit:read"; the server decides the list. */
export type Permission = string

// ---------- auth ----------

export interface SessionUser {
  id: Id
  username: string
  name: string
  must_change_password: boolean
}

export interface UnitSummary {
  id: Id
  code: string
  name: string
  short_name: string
  level: UnitLevel
}

export interface Grant {
  role: Role
  unit_id: Id
  unit_code: string
  unit_name: string
}

export interface LoginRequest {
  username: string
  password: string
}

export interface LoginResponse {
  user: SessionUser
  csrf_token: string
}

export interface MeResponse {
  user: SessionUser
  unit: UnitSummary
  grants: Grant[]
  permissions: Permission[]
  csrf_token: string
}

export interface ChangePasswordRequest {
  current_password: string
  new_password: string
}

// ---------- units ----------

export interface Unit {
  id: Id
  code: string
  name: string
  short_name: string
  level: UnitLevel
  parent_id: Id | null
  /** Materialised path of unit codes, e.g. "/420000/429000/429004". */
  path: string
  active: boolean
  version: number
}

export interface UnitList {
  items: Unit[]
  /** Always null today: every visible unit comes in one answer. */
  next_cursor?: string | null
}

export interface CreateUnitRequest {
  code: string
  name: string
  short_name: string
  level: UnitLevel
  parent_id: Id | null
}

export interface UpdateUnitRequest {
  name?: string
  short_name?: string
  parent_id?: Id | null
  active?: boolean
  version: number
}

// ---------- users ----------

/** The unit a user belongs to (the server's unitRef, same fields as UnitSummary). */
export type UnitRef = UnitSummary

export interface User {
  id: Id
  username: string
  name: string
  unit: UnitRef
  active: boolean
  must_change_password: boolean
  grants: Grant[]
  version: number
}

export interface Page<T> {
  items: T[]
  next_cursor: string | null
}

export type UserList = Page<User>

export interface UserQuery {
  unit_id?: Id
  q?: string
  active?: boolean
  limit?: number
  cursor?: string
}

export interface GrantInput {
  role: Role
  unit_id: Id
}

export interface CreateUserRequest {
  username: string
  name: string
  unit_id: Id
  grants: GrantInput[]
}

export interface CreateUserResponse {
  user: User
  temporary_password: string
}

export interface UpdateUserRequest {
  name?: string
  unit_id?: Id
  active?: boolean
  version: number
}

export interface ReplaceGrantsRequest {
  grants: GrantInput[]
}

// ---------- audit ----------

/** A JSON object as stored in the audit trail. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }
export type JsonObject = { [key: string]: JsonValue }

export interface AuditEvent {
  id: Id
  at: Timestamp
  actor: string
  actor_id: Id | null
  unit_id: Id | null
  action: string
  entity: string
  entity_id: string
  before: JsonObject | null
  after: JsonObject | null
  request_id: string
  client_ip: string
}

export type AuditEventList = Page<AuditEvent>

export interface AuditQuery {
  actor?: string
  entity?: string
  entity_id?: string
  action?: string
  from?: DateString
  to?: DateString
  limit?: number
  cursor?: string
}
