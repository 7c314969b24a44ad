import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useCalendar } from './useCalendar'

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200 })

describe('useCalendar', () => {
  const fetchMock = vi.fn<(url: string, init?: RequestInit) => Promise<Response>>()
  beforeEach(() => {
    fetchMock.mockReset()
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => vi.unstubAllGlobals())

  it('loads a year, tracks changes and saves the whole year', async () => {
    fetchMock.mockResolvedValueOnce(json({ year: 2026, holidays: ['2026-10-01'], workdays: [] }))
    const c = useCalendar()
    await c.load(2026)
    expect(c.dirty.value).toBe(false)
    c.toggle('2026-10-10') // Saturday → holiday
    c.toggle('2026-10-10') // → make-up working day
    c.toggle('2026-10-01') // holiday → working day
    expect(c.dirty.value).toBe(true)
    expect(c.counts.value).toEqual({ holidays: 0, workdays: 1 })
    fetchMock.mockResolvedValueOnce(json({ year: 2026, holidays: [], workdays: ['2026-10-10'] }))
    await c.save()
    const [url, init] = fetchMock.mock.calls[1] ?? []
    expect(url).toBe('/api/v1/calendar/2026')
    expect(init?.method).toBe('PUT')
    expect(JSON.parse(String(init?.body))).toEqual({ holidays: [], workdays: ['2026-10-10'] })
    expect(c.dirty.value).toBe(false)
  })
})
