import { describe, expect, it } from 'vitest'
import type { Hearing } from '@/api/types'
import { canClearMinor, canMakePublic, checkHearingForm, hearingForm, hearingPatch, hearingRequest, lockedFields } from './form'

const hearing = {
  id: 7,
  kind: 'non_prosecution',
  title: '张某涉嫌盗窃案拟不起诉听证',
  case_number: '鄂仙检刑不诉〔2026〕12号',
  public: true,
  involves_minor: false,
  closed_reason: '',
  proposed_decision: '拟作相对不起诉',
  starts_at: '2026-12-01T09:30:00+08:00',
  location: '仙桃市人民检察院听证室',
  in_hearing_room: true,
  livestream_requested: false,
  status: 'approved',
  version: 3,
} as unknown as Hearing

describe('hearing form', () => {
  it('reads a hearing into the form in Beijing time and back unchanged', () => {
    const f = hearingForm(hearing)
    expect(f.starts_at).toBe('2026-12-01T09:30:00')
    const body = hearingRequest(f)
    expect(body.starts_at).toBe('2026-12-01T09:30:00+08:00')
    expect(hearingPatch(body, hearingRequest(hearingForm(hearing)))).toEqual({})
  })

  it('trims, and drops what the choices make moot', () => {
    const f = { ...hearingForm(), kind: 'arrest_review' as const, title: '  标题 ', public: false, closed_reason: ' 涉及个人隐私 ', livestream_requested: true }
    const body = hearingRequest(f)
    expect(body.title).toBe('标题')
    expect(body.closed_reason).toBe('涉及个人隐私')
    expect(body.livestream_requested).toBe(false)
    expect(body.starts_at).toBeUndefined()
    expect(hearingRequest({ ...f, public: true }).closed_reason).toBe('')
  })

  it('patches only what changed', () => {
    const before = hearingRequest(hearingForm(hearing))
    const f = hearingForm(hearing)
    f.title = '张某涉嫌盗窃案拟不起诉公开听证'
    f.case_number = ' 鄂仙检刑不诉〔2026〕13号 '
    expect(hearingPatch(before, hearingRequest(f))).toEqual({ title: '张某涉嫌盗窃案拟不起诉公开听证', case_number: '鄂仙检刑不诉〔2026〕13号' })
    f.starts_at = ''
    // A cleared time is not sent: the server keeps its own.
    expect(hearingPatch(before, hearingRequest(f))).not.toHaveProperty('starts_at')
  })

  it('locks what the chief approved, and only after approval', () => {
    expect([...lockedFields(null)]).toEqual([])
    expect([...lockedFields('proposed')]).toEqual([])
    expect([...lockedFields('approved')].sort()).toEqual(['in_hearing_room', 'kind', 'location', 'proposed_decision', 'starts_at'])
    expect(canMakePublic('proposed', false)).toBe(true)
    expect(canMakePublic('scheduled', false)).toBe(false)
    expect(canMakePublic('scheduled', true)).toBe(true)
    expect(canClearMinor('approved', true)).toBe(false)
    expect(canClearMinor('approved', false)).toBe(true)
    expect(canClearMinor(null, true)).toBe(true)
  })
})

describe('checkHearingForm', () => {
  const defaultPublic = (k: string) => (k === '' ? null : k !== 'arrest_review' && k !== 'custody_necessity')
  it('asks for a kind and a title before sending', () => {
    expect(checkHearingForm(hearingForm(), defaultPublic)).toEqual({ kind: 'hearing.form.kindRequired', title: 'hearing.form.titleRequired' })
    const f = { ...hearingForm(), kind: 'non_prosecution' as const, title: '  拟不起诉听证  ' }
    expect(checkHearingForm(f, defaultPublic)).toEqual({})
  })
  it('asks why a normally public hearing is private, unless a minor is involved', () => {
    const f = { ...hearingForm(), kind: 'non_prosecution' as const, title: 't', public: false }
    expect(checkHearingForm(f, defaultPublic)).toEqual({ closed_reason: 'hearing.form.closedReasonRequired' })
    expect(checkHearingForm({ ...f, involves_minor: true }, defaultPublic)).toEqual({})
    expect(checkHearingForm({ ...f, closed_reason: '涉及个人隐私' }, defaultPublic)).toEqual({})
    expect(checkHearingForm({ ...f, kind: 'arrest_review' }, defaultPublic)).toEqual({})
  })
})
