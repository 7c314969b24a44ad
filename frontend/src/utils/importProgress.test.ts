import { describe, expect, it } from 'vitest'
import { importActive, importBarStatus, importPercent } from './importProgress'

const job = (status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled', rows_total: number, rows_ok: number, rows_failed: number) => ({
  status,
  rows_total,
  rows_ok,
  rows_failed,
})

describe('import progress', () => {
  it('is indeterminate until the file is counted', () => {
    expect(importPercent(job('queued', 0, 0, 0))).toBeNull()
    expect(importPercent(job('running', 0, 0, 0))).toBeNull()
  })

  it('counts good and bad rows as done, rounded down and capped', () => {
    expect(importPercent(job('running', 2000, 500, 3))).toBe(25)
    expect(importPercent(job('running', 3, 1, 0))).toBe(33)
    expect(importPercent(job('running', 10, 12, 0))).toBe(100)
  })

  it('is full when done, empty when failed before counting', () => {
    expect(importPercent(job('done', 0, 0, 0))).toBe(100)
    expect(importPercent(job('failed', 0, 0, 0))).toBe(0)
    expect(importPercent(job('failed', 10, 4, 0))).toBe(40)
  })

  it('polls only queued and running jobs', () => {
    expect(importActive('queued')).toBe(true)
    expect(importActive('running')).toBe(true)
    expect(importActive('done')).toBe(false)
    expect(importActive('failed')).toBe(false)
  })

  it('colours the bar by outcome', () => {
    expect(importBarStatus(job('running', 5, 1, 0))).toBe('')
    expect(importBarStatus(job('done', 5, 5, 0))).toBe('success')
    expect(importBarStatus(job('done', 5, 2, 3))).toBe('warning')
    expect(importBarStatus(job('failed', 0, 0, 0))).toBe('exception')
  })

  it('shows a cancelled job where it stopped, as a warning', () => {
    expect(importPercent(job('cancelled', 10, 3, 1))).toBe(40)
    expect(importPercent(job('cancelled', 0, 0, 0))).toBe(0)
    expect(importBarStatus(job('cancelled', 10, 3, 0))).toBe('warning')
    expect(importActive('cancelled')).toBe(false)
  })
})
