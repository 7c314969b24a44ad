// Reporting periods: the two-month periods (双月) of the 业务数据分析研判
// reports, quarters, years and custom ranges, as inclusive YYYY-MM-DD spans.

export interface DateRange {
  from: string
  to: string
}

export interface Bimonth {
  year: number
  /** 1 is January–February, 6 is November–December. */
  bimonth: number
}

export type PeriodPreset = 'bimonth' | 'quarter' | 'year' | 'custom'
export const PERIOD_PRESETS: readonly PeriodPreset[] = ['bimonth', 'quarter', 'year', 'custom']

const pad = (n: number) => String(n).padStart(2, '0')

/** The last day of month m (1–12) of year y. */
function lastDay(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate()
}

function ymd(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number)
  return [y ?? 1970, m ?? 1, d ?? 1]
}

/** Months m1..m2 of year y as a range. */
function months(y: number, m1: number, m2: number): DateRange {
  return { from: `${y}-${pad(m1)}-01`, to: `${y}-${pad(m2)}-${pad(lastDay(y, m2))}` }
}

/** The n-th two-month period of year y. */
export function bimonthRange(year: number, bimonth: number): DateRange {
  return months(year, 2 * bimonth - 1, 2 * bimonth)
}

/** The two-month period a date falls in. */
export function bimonthOf(date: string): Bimonth {
  const [y, m] = ymd(date)
  return { year: y, bimonth: Math.ceil(m / 2) }
}

/** The two-month period before b. */
export function previousBimonth(b: Bimonth): Bimonth {
  return b.bimonth > 1 ? { year: b.year, bimonth: b.bimonth - 1 } : { year: b.year - 1, bimonth: 6 }
}

/** The latest two-month period that has ended by `today` (the report default). */
export function latestCompletedBimonth(today: string): Bimonth {
  return previousBimonth(bimonthOf(today))
}

/** The latest quarter that has ended by `today`. */
export function latestCompletedQuarterRange(today: string): DateRange {
  const [y, m] = ymd(today)
  const q = Math.ceil(m / 3) - 1
  return q === 0 ? months(y - 1, 10, 12) : months(y, 3 * q - 2, 3 * q)
}

/**
 * The span of a preset on `today`: the latest completed two-month period or
 * quarter, or this year up to today; 'custom' keeps the given range (or the
 * year to date without one).
 */
export function presetRange(preset: PeriodPreset, today: string, custom?: DateRange | null): DateRange {
  switch (preset) {
    case 'bimonth': {
      const b = latestCompletedBimonth(today)
      return bimonthRange(b.year, b.bimonth)
    }
    case 'quarter':
      return latestCompletedQuarterRange(today)
    case 'year':
      return { from: `${ymd(today)[0]}-01-01`, to: today }
    case 'custom':
      return custom ?? { from: `${ymd(today)[0]}-01-01`, to: today }
  }
}

/** The preset whose span is `range` on `today`, else 'custom'. */
export function presetOf(range: DateRange, today: string): PeriodPreset {
  for (const p of ['bimonth', 'quarter', 'year'] as const) {
    const r = presetRange(p, today)
    if (r.from === range.from && r.to === range.to) return p
  }
  return 'custom'
}

/** The two-month periods of a year that have ended by `today` (all six for past years). */
export function completedBimonths(year: number, today: string): number[] {
  const latest = latestCompletedBimonth(today)
  const last = year < latest.year ? 6 : year === latest.year ? latest.bimonth : 0
  return Array.from({ length: last }, (_, i) => i + 1)
}
