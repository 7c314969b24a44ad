import { describe, expect, it } from 'vitest'
import { lockState } from './lock'

describe('lockState', () => {
  it('shows the name lock before a delay, and nothing when free', () => {
    expect(lockState({ locked: false, locked_until: null, delayed_until: null })).toBeNull()
    expect(lockState({ locked: true, locked_until: '2026-12-03T10:15:00+08:00', delayed_until: '2026-12-03T10:20:00+08:00' })).toEqual({
      kind: 'locked',
      until: '2026-12-03T10:15:00+08:00',
    })
    expect(lockState({ locked: true, locked_until: null, delayed_until: '2026-12-03T10:20:00+08:00' })).toEqual({
      kind: 'delayed',
      until: '2026-12-03T10:20:00+08:00',
    })
  })
})
