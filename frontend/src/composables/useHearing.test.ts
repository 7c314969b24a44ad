import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { usePersonSearch } from './usePersons'
import { useHearing } from './useHearing'

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

describe('one hearing and the name index over fetch', () => {
  const fetchMock = vi.fn<(url: string, init?: RequestInit) => Promise<Response>>()
  beforeEach(() => {
    fetchMock.mockReset()
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => vi.unstubAllGlobals())
  const urls = () => fetchMock.mock.calls.map((c) => decodeURIComponent(c[0]))

  it('searches persons by name and drops answers overtaken by a newer search', async () => {
    let release: (r: Response) => void = () => {}
    fetchMock.mockImplementationOnce(() => new Promise<Response>((r) => (release = r)))
    fetchMock.mockResolvedValueOnce(json({ items: [{ id: 2, name: '王建华' }], next_cursor: null }))
    const p = usePersonSearch()
    const slow = p.search('王')
    await p.search('王建')
    release(json({ items: [{ id: 1, name: '王某' }], next_cursor: null }))
    await slow
    expect(p.items.value.map((x) => x.id)).toEqual([2])
    expect(urls()).toEqual(['/api/v1/persons?q=王&limit=20', '/api/v1/persons?q=王建&limit=20'])
    await p.search('  ')
    expect(p.items.value).toEqual([])
    expect(fetchMock).toHaveBeenCalledTimes(2)
  })

  it('edits a hearing with the version it loaded, and records a recusal then reloads', async () => {
    fetchMock.mockResolvedValueOnce(json({ id: 7, version: 3 }))
    fetchMock.mockResolvedValueOnce(json({ id: 7, version: 4 }))
    fetchMock.mockResolvedValueOnce(json({ id: 11 }))
    fetchMock.mockResolvedValueOnce(json({ id: 7, version: 5 }))
    const h = useHearing()
    await h.load(7)
    await h.update({ title: '新标题' })
    const patch = fetchMock.mock.calls[1]
    expect(patch?.[1]?.method).toBe('PATCH')
    expect(JSON.parse(String(patch?.[1]?.body))).toEqual({ title: '新标题', version: 3 })
    await h.recordRecusal(11, { reason: '与当事人有利害关系', outcome: 'granted' })
    expect(urls().slice(2)).toEqual(['/api/v1/hearings/7/participants/11/recusal', '/api/v1/hearings/7'])
    expect(h.hearing.value?.version).toBe(5)
  })
})
