import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { Rules } from '@/api/types'
import { useRules } from './useRules'

const rules: Rules = {
  hearing_kinds: [
    { kind: 'arrest_review', default_public: false },
    { kind: 'non_prosecution', default_public: true },
  ],
  min_officers: 3,
  max_officers: 7,
  notice_days: 3,
  filing_period: { months: 0, days: 5 },
  max_extension_months: 3,
}

const fetchMock = vi.fn<(input: string) => Promise<Response>>()
const answer = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

describe('useRules', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    fetchMock.mockReset()
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => vi.unstubAllGlobals())

  it('asks the server once and answers from its rules', async () => {
    fetchMock.mockResolvedValue(answer(200, rules))
    const a = useRules()
    const b = useRules()
    expect(a.defaultPublic('non_prosecution')).toBeNull()
    await flushPromises()
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/v1/rules')
    expect(a.defaultPublic('non_prosecution')).toBe(true)
    expect(b.defaultPublic('arrest_review')).toBe(false)
    // A kind the server does not list, or none chosen: not known.
    expect(a.defaultPublic('other')).toBeNull()
    expect(a.defaultPublic('')).toBeNull()
  })

  it('stays without rules when they cannot be loaded, and tries again on the next use', async () => {
    fetchMock.mockResolvedValueOnce(answer(503, { error: { code: 'unavailable', message: 'x', message_zh: 'x' } }))
    const a = useRules()
    await flushPromises()
    expect(a.rules.value).toBeNull()
    fetchMock.mockResolvedValueOnce(answer(200, rules))
    const b = useRules()
    await flushPromises()
    expect(fetchMock).toHaveBeenCalledTimes(2)
    expect(b.rules.value?.notice_days).toBe(3)
  })
})
