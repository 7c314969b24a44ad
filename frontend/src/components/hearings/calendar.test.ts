import { describe, expect, it } from 'vitest'
import type { HearingSummary } from '@/api/types'
import { hearingsByDay, monthOf, timeOf } from './calendar'

const h = (id: number, starts_at: string | null) => ({ id, title: `h${id}`, starts_at }) as HearingSummary

describe('hearing calendar', () => {
  it('groups the scheduled hearings by their Beijing day, earliest first', () => {
    const byDay = hearingsByDay([h(1, '2026-12-03T09:00:00+08:00'), h(2, null), h(3, '2026-12-02T17:30:00Z'), h(4, '2026-12-03T08:00:00+08:00')])
    expect([...byDay.keys()]).toEqual(['2026-12-03'])
    expect(byDay.get('2026-12-03')?.map((x) => x.id)).toEqual([3, 4, 1])
  })

  it('shows the time in Beijing and the month of a date', () => {
    expect(timeOf('2026-12-02T17:30:00Z')).toBe('01:30')
    expect(timeOf(null)).toBe('')
    expect(monthOf(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12')
  })
})
