// The month grids of the holiday calendar editor: Monday-first weeks, and
// what a click does to a day.

export type DayKind = 'holiday' | 'workday'

export interface DayCell {
  date: string
  day: number
  weekend: boolean
}

const pad = (n: number) => String(n).padStart(2, '0')

export function isoDate(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`
}

/** 0 = Monday … 6 = Sunday, for a YYYY-MM-DD date. */
export function weekdayIndex(date: string): number {
  const [y, m, d] = date.split('-').map(Number)
  const js = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)).getUTCDay() // 0 = Sunday
  return (js + 6) % 7
}

export function isWeekend(date: string): boolean {
  return weekdayIndex(date) >= 5
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** The weeks of a month (1–12), Monday first; days outside the month are null. */
export function monthWeeks(year: number, month: number): (DayCell | null)[][] {
  const weeks: (DayCell | null)[][] = []
  let week: (DayCell | null)[] = Array.from({ length: weekdayIndex(isoDate(year, month, 1)) }, () => null)
  for (let d = 1; d <= daysInMonth(year, month); d++) {
    const date = isoDate(year, month, d)
    week.push({ date, day: d, weekend: isWeekend(date) })
    if (week.length === 7) {
      weeks.push(week)
      week = []
    }
  }
  if (week.length > 0) weeks.push([...week, ...Array.from({ length: 7 - week.length }, () => null)])
  return weeks
}

/**
 * The next kind of a day when clicked: a weekday is a working day or a
 * holiday; a weekend day is a rest day, a holiday (inside a holiday block)
 * or a make-up working day (调休上班).
 */
export function nextKind(date: string, current: DayKind | null): DayKind | null {
  if (!isWeekend(date)) return current === null ? 'holiday' : null
  if (current === null) return 'holiday'
  if (current === 'holiday') return 'workday'
  return null
}

/** The calendar as the API wants it: sorted holidays and workdays. */
export function splitKinds(days: ReadonlyMap<string, DayKind>): { holidays: string[]; workdays: string[] } {
  const holidays: string[] = []
  const workdays: string[] = []
  for (const [date, kind] of days) (kind === 'holiday' ? holidays : workdays).push(date)
  return { holidays: holidays.sort(), workdays: workdays.sort() }
}

export function kindsOf(holidays: readonly string[], workdays: readonly string[]): Map<string, DayKind> {
  const m = new Map<string, DayKind>()
  for (const d of holidays) m.set(d, 'holiday')
  for (const d of workdays) m.set(d, 'workday')
  return m
}
