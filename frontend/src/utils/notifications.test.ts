import { describe, expect, it } from 'vitest'
import { notificationTarget, todoKinds } from './notifications'
import { NOTIFICATION_KINDS } from '@/api/types'

describe('notifications', () => {
  it('opens the suggestion or the hearing', () => {
    expect(notificationTarget({ suggestion_id: 3, hearing_id: null })).toEqual({ name: 'suggestion-detail', params: { id: 3 } })
    expect(notificationTarget({ suggestion_id: null, hearing_id: 5 })).toEqual({ name: 'hearing-detail', params: { id: 5 } })
    expect(notificationTarget({ suggestion_id: null, hearing_id: null })).toBeNull()
  })
  it("shows a role's kinds even when empty, and any other kind present", () => {
    expect(todoKinds(NOTIFICATION_KINDS, ['chief'], [])).toEqual(['awaiting_approval', 'hearing_proposed', 'hearing_majority_against'])
    expect(todoKinds(NOTIFICATION_KINDS, ['supervisor'], ['filing_due'])).toEqual(['filing_due', 'reply_due', 'reply_received'])
  })
})
