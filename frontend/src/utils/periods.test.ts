import { describe, expect, it } from 'vitest'
import {
  bimonthOf,
  bimonthRange,
  completedBimonths,
  latestCompletedBimonth,
  latestCompletedQuarterRange,
  presetOf,
  presetRange,
  previousBimonth,
} from './periods'

describe('two-month periods', () => {
  it('spans two calendar months, February by the year', () => {
    expect(bimonthRange(2026, 1)).toEqual({ from: '2026-01-01', to: '2026-02-28' })
    expect(bimonthRange(2024, 1)).toEqual({ from: '2024-01-01', to: '2024-02-29' })
    expect(bimonthRange(2026, 5)).toEqual({ from: '2026-09-01', to: '2026-10-31' })
    expect(bimonthRange(2026, 6)).toEqual({ from: '2026-11-01', to: '2026-12-31' })
  })

  it('finds the period of a date and the one before', () => {
    expect(bimonthOf('2026-11-26')).toEqual({ year: 2026, bimonth: 6 })
    expect(bimonthOf('2026-04-30')).toEqual({ year: 2026, bimonth: 2 })
    expect(previousBimonth({ year: 2026, bimonth: 1 })).toEqual({ year: 2025, bimonth: 6 })
  })

  it('defaults to the latest completed period', () => {
    expect(latestCompletedBimonth('2026-11-26')).toEqual({ year: 2026, bimonth: 5 })
    expect(latestCompletedBimonth('2026-01-05')).toEqual({ year: 2025, bimonth: 6 })
    expect(latestCompletedBimonth('2026-03-01')).toEqual({ year: 2026, bimonth: 1 })
  })

  it('lists the completed periods of a year', () => {
    expect(completedBimonths(2026, '2026-11-26')).toEqual([1, 2, 3, 4, 5])
    expect(completedBimonths(2025, '2026-11-26')).toEqual([1, 2, 3, 4, 5, 6])
    expect(completedBimonths(2026, '2026-02-10')).toEqual([])
  })
})

describe('period presets', () => {
  it('gives the latest completed quarter', () => {
    expect(latestCompletedQuarterRange('2026-11-26')).toEqual({ from: '2026-07-01', to: '2026-09-30' })
    expect(latestCompletedQuarterRange('2026-02-01')).toEqual({ from: '2025-10-01', to: '2025-12-31' })
  })

  it('gives each preset on a day', () => {
    const today = '2026-11-26'
    expect(presetRange('bimonth', today)).toEqual({ from: '2026-09-01', to: '2026-10-31' })
    expect(presetRange('quarter', today)).toEqual({ from: '2026-07-01', to: '2026-09-30' })
    expect(presetRange('year', today)).toEqual({ from: '2026-01-01', to: '2026-11-26' })
    expect(presetRange('custom', today, { from: '2025-03-01', to: '2025-05-31' })).toEqual({ from: '2025-03-01', to: '2025-05-31' })
    expect(presetRange('custom', today)).toEqual({ from: '2026-01-01', to: '2026-11-26' })
  })

  it('recognises a preset from its span', () => {
    const today = '2026-11-26'
    expect(presetOf({ from: '2026-09-01', to: '2026-10-31' }, today)).toBe('bimonth')
    expect(presetOf({ from: '2026-01-01', to: '2026-11-26' }, today)).toBe('year')
    expect(presetOf({ from: '2026-01-01', to: '2026-06-30' }, today)).toBe('custom')
  })
})
