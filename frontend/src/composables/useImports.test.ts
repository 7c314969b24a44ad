import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ImportJob } from '@/api/types'
import { useImports } from './useImports'

function job(over: Partial<ImportJob>): ImportJob {
  return {
    id: 7,
    kind: 'cases',
    filename: 'cases.csv',
    format: 'csv',
    status: 'queued',
    rows_total: 0,
    rows_ok: 0,
    rows_failed: 0,
    rows_changed: 0,
    errors: [],
    failure: '',
    created_by: { id: 1, name: '案管' },
    created_at: '2026-11-26T10:00:00+08:00',
    started_at: null,
    finished_at: null,
    ...over,
  }
}

const json = (v: unknown) => new Response(JSON.stringify(v), { status: 200, headers: { 'Content-Type': 'application/json' } })

describe('useImports', () => {
  const fetchMock = vi.fn<(url: string, init?: RequestInit) => Promise<Response>>()
  beforeEach(() => {
    vi.useFakeTimers()
    fetchMock.mockReset()
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('polls every second until the job is done', async () => {
    fetchMock
      .mockResolvedValueOnce(json(job({ status: 'running', rows_total: 10, rows_ok: 4 })))
      .mockResolvedValueOnce(json(job({ status: 'done', rows_total: 10, rows_ok: 9, rows_failed: 1 })))
    const im = useImports(1000)
    im.follow(job({}))
    expect(im.recent.items.value).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1000)
    expect(im.job.value?.rows_ok).toBe(4)
    await vi.advanceTimersByTimeAsync(1000)
    expect(im.job.value?.status).toBe('done')
    await vi.advanceTimersByTimeAsync(5000)
    expect(fetchMock).toHaveBeenCalledTimes(2)
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/v1/imports/7')
    expect(im.recent.items.value[0]?.status).toBe('done')
  })

  it('keeps polling through a failed request and stops when asked', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('offline')).mockResolvedValue(json(job({ status: 'running' })))
    const im = useImports(1000)
    im.follow(job({}))
    await vi.advanceTimersByTimeAsync(2000)
    expect(fetchMock).toHaveBeenCalledTimes(2)
    im.stop()
    await vi.advanceTimersByTimeAsync(5000)
    expect(fetchMock).toHaveBeenCalledTimes(2)
  })

  it('does not poll a finished job', async () => {
    const im = useImports(1000)
    im.follow(job({ status: 'failed', failure: 'bad file' }))
    await vi.advanceTimersByTimeAsync(3000)
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('cancels a job and stops following it', async () => {
    fetchMock.mockResolvedValueOnce(json(job({ status: 'cancelled', rows_total: 10, rows_ok: 4 })))
    const im = useImports(1000)
    im.follow(job({ status: 'running' }))
    await im.cancel(7)
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/v1/imports/7/cancel')
    expect(fetchMock.mock.calls[0]?.[1]?.method).toBe('POST')
    expect(im.job.value?.status).toBe('cancelled')
    expect(im.recent.items.value[0]?.status).toBe('cancelled')
    await vi.advanceTimersByTimeAsync(5000)
    expect(fetchMock).toHaveBeenCalledTimes(1)
  })
})
