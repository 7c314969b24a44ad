import { describe, expect, it } from 'vitest'
import type { SuggestionStatus } from '@/api/types'
import { currentStepIndex, lifecycleSteps } from './lifecycle'

type T = { from: SuggestionStatus; to: SuggestionStatus; at: string }
const t = (from: SuggestionStatus, to: SuggestionStatus, at = '2026-01-01T10:00:00+08:00'): T => ({ from, to, at })
const summary = (status: SuggestionStatus, transitions: T[]) =>
  lifecycleSteps(status, transitions, '2026-01-01T09:00:00+08:00').map((s) => `${s.status}:${s.state}`)

const toIssued = [t('draft', 'pending_approval'), t('pending_approval', 'approved'), t('approved', 'issued')]

describe('lifecycleSteps', () => {
  it('shows a fresh draft at the start of the main path', () => {
    expect(summary('draft', [])).toEqual([
      'draft:current',
      'pending_approval:todo',
      'approved:todo',
      'issued:todo',
      'replied:todo',
      'rectifying:todo',
      'verified:todo',
      'closed:todo',
    ])
  })

  it('marks the passed states done and the current one', () => {
    const s = summary('issued', toIssued)
    expect(s.slice(0, 5)).toEqual(['draft:done', 'pending_approval:done', 'approved:done', 'issued:current', 'replied:todo'])
  })

  it('marks a state passed over as skipped (verified straight after the reply)', () => {
    const s = summary('verified', [...toIssued, t('issued', 'replied'), t('replied', 'verified')])
    expect(s).toContain('rectifying:skipped')
    expect(s).toContain('verified:current')
    expect(s.at(-1)).toBe('closed:todo')
  })

  it('follows a return to draft and the resubmission', () => {
    const s = summary('pending_approval', [t('draft', 'pending_approval'), t('pending_approval', 'draft'), t('draft', 'pending_approval')])
    expect(s.slice(0, 3)).toEqual(['draft:done', 'pending_approval:current', 'approved:todo'])
  })

  it('inserts an objection after issue, current while under review', () => {
    const s = summary('objection_review', [...toIssued, t('issued', 'objection_review')])
    expect(s.slice(3, 6)).toEqual(['issued:done', 'objection_review:current', 'replied:todo'])
  })

  it('keeps a resolved objection as done, the suggestion back at issued', () => {
    const s = summary('issued', [...toIssued, t('issued', 'objection_review'), t('objection_review', 'issued')])
    expect(s.slice(3, 5)).toEqual(['issued:current', 'objection_review:done'])
  })

  it('chains escalation and litigation where they happened', () => {
    const s = summary('litigation', [...toIssued, t('issued', 'escalated'), t('escalated', 'litigation')])
    expect(s.slice(3, 7)).toEqual(['issued:done', 'escalated:done', 'litigation:current', 'replied:todo'])
  })

  it('ends a withdrawn suggestion at the withdrawal', () => {
    expect(summary('withdrawn', [t('draft', 'pending_approval'), t('pending_approval', 'withdrawn')])).toEqual([
      'draft:done',
      'pending_approval:done',
      'withdrawn:current',
    ])
  })

  it('dates each state by its first arrival, or by the business date given', () => {
    const steps = lifecycleSteps('issued', [t('draft', 'pending_approval', '2026-02-01T10:00:00+08:00'), t('pending_approval', 'approved'), t('approved', 'issued')], '2026-01-15T10:00:00+08:00', {
      issued: '2026-03-31',
      replied: '2026-05-20',
    })
    expect(steps[0]?.at).toBe('2026-01-15T10:00:00+08:00')
    expect(steps[1]?.at).toBe('2026-02-01T10:00:00+08:00')
    expect(steps[3]?.at).toBe('2026-03-31')
    // A business date for a state not reached yet is not shown.
    expect(steps[4]?.at).toBeNull()
    expect(currentStepIndex(steps)).toBe(3)
  })

  it('ignores records that did not move the state', () => {
    const s = summary('replied', [...toIssued, t('issued', 'replied'), t('replied', 'replied')])
    expect(s.filter((x) => x.endsWith(':current'))).toEqual(['replied:current'])
  })
})
