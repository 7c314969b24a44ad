import { describe, expect, it } from 'vitest'
import { caseFiltersFromQuery, caseFiltersToApi, caseFiltersToQuery, emptyCaseFilters } from './caseQuery'

describe('case filters', () => {
  it('reads the address and drops malformed values', () => {
    expect(
      caseFiltersFromQuery({ unit_id: '3', category: 'drug', prosecutor: ' 李明 ', received_from: '2026-01-01', received_to: '2026-02-28', q: ' 4290 ' }),
    ).toEqual({ unit_id: 3, category: 'drug', prosecutor: '李明', received: ['2026-01-01', '2026-02-28'], q: '4290' })
    expect(caseFiltersFromQuery({ unit_id: 'x', category: 'DROP TABLE', received_from: '2026-01-01' })).toEqual(emptyCaseFilters())
  })

  it('builds the API query without empty filters', () => {
    expect(caseFiltersToApi(emptyCaseFilters())).toEqual({
      unit_id: undefined,
      category: undefined,
      prosecutor: undefined,
      received_from: undefined,
      received_to: undefined,
      q: undefined,
    })
    const f = { ...emptyCaseFilters(), unit_id: 7, received: ['2026-03-01', '2026-04-30'] as [string, string], q: '毒品 ' }
    expect(caseFiltersToQuery(f)).toEqual({ unit_id: '7', received_from: '2026-03-01', received_to: '2026-04-30', q: '毒品' })
  })

  it('round-trips through the address', () => {
    const f = { unit_id: 2, category: 'fraud', prosecutor: 'prosecutor.xiantao', received: ['2025-01-01', '2025-12-31'] as [string, string], q: 'x' }
    expect(caseFiltersFromQuery(caseFiltersToQuery(f) as Record<string, string>)).toEqual(f)
  })
})
