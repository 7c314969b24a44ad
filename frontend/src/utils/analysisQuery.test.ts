import { describe, expect, it } from 'vitest'
import { analysisStateFromQuery, analysisStateToQuery, caseListLink, hearingListLink, suggestionListLink } from './analysisQuery'

const today = '2026-11-26'

describe('analysis state in the address', () => {
  it('defaults to the year to date', () => {
    expect(analysisStateFromQuery({}, today)).toEqual({
      unit_id: null,
      preset: 'year',
      range: { from: '2026-01-01', to: '2026-11-26' },
      indicator: '',
      compare: 'previous',
    })
  })

  it('reads a named preset and a custom range', () => {
    expect(analysisStateFromQuery({ period: 'bimonth' }, today).range).toEqual({ from: '2026-09-01', to: '2026-10-31' })
    const s = analysisStateFromQuery({ from: '2025-03-01', to: '2025-08-31', unit_id: '4', indicator: 'case_ratio' }, today)
    expect(s).toEqual({ unit_id: 4, preset: 'custom', range: { from: '2025-03-01', to: '2025-08-31' }, indicator: 'case_ratio', compare: 'previous' })
  })

  it('reads and writes 上期 as the same period a year earlier', () => {
    const s = analysisStateFromQuery({ period: 'quarter', compare: 'year_ago' }, today)
    expect(s.compare).toBe('year_ago')
    expect(analysisStateToQuery(s).compare).toBe('year_ago')
    expect(analysisStateFromQuery({ compare: 'nonsense' }, today).compare).toBe('previous')
  })

  it('ignores a reversed range and a bad indicator', () => {
    const s = analysisStateFromQuery({ from: '2026-05-01', to: '2026-01-01', indicator: 'x;y' }, today)
    expect(s.preset).toBe('year')
    expect(s.indicator).toBe('')
  })

  it('writes the state back', () => {
    const s = analysisStateFromQuery({ period: 'quarter', unit_id: '2' }, today)
    expect(analysisStateToQuery(s)).toEqual({ period: 'quarter', from: '2026-07-01', to: '2026-09-30', unit_id: '2' })
  })
})

describe('links into the lists', () => {
  it('filters suggestions by category and unit as the suggestion list reads them', () => {
    expect(suggestionListLink('drug', 3)).toEqual({ name: 'suggestions', query: { category: 'drug', unit_id: '3' } })
    expect(suggestionListLink('drug', null)).toEqual({ name: 'suggestions', query: { category: 'drug' } })
  })

  it('filters hearings and cases by unit and period', () => {
    const range = { from: '2026-09-01', to: '2026-10-31' }
    expect(hearingListLink(3, range)).toEqual({ name: 'hearings', query: { from: '2026-09-01', to: '2026-10-31', unit_id: '3' } })
    expect(caseListLink('drug', null, range)).toEqual({
      name: 'cases',
      query: { category: 'drug', received_from: '2026-09-01', received_to: '2026-10-31' },
    })
  })
})
