import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, api, buildUrl, configureClient, dispositionFilename, download, isApiError, parseError } from './client'

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  })
}

type FetchArgs = [input: string, init: RequestInit]

describe('api client', () => {
  const fetchMock = vi.fn<(input: string, init: RequestInit) => Promise<Response>>()
  const onUnauthorized = vi.fn()
  const onPasswordChangeRequired = vi.fn()
  let token: string | null = 'tok-123'

  beforeEach(() => {
    fetchMock.mockReset()
    onUnauthorized.mockReset()
    onPasswordChangeRequired.mockReset()
    token = 'tok-123'
    vi.stubGlobal('fetch', fetchMock)
    configureClient({ csrfToken: () => token, onUnauthorized, onPasswordChangeRequired })
  })
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  function lastCall(): FetchArgs {
    const call = fetchMock.mock.calls.at(-1)
    if (!call) throw new Error('fetch was not called')
    return call
  }
  function headersOf(init: RequestInit): Record<string, string> {
    return init.headers as Record<string, string>
  }

  it('sends same-origin credentials and parses JSON', async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { items: [1, 2] }))
    const res = await api.get<{ items: number[] }>('/units')
    expect(res.items).toEqual([1, 2])
    const [url, init] = lastCall()
    expect(url).toBe('/api/v1/units')
    expect(init.credentials).toBe('same-origin')
    expect(init.method).toBe('GET')
  })

  it('does not send the CSRF token on GET', async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, {}))
    await api.get('/auth/me')
    expect(headersOf(lastCall()[1])['X-CSRF-Token']).toBeUndefined()
  })

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'] as const)('sends the CSRF token on %s', async (method) => {
    fetchMock.mockResolvedValue(jsonResponse(200, {}))
    const call = {
      POST: () => api.post('/units', { a: 1 }),
      PUT: () => api.put('/users/1/grants', { grants: [] }),
      PATCH: () => api.patch('/units/1', { version: 1 }),
      DELETE: () => api.delete('/units/1'),
    }[method]
    await call()
    const [, init] = lastCall()
    expect(init.method).toBe(method)
    expect(headersOf(init)['X-CSRF-Token']).toBe('tok-123')
  })

  it('uses the current token at request time', async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, {}))
    token = 'rotated'
    await api.post('/auth/logout')
    expect(headersOf(lastCall()[1])['X-CSRF-Token']).toBe('rotated')
  })

  it('sends a JSON body with its content type', async () => {
    fetchMock.mockResolvedValue(jsonResponse(201, { id: 'u1' }))
    await api.post('/units', { code: '429099', parent_id: null })
    const [, init] = lastCall()
    expect(headersOf(init)['Content-Type']).toBe('application/json')
    expect(JSON.parse(init.body as string)).toEqual({ code: '429099', parent_id: null })
  })

  it('returns undefined for 204', async () => {
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }))
    await expect(api.post('/auth/logout')).resolves.toBeUndefined()
  })

  it('parses the error shape with field errors into an ApiError', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(422, {
        error: {
          code: 'validation_failed',
          message: 'Invalid input',
          message_zh: '输入有误',
          fields: [
            { field: 'code', code: 'invalid', message: 'must have 6 digits', message_zh: '应为 6 位数字' },
            { field: 'name', code: 'required', message: 'required' },
          ],
        },
      }),
    )
    const err = await api.post('/units', {}).catch((e: unknown) => e)
    expect(isApiError(err)).toBe(true)
    const e = err as ApiError
    expect(e.status).toBe(422)
    expect(e.code).toBe('validation_failed')
    expect(e.message).toBe('Invalid input')
    expect(e.messageZh).toBe('输入有误')
    expect(e.fields).toHaveLength(2)
    expect(e.fields[0]).toEqual({ field: 'code', code: 'invalid', message: 'must have 6 digits', message_zh: '应为 6 位数字' })
    expect(e.localized('zh-CN')).toBe('输入有误')
    expect(e.localized('en')).toBe('Invalid input')
    expect(onUnauthorized).not.toHaveBeenCalled()
  })

  it('reads Retry-After on 429', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(429, { error: { code: 'locked', message: 'Locked', message_zh: '已锁定' } }, { 'Retry-After': '300' }),
    )
    const e = (await api.post('/auth/login', {}, { allowUnauthorized: true }).catch((x: unknown) => x)) as ApiError
    expect(e.status).toBe(429)
    expect(e.code).toBe('locked')
    expect(e.retryAfter).toBe(300)
  })

  it('falls back to details.retry_after_seconds', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(429, { error: { code: 'locked', message: 'Locked', details: { retry_after_seconds: 120 } } }),
    )
    const e = (await api.post('/auth/login', {}, { allowUnauthorized: true }).catch((x: unknown) => x)) as ApiError
    expect(e.retryAfter).toBe(120)
    expect(e.details).toEqual({ retry_after_seconds: 120 })
  })

  it('copes with a non-JSON error body', async () => {
    fetchMock.mockResolvedValue(new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }))
    const e = (await api.get('/units').catch((x: unknown) => x)) as ApiError
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(502)
    expect(e.code).toBe('http_502')
    expect(e.fields).toEqual([])
  })

  it('turns a network failure into status 0', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'))
    const e = (await api.get('/units').catch((x: unknown) => x)) as ApiError
    expect(e.status).toBe(0)
    expect(e.code).toBe('network_error')
  })

  it('calls onUnauthorized on 401 and still rejects', async () => {
    fetchMock.mockResolvedValue(jsonResponse(401, { error: { code: 'unauthenticated', message: 'Sign in' } }))
    await expect(api.get('/units')).rejects.toMatchObject({ status: 401 })
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
  })

  it('does not redirect on 401 when the caller opts out (login, first /auth/me)', async () => {
    fetchMock.mockResolvedValue(jsonResponse(401, { error: { code: 'invalid_credentials', message: 'Wrong' } }))
    await expect(api.post('/auth/login', {}, { allowUnauthorized: true })).rejects.toMatchObject({
      code: 'invalid_credentials',
    })
    expect(onUnauthorized).not.toHaveBeenCalled()
  })

  it('calls onPasswordChangeRequired on that 403', async () => {
    fetchMock.mockResolvedValue(jsonResponse(403, { error: { code: 'password_change_required', message: 'Change it' } }))
    await expect(api.get('/units')).rejects.toMatchObject({ status: 403 })
    expect(onPasswordChangeRequired).toHaveBeenCalledTimes(1)
    expect(onUnauthorized).not.toHaveBeenCalled()
  })

  it('leaves out empty query parameters', () => {
    expect(buildUrl('/users', { q: '', unit_id: undefined, active: false, limit: 50, cursor: null })).toBe(
      '/api/v1/users?active=false&limit=50',
    )
    expect(buildUrl('/users', { q: '张 三' })).toBe('/api/v1/users?q=%E5%BC%A0+%E4%B8%89')
  })

  it('parseError keeps an empty message usable', async () => {
    const e = await parseError(jsonResponse(409, { error: { code: 'version_conflict', message: '' } }))
    expect(e.message).toBe('version_conflict')
  })
})

