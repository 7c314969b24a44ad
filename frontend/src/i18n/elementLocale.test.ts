import { describe, expect, it } from 'vitest'
import dayjs from 'dayjs'
import localeData from 'dayjs/plugin/localeData.js'
import { applyDayjsLocale, elementLocale } from './elementLocale'

dayjs.extend(localeData)

describe('calendars start on Monday', () => {
  it.each(['zh-CN', 'en'])('in %s, for date pickers and el-calendar', (loc) => {
    const name = elementLocale(loc).name
    expect((dayjs().locale(name) as unknown as { $locale: () => { weekStart?: number } }).$locale().weekStart).toBe(1)
    applyDayjsLocale(loc)
    expect(dayjs.localeData().firstDayOfWeek()).toBe(1)
  })

  it('keeps the English words', () => {
    const picker = elementLocale('en').el?.datepicker as Record<string, unknown> | undefined
    expect(picker?.today).toBe('Today')
  })
})
