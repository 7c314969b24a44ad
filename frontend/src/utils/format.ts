// Display formatters. Dates and times are shown in Asia/Shanghai whatever the
// browser's zone, as the procuratorates' records are kept in that zone.

export const TIME_ZONE = 'Asia/Shanghai'
const EMPTY = '—'

type Locale = string

function parts(d: Date, withTime: boolean): Record<string, string> {
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' as const } : {}),
  })
  const out: Record<string, string> = {}
  for (const p of fmt.formatToParts(d)) out[p.type] = p.value
  return out
}

function toDate(v: string | Date | null | undefined): Date | null {
  if (v === null || v === undefined || v === '') return null
  const d = v instanceof Date ? v : new Date(v)
  return Number.isNaN(d.getTime()) ? null : d
}

/** "YYYY-MM-DD". A plain date string passes through unchanged. */
export function formatDate(v: string | Date | null | undefined): string {
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return v
  const d = toDate(v)
  if (!d) return EMPTY
  const p = parts(d, false)
  return `${p.year}-${p.month}-${p.day}`
}

/** "YYYY-MM-DD HH:mm:ss", 24-hour clock. */
export function formatDateTime(v: string | Date | null | undefined): string {
  const d = toDate(v)
  if (!d) return EMPTY
  const p = parts(d, true)
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`
}

/** Today's date in Asia/Shanghai, "YYYY-MM-DD". */
export function todayDate(now: Date = new Date()): string {
  return formatDate(now)
}

/**
 * A ratio written as "1:x" with two decimals, e.g. 案-件比 1:1.07 for
 * numerator 107 (件) over denominator 100 (案).
 */
export function formatRatio(numerator: number, denominator: number, digits = 2): string {
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || denominator === 0) return EMPTY
  return `1:${(numerator / denominator).toFixed(digits)}`
}

/** A rate given as a fraction (0.1234) shown as a percentage with one decimal: "12.3%". */
export function formatRate(fraction: number | null | undefined, digits = 1): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return EMPTY
  return `${(fraction * 100).toFixed(digits)}%`
}

/** numerator / denominator as a percentage with one decimal; "—" when the denominator is 0. */
export function formatPercent(numerator: number, denominator: number, digits = 1): string {
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || denominator === 0) return EMPTY
  return formatRate(numerator / denominator, digits)
}

/** A count with thousands separators. */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return EMPTY
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(n)
}

function grouped(n: number, digits: number): string {
  return new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n)
}

/** Yuan with thousands separators and two decimals: "1,234,567.50 元" / "CNY 1,234,567.50". */
export function formatMoney(yuan: number | null | undefined, locale: Locale = 'zh-CN'): string {
  if (yuan === null || yuan === undefined || !Number.isFinite(yuan)) return EMPTY
  const s = grouped(yuan, 2)
  return locale.startsWith('zh') ? `${s} 元` : `CNY ${s}`
}

/** Yuan in units of 万元 (10,000 yuan), two decimals: "123.46 万元" / "CNY 1.23 million". */
export function formatWanYuan(yuan: number | null | undefined, locale: Locale = 'zh-CN'): string {
  if (yuan === null || yuan === undefined || !Number.isFinite(yuan)) return EMPTY
  if (locale.startsWith('zh')) return `${grouped(yuan / 10_000, 2)} 万元`
  return `CNY ${grouped(yuan / 1_000_000, 2)} million`
}

/** Money for tables: plain yuan below 10,000; large sums also in 万元. */
export function formatMoneyWithWan(yuan: number | null | undefined, locale: Locale = 'zh-CN'): string {
  if (yuan === null || yuan === undefined || !Number.isFinite(yuan)) return EMPTY
  if (Math.abs(yuan) < 10_000) return formatMoney(yuan, locale)
  const zh = locale.startsWith('zh')
  return `${formatMoney(yuan, locale)}${zh ? '（' : ' ('}${formatWanYuan(yuan, locale)}${zh ? '）' : ')'}`
}

/** Up to `digits` decimals, trailing zeros dropped, with thousands separators. */
function trimmed(n: number, digits: number): string {
  return new Intl.NumberFormat('en-US', { minimumFractionDigits: 0, maximumFractionDigits: digits }).format(n)
}

/**
 * Whole yuan committed (funds_yuan): "43,000,000 元（4,300 万元）" /
 * "CNY 43,000,000 (43 million)"; sums under 10,000 yuan without the 万元 part.
 */
export function formatFunds(yuan: number | null | undefined, locale: Locale = 'zh-CN'): string {
  if (yuan === null || yuan === undefined || !Number.isFinite(yuan)) return EMPTY
  const zh = locale.startsWith('zh')
  const whole = zh ? `${trimmed(yuan, 0)} 元` : `CNY ${trimmed(yuan, 0)}`
  if (Math.abs(yuan) < 10_000) return whole
  if (zh) return `${whole}（${trimmed(yuan / 10_000, 2)} 万元）`
  return Math.abs(yuan) < 1_000_000 ? `${whole} (${trimmed(yuan / 1_000, 2)} thousand)` : `${whole} (${trimmed(yuan / 1_000_000, 2)} million)`
}

/** A sum in 万元 alone, for a form's "that is …" hint: "4,300 万元" / "CNY 43 million". */
export function formatWan(yuan: number | null | undefined, locale: Locale = 'zh-CN'): string {
  if (yuan === null || yuan === undefined || !Number.isFinite(yuan)) return EMPTY
  if (locale.startsWith('zh')) return `${trimmed(yuan / 10_000, 4)} 万元`
  return Math.abs(yuan) < 1_000_000 ? `CNY ${trimmed(yuan / 1_000, 3)} thousand` : `CNY ${trimmed(yuan / 1_000_000, 4)} million`
}

/** A file size for people: 512 B, 12.3 KB, 4.5 MB. */
export function formatFileSize(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return EMPTY
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

/** A YYYY-MM-DD date moved by n calendar days. */
export function shiftDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number)
  const t = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days))
  return t.toISOString().slice(0, 10)
}
