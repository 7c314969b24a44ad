import { afterEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { i18n } from '@/i18n'
import type { IndicatorCell } from '@/api/types'
import IndicatorValue from './IndicatorValue.vue'

/** A case ratio (lower is better) that rose against the previous period and fell against a year earlier. */
const cell = {
  code: 'case_ratio',
  numerator: 109,
  denominator: 100,
  value: 1.09,
  previous_value: 1.07,
  change: 0.02,
  better: false,
  display: '1:1.09',
  change_display: '+0.02',
  year_ago: { value: 1.2, display: '1:1.20', change: -0.11, better: true, change_display: '-0.11' },
} as IndicatorCell

function render(c: IndicatorCell) {
  return mount(IndicatorValue, { props: { cell: c }, global: { plugins: [i18n] } })
}

describe('IndicatorValue', () => {
  afterEach(() => {
    i18n.global.locale.value = 'zh-CN'
  })

  it('shows 环比 and 同比, each with the arrow of its direction and the colour of better or worse, said in words', () => {
    i18n.global.locale.value = 'zh-CN'
    const w = render(cell)
    const prev = w.get('[data-testid="change-previous"]')
    const ago = w.get('[data-testid="change-yearAgo"]')
    expect(prev.text()).toContain('环比')
    expect(prev.text()).toContain('▲ +0.02')
    expect(prev.classes()).toContain('worse')
    expect(prev.text()).toContain('较上期变差')
    expect(ago.text()).toContain('同比')
    expect(ago.text()).toContain('▼ -0.11')
    expect(ago.classes()).toContain('better')
    expect(ago.text()).toContain('较上年同期好转')
    expect(ago.attributes('title')).toBe('较上年同期 -0.11，较上年同期好转')
  })

  it('names the comparisons in English', () => {
    i18n.global.locale.value = 'en'
    const w = render(cell)
    expect(w.get('[data-testid="change-yearAgo"]').text()).toContain('YoY')
    expect(w.get('[data-testid="change-yearAgo"]').text()).toContain('better than a year earlier')
  })

  it('with 上期 chosen as the same period a year earlier, the cell\'s own change is said to be against it', () => {
    i18n.global.locale.value = 'zh-CN'
    const w = mount(IndicatorValue, { props: { cell: { ...cell, year_ago: null }, compared: 'year_ago' }, global: { plugins: [i18n] } })
    expect(w.findAll('.change')).toHaveLength(1)
    const ch = w.get('[data-testid="change-yearAgo"]')
    expect(ch.attributes('title')).toBe('较上年同期 +0.02，较上年同期变差')
    expect(ch.text()).not.toContain('较上期')
  })

  it('without a year-ago figure shows the change against the previous period alone, unnamed, as before', () => {
    const w = render({ ...cell, year_ago: null })
    expect(w.findAll('.change')).toHaveLength(1)
    expect(w.get('[data-testid="change-previous"]').text()).not.toContain('环比')
  })

  it('a change that shows as none has no arrow and no colour', () => {
    const w = render({ ...cell, change: 0, better: null, change_display: '0.00', year_ago: null })
    const prev = w.get('[data-testid="change-previous"]')
    expect(prev.text()).not.toMatch(/[▲▼]/)
    expect(prev.classes()).toContain('neutral')
  })
})
