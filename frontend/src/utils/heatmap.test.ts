import { describe, expect, it } from 'vitest'
import { changeTone, heatScore, toneOf } from './heatmap'

const cell = (value: number | null, previous_value: number | null = null, better: boolean | null = null) => ({
  value,
  previous_value,
  better,
})

describe('heatScore against the scope total', () => {
  it('is positive above the total when higher is better', () => {
    expect(heatScore(cell(0.12), { value: 0.1 }, 'higher_better')).toBeCloseTo(0.4)
    expect(heatScore(cell(0.08), { value: 0.1 }, 'higher_better')).toBeCloseTo(-0.4)
  })

  it('turns round when lower is better (案件比)', () => {
    expect(heatScore(cell(1.2), { value: 1.07 }, 'lower_better')).toBeLessThan(0)
    expect(heatScore(cell(1.0), { value: 1.07 }, 'lower_better')).toBeGreaterThan(0)
  })

  it('saturates at ±1', () => {
    expect(heatScore(cell(5), { value: 1 }, 'higher_better')).toBe(1)
    expect(heatScore(cell(0), { value: 1 }, 'higher_better')).toBe(-1)
  })

  it('is 0 for neutral indicators or a missing total, null without a value', () => {
    expect(heatScore(cell(3), { value: 1 }, 'neutral')).toBe(0)
    expect(heatScore(cell(3), { value: null }, 'higher_better')).toBe(0)
    expect(heatScore(cell(null), { value: 1 }, 'higher_better')).toBeNull()
    expect(heatScore(undefined, { value: 1 }, 'higher_better')).toBeNull()
  })

  it('handles a zero total', () => {
    expect(heatScore(cell(0.2), { value: 0 }, 'higher_better')).toBe(1)
    expect(heatScore(cell(0), { value: 0 }, 'higher_better')).toBe(0)
  })
})

describe('heatScore against the previous period', () => {
  it('follows the better flag, at least faintly', () => {
    expect(heatScore(cell(0.11, 0.1, true), undefined, 'higher_better', 'previous')).toBeCloseTo(0.2)
    expect(heatScore(cell(0.05, 0.1, false), undefined, 'higher_better', 'previous')).toBe(-1)
    expect(heatScore(cell(0.05, null, false), undefined, 'higher_better', 'previous')).toBe(-1)
    expect(heatScore(cell(0.05, 0.05, null), undefined, 'higher_better', 'previous')).toBe(0)
  })
})

describe('tones', () => {
  it('names a score', () => {
    expect(toneOf(0.5)).toBe('better')
    expect(toneOf(-0.5)).toBe('worse')
    expect(toneOf(0)).toBe('neutral')
    expect(toneOf(null)).toBe('none')
  })

  it('names a change', () => {
    expect(changeTone(true)).toBe('better')
    expect(changeTone(false)).toBe('worse')
    expect(changeTone(null)).toBe('neutral')
  })
})