describe('downloads', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('reads the file name of Content-Disposition, RFC 5987 first', () => {
    expect(dispositionFilename("attachment; filename*=UTF-8''%E6%A3%80%E5%AF%9F%E5%BB%BA%E8%AE%AE_2026-11-26.xlsx")).toBe('检察建议_2026-11-26.xlsx')
    expect(dispositionFilename('attachment; filename="reply scan.pdf"')).toBe('reply scan.pdf')
    expect(dispositionFilename('attachment; filename=plain.docx')).toBe('plain.docx')
    expect(dispositionFilename('inline')).toBeNull()
    expect(dispositionFilename(null)).toBeNull()
  })

  it('downloads a blob with the query, and turns an error body into an ApiError', async () => {
    const fetchMock = vi.fn(async (url: string) =>
      url.includes('bad')
        ? new Response('{"error":{"code":"validation_failed","message":"x","fields":[{"field":"status","code":"invalid","message":"bad"}]}}', {
            status: 422,
          })
        : new Response('PK', { status: 200, headers: { 'Content-Disposition': "attachment; filename*=UTF-8''a.xlsx" } }),
    )
    vi.stubGlobal('fetch', fetchMock)
    const ok = await download('/suggestions/export.xlsx', { query: { status: 'issued', cursor: undefined } })
    expect(ok.filename).toBe('a.xlsx')
    expect(await ok.blob.text()).toBe('PK')
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/v1/suggestions/export.xlsx?status=issued')
    await expect(download('/bad')).rejects.toMatchObject({ status: 422, code: 'validation_failed' })
  })
})
