import { describe, expect, it } from 'vitest'
import { daysInMonth, isWeekend, kindsOf, monthWeeks, nextKind, splitKinds, weekdayIndex } from './calendarGrid'

describe('calendar grid', () => {
  it('knows weekdays and weekends', () => {
    expect(weekdayIndex('2026-11-23')).toBe(0) // Monday
    expect(weekdayIndex('2026-11-29')).toBe(6) // Sunday
    expect(isWeekend('2026-11-28')).toBe(true)
    expect(isWeekend('2026-11-27')).toBe(false)
  })

  it('knows month lengths, leap years included', () => {
    expect(daysInMonth(2024, 2)).toBe(29)
    expect(daysInMonth(2026, 2)).toBe(28)
    expect(daysInMonth(2026, 12)).toBe(31)
  })

  it('lays a month out in Monday-first weeks', () => {
    const weeks = monthWeeks(2026, 2) // 1 February 2026 is a Sunday
    expect(weeks[0]?.slice(0, 6)).toEqual([null, null, null, null, null, null])
    expect(weeks[0]?.[6]).toEqual({ date: '2026-02-01', day: 1, weekend: true })
    expect(weeks.every((w) => w.length === 7)).toBe(true)
    expect(weeks.flat().filter(Boolean)).toHaveLength(28)
    expect(weeks.at(-1)?.[5]?.date).toBe('2026-02-28')
  })

  it('cycles a weekday between working day and holiday', () => {
    expect(nextKind('2026-10-01', null)).toBe('holiday')
    expect(nextKind('2026-10-01', 'holiday')).toBeNull()
  })

  it('cycles a weekend day through holiday and make-up working day', () => {
    expect(nextKind('2026-10-10', null)).toBe('holiday')
    expect(nextKind('2026-10-10', 'holiday')).toBe('workday')
    expect(nextKind('2026-10-10', 'workday')).toBeNull()
  })

  it('turns the marks into the sorted lists the API takes, and back', () => {
    const m = kindsOf(['2026-10-02', '2026-10-01'], ['2026-10-10'])
    expect(splitKinds(m)).toEqual({ holidays: ['2026-10-01', '2026-10-02'], workdays: ['2026-10-10'] })
  })
})
