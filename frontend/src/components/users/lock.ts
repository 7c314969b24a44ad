import type { User } from '@/api/types'

/** How an account's sign-in is held back: its name locked everywhere, a delay at some address, or nothing. */
export interface LockState {
  kind: 'locked' | 'delayed'
  /** When it ends (RFC 3339). */
  until: string
}

/**
 * The lock to show for an account: the name's lock wins over a delay at one
 * address, since it holds everywhere; null when the account can sign in.
 */
export function lockState(u: Pick<User, 'locked' | 'locked_until' | 'delayed_until'>): LockState | null {
  if (!u.locked) return null
  if (u.locked_until) return { kind: 'locked', until: u.locked_until }
  if (u.delayed_until) return { kind: 'delayed', until: u.delayed_until }
  return null
}
