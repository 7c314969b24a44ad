// The hearing calendar's arithmetic: which month a date shows, the hearings
// of each day, and the time a cell shows.
import type { HearingSummary } from '@/api/types'
import { formatDate, formatDateTime } from '@/utils/format'

/** The month a calendar date shows, "YYYY-MM" in Asia/Shanghai. */
export function monthOf(d: Date): string {
  return formatDate(d).slice(0, 7)
}

/** The scheduled hearings by their day ("YYYY-MM-DD"), each day's in order of starting time. */
export function hearingsByDay(items: readonly HearingSummary[]): Map<string, HearingSummary[]> {
  const out = new Map<string, HearingSummary[]>()
  for (const h of items) {
    if (!h.starts_at) continue
    const day = formatDate(h.starts_at)
    out.set(day, [...(out.get(day) ?? []), h])
  }
  for (const v of out.values()) v.sort((a, b) => (a.starts_at ?? '').localeCompare(b.starts_at ?? ''))
  return out
}

/** "HH:mm" of a start time, or nothing. */
export function timeOf(ts: string | null): string {
  return ts ? formatDateTime(ts).slice(11, 16) : ''
}
