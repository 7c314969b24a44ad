import type { RouteLocationRaw } from 'vue-router'
import type { Notification, NotificationKind, Role } from '@/api/types'

/** The page of the record a notification is about, or null. */
export function notificationTarget(n: Pick<Notification, 'suggestion_id' | 'hearing_id'>): RouteLocationRaw | null {
  if (n.suggestion_id !== null) return { name: 'suggestion-detail', params: { id: n.suggestion_id } }
  if (n.hearing_id !== null) return { name: 'hearing-detail', params: { id: n.hearing_id } }
  return null
}

/** The to-do kinds each role is handed (the server decides who gets what; this only keeps empty cards in view). */
export const ROLE_TODO: Partial<Record<Role, NotificationKind[]>> = {
  chief: ['awaiting_approval', 'hearing_proposed', 'hearing_majority_against'],
  clerk: ['to_issue', 'reply_pending', 'filing_due', 'hearing_to_schedule', 'hearing_to_record', 'reply_due'],
  prosecutor: ['returned', 'reply_due', 'reply_received', 'filing_due'],
  supervisor: ['reply_due', 'reply_received'],
}

/** The kinds to show as cards: those of the user's roles and any the server has, in the server's order. */
export function todoKinds(order: readonly NotificationKind[], roles: readonly Role[], present: readonly NotificationKind[]): NotificationKind[] {
  const want = new Set<NotificationKind>(present)
  for (const r of roles) for (const k of ROLE_TODO[r] ?? []) want.add(k)
  return order.filter((k) => want.has(k))
}
