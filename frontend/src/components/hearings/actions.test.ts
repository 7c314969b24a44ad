import { describe, expect, it } from 'vitest'
import { actionKind, buttonType, hearingButtons, TRANSITION_FIELDS } from './actions'

describe('hearing actions', () => {
  it('shows exactly the allowed actions it knows, in order', () => {
    expect(hearingButtons(['cancel', 'edit', 'schedule', 'draw', 'participants'])).toEqual(['schedule', 'draw', 'participants', 'cancel'])
  })

  it('marks the step forward primary and the risky ones danger', () => {
    expect(buttonType('approve')).toBe('primary')
    expect(buttonType('cancel')).toBe('danger')
    expect(buttonType('minutes')).toBe('default')
  })

  it('opens a transition dialog with the inputs of the action', () => {
    expect(actionKind('schedule')).toBe('transition')
    expect(actionKind('draw')).toBe('draw')
    expect(TRANSITION_FIELDS.schedule).toEqual(['starts_at', 'location'])
    expect(TRANSITION_FIELDS.decide).toContain('follows_proposal')
  })
})
