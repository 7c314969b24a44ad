// A small fetch wrapper for the JSON API: same-origin cookies, the CSRF
// header on unsafe methods, and one typed error for every failure.
import type { ApiErrorBody, ApiFieldErrorBody } from './types'

export const API_BASE = '/api/v1'

/** A failed request: the server's error body, or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly messageZh: string | undefined
  readonly fields: ApiFieldErrorBody[]
  /** Seconds to wait (429), from Retry-After or details.retry_after_seconds. */
  readonly retryAfter: number | undefined
  readonly details: Record<string, unknown>

  constructor(init: {
    status: number
    code: string
    message: string
    messageZh?: string
    fields?: ApiFieldErrorBody[]
    retryAfter?: number
    details?: Record<string, unknown>
  }) {
    super(init.message)
    this.name = 'ApiError'
    this.status = init.status
    this.code = init.code
    this.messageZh = init.messageZh
    this.fields = init.fields ?? []
    this.retryAfter = init.retryAfter
    this.details = init.details ?? {}
  }

  /** The message in the user's language, falling back to the English one. */
  localized(locale: string): string {
    if (locale.startsWith('zh') && this.messageZh) return this.messageZh
    return this.message
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError
}

export interface ClientHooks {
  /** The current CSRF token, sent on unsafe methods. */
  csrfToken: () => string | null
  /** Called on a 401 from any request that did not opt out. */
  onUnauthorized: () => void
  /** Called on a 403 password_change_required. */
  onPasswordChangeRequired: () => void
}

const hooks: ClientHooks = {
  csrfToken: () => null,
  onUnauthorized: () => {},
  onPasswordChangeRequired: () => {},
}

/** Connects the client to the auth store and the router (done once in main.ts). */
export function configureClient(h: Partial<ClientHooks>): void {
  Object.assign(hooks, h)
}

export type QueryValue = string | number | boolean | null | undefined
export type Query = Record<string, QueryValue>

export interface RequestOptions {
  query?: Query
  body?: unknown
  /** Do not call onUnauthorized on 401 (login, the initial /auth/me). */
  allowUnauthorized?: boolean
  signal?: AbortSignal
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export function buildUrl(path: string, query?: Query): string {
  const url = API_BASE + path
  if (!query) return url
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue
    params.append(k, String(v))
  }
  const qs = params.toString()
  return qs ? `${url}?${qs}` : url
}

function isErrorBody(v: unknown): v is ApiErrorBody {
  if (typeof v !== 'object' || v === null || !('error' in v)) return false
  const e = (v as { error: unknown }).error
  return typeof e === 'object' && e !== null && typeof (e as { code: unknown }).code === 'string'
}

/** Turns a non-2xx response into an ApiError, whatever its body. */
export async function parseError(res: Response): Promise<ApiError> {
  const retryHeader = res.headers.get('Retry-After')
  const retry = retryHeader !== null ? Number.parseInt(retryHeader, 10) : Number.NaN
  const retryAfter = Number.isFinite(retry) ? retry : undefined
  let body: unknown = null
  try {
    body = await res.json()
  } catch {
    body = null
  }
  if (isErrorBody(body)) {
    const e = body.error
    const details = typeof e.details === 'object' && e.details !== null ? e.details : {}
    const fromDetails = details.retry_after_seconds
    return new ApiError({
      status: res.status,
      code: e.code,
      message: e.message || e.code,
      messageZh: e.message_zh,
      fields: Array.isArray(e.fields) ? e.fields : [],
      retryAfter: retryAfter ?? (typeof fromDetails === 'number' ? fromDetails : undefined),
      details,
    })
  }
  return new ApiError({
    status: res.status,
    code: `http_${res.status}`,
    message: res.statusText || `HTTP ${res.status}`,
    retryAfter,
  })
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  const init: RequestInit = { method, headers, credentials: 'same-origin', signal: opts.signal }
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(opts.body)
  }
  if (UNSAFE.has(method)) {
    const token = hooks.csrfToken()
    if (token) headers['X-CSRF-Token'] = token
  }

  let res: Response
  try {
    res = await fetch(buildUrl(path, opts.query), init)
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause
    throw new ApiError({ status: 0, code: 'network_error', message: 'Network error' })
  }

  if (!res.ok) {
    const err = await parseError(res)
    if (err.status === 401 && !opts.allowUnauthorized) hooks.onUnauthorized()
    if (err.status === 403 && err.code === 'password_change_required') hooks.onPasswordChangeRequired()
    throw err
  }
  if (res.status === 204) return undefined as T
  const text = await res.text()
  return (text ? JSON.parse(text) : undefined) as T
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PATCH', path, { ...opts, body }),
  delete: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
}

