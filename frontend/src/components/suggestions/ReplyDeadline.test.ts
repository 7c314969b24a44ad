import { afterEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { i18n, setLocale } from '@/i18n'
import ReplyDeadline from './ReplyDeadline.vue'

const render = (props: { dueOn: string | null; daysLeft: number | null; overdue: boolean }) =>
  mount(ReplyDeadline, { props, global: { plugins: [i18n] } })

describe('ReplyDeadline', () => {
  afterEach(() => setLocale('zh-CN'))

  it('shows an overdue deadline in red with the days overdue in words', () => {
    const w = render({ dueOn: '2025-09-02', daysLeft: -450, overdue: true })
    expect(w.text()).toContain('2025-09-02')
    expect(w.text()).toContain('逾期 450 天')
    expect(w.find('[data-tone]').attributes('data-tone')).toBe('overdue')
  })

  it('shows a deadline within 7 days in orange with the days left', () => {
    const w = render({ dueOn: '2026-11-30', daysLeft: 4, overdue: false })
    expect(w.text()).toContain('剩 4 天')
    expect(w.find('[data-tone]').attributes('data-tone')).toBe('soon')
    const today = render({ dueOn: '2026-11-26', daysLeft: 0, overdue: false })
    expect(today.text()).toContain('今日到期')
  })

  it('shows a later deadline plainly, and only the date when no clock runs', () => {
    expect(render({ dueOn: '2027-01-26', daysLeft: 61, overdue: false }).find('[data-tone]').attributes('data-tone')).toBe('normal')
    const replied = render({ dueOn: '2027-01-26', daysLeft: null, overdue: false })
    expect(replied.text()).toBe('2027-01-26')
    expect(render({ dueOn: null, daysLeft: null, overdue: false }).text()).toBe('—')
  })

  it('speaks English', () => {
    setLocale('en')
    expect(render({ dueOn: '2025-09-02', daysLeft: -3, overdue: true }).text()).toContain('3 days overdue')
  })
})
