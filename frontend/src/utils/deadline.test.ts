import { describe, expect, it } from 'vitest'
import { SOON_DAYS, deadlineLabel, deadlineTone } from './deadline'

describe('deadlineTone', () => {
  it.each([
    [30, false, 'normal'],
    [8, false, 'normal'],
    [7, false, 'soon'],
    [1, false, 'soon'],
    [0, false, 'soon'],
    [-1, false, 'overdue'],
    [-450, true, 'overdue'],
  ] as const)('%i days left (overdue %s) → %s', (days, overdue, tone) => {
    expect(deadlineTone(days, overdue)).toBe(tone)
  })

  it('counts 7 days as soon', () => {
    expect(SOON_DAYS).toBe(7)
  })

  it('has no tone when no clock runs', () => {
    expect(deadlineTone(null)).toBeNull()
    expect(deadlineTone(undefined)).toBeNull()
  })

  it('trusts the server: overdue wins even without days', () => {
    expect(deadlineTone(null, true)).toBe('overdue')
  })
})

describe('deadlineLabel', () => {
  it('words overdue deadlines with the days overdue', () => {
    expect(deadlineLabel(-12, true)).toEqual({ tone: 'overdue', key: 'deadline.overdue', days: 12 })
    expect(deadlineLabel(null, true)).toEqual({ tone: 'overdue', key: 'deadline.overdueNoDays', days: 0 })
  })

  it('words today and the days left', () => {
    expect(deadlineLabel(0)).toEqual({ tone: 'soon', key: 'deadline.dueToday', days: 0 })
    expect(deadlineLabel(4)).toEqual({ tone: 'soon', key: 'deadline.daysLeft', days: 4 })
    expect(deadlineLabel(40)).toEqual({ tone: 'normal', key: 'deadline.daysLeft', days: 40 })
  })

  it('is null when there is no deadline running', () => {
    expect(deadlineLabel(null)).toBeNull()
  })
})
