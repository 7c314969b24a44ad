import { describe, expect, it } from 'vitest'
import { emptyFilters, filtersFromQuery, filtersToApi, filtersToQuery } from './suggestionQuery'

describe('suggestion list filters', () => {
  const full = {
    ...emptyFilters(),
    status: ['issued', 'replied'] as const,
    type: 'public_interest' as const,
    category: 'environment',
    unit_id: 3,
    overdue: true,
    due_before: '2026-12-03',
    q: ' 东荆河 ',
  }

  it('round-trips through the address', () => {
    const q = filtersToQuery({ ...full, status: [...full.status] })
    expect(q).toEqual({
      status: 'issued,replied',
      type: 'public_interest',
      category: 'environment',
      unit_id: '3',
      overdue: 'true',
      due_before: '2026-12-03',
      q: '东荆河',
    })
    expect(filtersFromQuery(q as Record<string, string>)).toEqual({ ...full, status: ['issued', 'replied'], q: '东荆河' })
  })

  it('leaves empty filters out', () => {
    expect(filtersToQuery(emptyFilters())).toEqual({})
    expect(filtersToApi(emptyFilters())).toEqual({
      status: undefined,
      type: undefined,
      category: undefined,
      unit_id: undefined,
      overdue: undefined,
      due_before: undefined,
      q: undefined,
    })
  })

  it('gives the API comma-separated statuses and a boolean overdue', () => {
    const api = filtersToApi({ ...full, status: [...full.status] })
    expect(api.status).toBe('issued,replied')
    expect(api.overdue).toBe(true)
    expect(api.unit_id).toBe(3)
    expect(api.q).toBe('东荆河')
  })

  it('drops junk from a hand-edited address', () => {
    expect(
      filtersFromQuery({ status: 'issued,bogus', type: 'nope', category: 'DROP TABLE', unit_id: '-1', overdue: 'yes', due_before: '3 Dec' }),
    ).toEqual({ ...emptyFilters(), status: ['issued'] })
  })
})