/** A downloaded file: its content and the name the server suggested. */
export interface Download {
  blob: Blob
  filename: string | null
}

/**
 * The file name of a Content-Disposition header: RFC 5987 `filename*=UTF-8''…`
 * first, then a plain (possibly quoted) `filename=`.
 */
export function dispositionFilename(header: string | null): string | null {
  if (!header) return null
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header)
  if (star?.[2]) {
    try {
      return decodeURIComponent(star[2].trim().replace(/^"|"$/g, ''))
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]+)/i.exec(header)
  if (!plain) return null
  const name = plain[2] !== undefined ? plain[2].replace(/\\(.)/g, '$1') : (plain[1] ?? '').trim()
  return name || null
}

/** GETs a file (e.g. an Excel export) with the same error handling as JSON requests. */
export async function download(path: string, opts: { query?: Query; signal?: AbortSignal; body?: unknown } = {}): Promise<Download> {
  // With a body it is a POST (a document made from what the body says), with the CSRF header.
  const init: RequestInit = { credentials: 'same-origin', signal: opts.signal }
  if (opts.body !== undefined) {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' }
    const token = hooks.csrfToken()
    if (token) headers['X-CSRF-Token'] = token
    Object.assign(init, { method: 'POST', headers, body: JSON.stringify(opts.body) })
  }
  let res: Response
  try {
    res = await fetch(buildUrl(path, opts.query), init)
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause
    throw new ApiError({ status: 0, code: 'network_error', message: 'Network error' })
  }
  if (!res.ok) {
    const err = await parseError(res)
    if (err.status === 401) hooks.onUnauthorized()
    if (err.status === 403 && err.code === 'password_change_required') hooks.onPasswordChangeRequired()
    throw err
  }
  return { blob: await res.blob(), filename: dispositionFilename(res.headers.get('Content-Disposition')) }
}

export interface UploadOptions {
  /** Called with the fraction sent so far (0–1). */
  onProgress?: (fraction: number) => void
  signal?: AbortSignal
  /** Other form fields sent before the file (e.g. an import's kind). */
  fields?: Record<string, string>
}

/**
 * POSTs one file as multipart field `file`, reporting upload progress
 * (fetch cannot), with the CSRF header and the usual error handling.
 */
export function upload<T>(path: string, file: Blob, filename: string, opts: UploadOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', buildUrl(path))
    xhr.withCredentials = true
    xhr.setRequestHeader('Accept', 'application/json')
    const token = hooks.csrfToken()
    if (token) xhr.setRequestHeader('X-CSRF-Token', token)
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) opts.onProgress?.(e.loaded / e.total)
    }
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'network_error', message: 'Network error' }))
    xhr.onabort = () => reject(new DOMException('Upload aborted', 'AbortError'))
    xhr.onload = () => {
      const headers = new Headers()
      const retry = xhr.getResponseHeader('Retry-After')
      if (retry) headers.set('Retry-After', retry)
      const res = new Response(xhr.status === 204 ? null : xhr.responseText, { status: xhr.status, statusText: xhr.statusText, headers })
      if (xhr.status >= 200 && xhr.status < 300) {
        opts.onProgress?.(1)
        resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T)
        return
      }
      void parseError(res).then((err) => {
        if (err.status === 401) hooks.onUnauthorized()
        if (err.status === 403 && err.code === 'password_change_required') hooks.onPasswordChangeRequired()
        reject(err)
      })
    }
    opts.signal?.addEventListener('abort', () => xhr.abort(), { once: true })
    const form = new FormData()
    for (const [k, v] of Object.entries(opts.fields ?? {})) form.append(k, v)
    form.append('file', file, filename)
    xhr.send(form)
  })
}
