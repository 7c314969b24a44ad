// How a reply deadline reads: the days left, coloured by urgency, always
// with words too (colour is never the only signal).

/** Due within this many days (inclusive) counts as soon. */
export const SOON_DAYS = 7

export type DeadlineTone = 'overdue' | 'soon' | 'normal'

export interface DeadlineLabel {
  tone: DeadlineTone
  /** i18n key: deadline.overdue / dueToday / daysLeft / overdueNoDays. */
  key: 'deadline.overdue' | 'deadline.dueToday' | 'deadline.daysLeft' | 'deadline.overdueNoDays'
  /** Days left, or days overdue for an overdue deadline. */
  days: number
}

/**
 * The tone of a deadline from the server's days_left and overdue: overdue
 * (red), due within 7 days (orange), later (plain); null when no clock runs.
 */
export function deadlineTone(daysLeft: number | null | undefined, overdue = false): DeadlineTone | null {
  if (overdue) return 'overdue'
  if (daysLeft === null || daysLeft === undefined || !Number.isFinite(daysLeft)) return null
  if (daysLeft < 0) return 'overdue'
  if (daysLeft <= SOON_DAYS) return 'soon'
  return 'normal'
}

/** The words for a deadline: "逾期 3 天", "今日到期", "剩 5 天"; null when no clock runs. */
export function deadlineLabel(daysLeft: number | null | undefined, overdue = false): DeadlineLabel | null {
  const tone = deadlineTone(daysLeft, overdue)
  if (tone === null) return null
  const d = daysLeft ?? null
  if (tone === 'overdue') {
    if (d === null || d >= 0) return { tone, key: 'deadline.overdueNoDays', days: 0 }
    return { tone, key: 'deadline.overdue', days: -d }
  }
  if (d === 0) return { tone, key: 'deadline.dueToday', days: 0 }
  return { tone, key: 'deadline.daysLeft', days: d as number }
}
