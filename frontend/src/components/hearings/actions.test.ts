import { describe, expect, it } from 'vitest'
import {
  actionKind,
  awaitingRecord,
  buttonType,
  departsFromMajority,
  heldAtDefault,
  hearingButtons,
  majorityKey,
  REQUIRED_FIELDS,
  TRANSITION_FIELDS,
} from './actions'

describe('hearing actions', () => {
  it('shows exactly the allowed actions it knows, in order', () => {
    expect(hearingButtons(['cancel', 'edit', 'schedule', 'draw', 'participants', 'unknown'])).toEqual(['schedule', 'draw', 'participants', 'edit', 'cancel'])
  })

  it('marks the step forward primary and the risky ones danger', () => {
    expect(buttonType('approve')).toBe('primary')
    expect(buttonType('cancel')).toBe('danger')
    expect(buttonType('minutes')).toBe('default')
    expect(buttonType('edit')).toBe('default')
  })

  it('opens a transition dialog with the inputs of the action, the form for edit', () => {
    expect(actionKind('schedule')).toBe('transition')
    expect(actionKind('draw')).toBe('draw')
    expect(actionKind('edit')).toBe('edit')
    expect(TRANSITION_FIELDS.schedule).toEqual(['starts_at', 'location'])
    expect(TRANSITION_FIELDS.decide).toEqual(['decision', 'reasons', 'follows_proposal', 'announced_on_spot'])
    expect(TRANSITION_FIELDS.hold).toEqual(['held_at', 'minutes', 'attendance', 'absent_participant_ids'])
    // The server requires both a decision and its reasons.
    expect(REQUIRED_FIELDS.decide).toEqual(['decision', 'reasons'])
  })
})

describe('departsFromMajority', () => {
  it.each([
    ['agree', true, false],
    ['agree', false, true],
    ['disagree', true, true],
    ['disagree', false, false],
    ['tie', true, false],
    ['tie', false, false],
    ['', false, false],
  ])('majority %s, follows %s → %s', (majority, follows, want) => {
    expect(departsFromMajority(majority, follows)).toBe(want)
  })
})

describe('majorityKey', () => {
  it('says there is no majority before any opinion, then names it', () => {
    expect(majorityKey({ position: 'tie', agree: 0, disagree: 0, abstain: 0 })).toBe('none')
    expect(majorityKey({ position: '', agree: 0, disagree: 0, abstain: 1 })).toBe('none')
    expect(majorityKey({ position: 'tie', agree: 1, disagree: 1, abstain: 1 })).toBe('tie')
    expect(majorityKey({ position: 'agree', agree: 2, disagree: 1, abstain: 0 })).toBe('agree')
  })
})

describe('holding', () => {
  const now = new Date('2026-12-02T04:00:00Z') // 12:00 in Beijing

  it('starts the hold dialog at the planned start once it has passed', () => {
    expect(heldAtDefault('2026-12-01T09:30:00+08:00', now)).toBe('2026-12-01T09:30:00')
    expect(heldAtDefault('2026-12-02T14:00:00+08:00', now)).toBe('')
    expect(heldAtDefault(null, now)).toBe('')
  })

  it('flags a scheduled hearing whose start has passed as awaiting its record', () => {
    expect(awaitingRecord({ status: 'scheduled', starts_at: '2026-12-01T09:30:00+08:00' }, now)).toBe(true)
    expect(awaitingRecord({ status: 'scheduled', starts_at: '2026-12-03T09:30:00+08:00' }, now)).toBe(false)
    expect(awaitingRecord({ status: 'held', starts_at: '2026-12-01T09:30:00+08:00' }, now)).toBe(false)
    expect(awaitingRecord({ status: 'approved', starts_at: null }, now)).toBe(false)
  })
})
