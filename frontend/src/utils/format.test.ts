import { describe, expect, it } from 'vitest'
import {
  formatCount,
  formatDate,
  formatDateTime,
  formatFileSize,
  formatFunds,
  formatWan,
  formatMoney,
  formatMoneyWithWan,
  formatPercent,
  formatRate,
  formatRatio,
  formatWanYuan,
  shiftDate,
  todayDate,
} from './format'

describe('dates', () => {
  it('passes a YYYY-MM-DD date through', () => {
    expect(formatDate('2024-02-29')).toBe('2024-02-29')
  })

  it('formats timestamps in Asia/Shanghai', () => {
    // 16:30 UTC is 00:30 the next day in Shanghai
    expect(formatDate('2024-12-31T16:30:00Z')).toBe('2025-01-01')
    expect(formatDateTime('2024-12-31T16:30:05Z')).toBe('2025-01-01 00:30:05')
    expect(formatDateTime('2026-11-26T09:05:00+08:00')).toBe('2026-11-26 09:05:00')
    expect(formatDate(new Date('2026-03-01T00:00:00+08:00'))).toBe('2026-03-01')
  })

  it('uses a 24-hour clock', () => {
    expect(formatDateTime('2026-01-02T15:04:05+08:00')).toBe('2026-01-02 15:04:05')
    expect(formatDateTime('2026-01-02T00:00:00+08:00')).toBe('2026-01-02 00:00:00')
  })

  it('shows a dash for missing or invalid values', () => {
    expect(formatDate(null)).toBe('—')
    expect(formatDate('')).toBe('—')
    expect(formatDate('not a date')).toBe('—')
    expect(formatDateTime(undefined)).toBe('—')
  })

  it('gives today in Shanghai', () => {
    expect(todayDate(new Date('2026-06-30T17:00:00Z'))).toBe('2026-07-01')
  })
})

describe('ratios and rates', () => {
  it('writes the case-to-proceeding ratio as 1:x.xx', () => {
    expect(formatRatio(107, 100)).toBe('1:1.07')
    expect(formatRatio(100, 100)).toBe('1:1.00')
    expect(formatRatio(1234, 1000)).toBe('1:1.23')
    expect(formatRatio(5, 0)).toBe('—')
  })

  it('shows rates with one decimal', () => {
    expect(formatRate(0.1234)).toBe('12.3%')
    expect(formatRate(1)).toBe('100.0%')
    expect(formatRate(0)).toBe('0.0%')
    expect(formatRate(0.00049)).toBe('0.0%')
    expect(formatRate(null)).toBe('—')
    expect(formatPercent(1, 3)).toBe('33.3%')
    expect(formatPercent(2, 3)).toBe('66.7%')
    expect(formatPercent(1, 0)).toBe('—')
  })

  it('groups counts', () => {
    expect(formatCount(1234567)).toBe('1,234,567')
    expect(formatCount(0)).toBe('0')
  })
})

describe('money', () => {
  it('shows yuan with thousands separators', () => {
    expect(formatMoney(1234567.5)).toBe('1,234,567.50 元')
    expect(formatMoney(0)).toBe('0.00 元')
    expect(formatMoney(-1200)).toBe('-1,200.00 元')
    expect(formatMoney(1234567.5, 'en')).toBe('CNY 1,234,567.50')
    expect(formatMoney(null)).toBe('—')
  })

  it('shows large sums in 万元', () => {
    expect(formatWanYuan(1234567)).toBe('123.46 万元')
    expect(formatWanYuan(123456789)).toBe('12,345.68 万元')
    expect(formatWanYuan(1234567, 'en')).toBe('CNY 1.23 million')
  })

  it('adds 万元 only for sums of 10,000 yuan and more', () => {
    expect(formatMoneyWithWan(9999)).toBe('9,999.00 元')
    expect(formatMoneyWithWan(50000)).toBe('50,000.00 元（5.00 万元）')
    expect(formatMoneyWithWan(50000, 'en')).toBe('CNY 50,000.00 (CNY 0.05 million)')
  })
})

describe('funds committed (whole yuan)', () => {
  it('shows yuan with separators and large sums also in 万元', () => {
    expect(formatFunds(43_000_000)).toBe('43,000,000 元（4,300 万元）')
    expect(formatFunds(350_000)).toBe('350,000 元（35 万元）')
    expect(formatFunds(123_456)).toBe('123,456 元（12.35 万元）')
    expect(formatFunds(9_999)).toBe('9,999 元')
    expect(formatFunds(0)).toBe('0 元')
    expect(formatFunds(null)).toBe('—')
  })

  it('reads naturally in English', () => {
    expect(formatFunds(43_000_000, 'en')).toBe('CNY 43,000,000 (43 million)')
    expect(formatFunds(350_000, 'en')).toBe('CNY 350,000 (350 thousand)')
    expect(formatFunds(5_000, 'en')).toBe('CNY 5,000')
  })

  it('gives the 万元 hint of a form', () => {
    expect(formatWan(43_000_000)).toBe('4,300 万元')
    expect(formatWan(12_345)).toBe('1.2345 万元')
    expect(formatWan(43_000_000, 'en')).toBe('CNY 43 million')
  })
})

describe('file sizes and date arithmetic', () => {
  it('shows sizes in B, KB and MB', () => {
    expect(formatFileSize(512)).toBe('512 B')
    expect(formatFileSize(12_650)).toBe('12.4 KB')
    expect(formatFileSize(20 * 1024 * 1024)).toBe('20.0 MB')
    expect(formatFileSize(-1)).toBe('—')
  })

  it('moves a date by days across months and years', () => {
    expect(shiftDate('2026-11-26', 7)).toBe('2026-12-03')
    expect(shiftDate('2026-12-30', 3)).toBe('2027-01-02')
    expect(shiftDate('2024-03-01', -1)).toBe('2024-02-29')
  })
})
