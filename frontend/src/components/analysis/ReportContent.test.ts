import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import type { BimonthlyReport } from '@/api/types'
import { formatDateTime } from '@/utils/format'
import ReportContent from './ReportContent.vue'

const report = {
  unit: { id: 2, code: '429000', name: '汉江分院', level: 'branch' },
  year: 2026,
  bimonth: 5,
  period: { from: '2026-09-01', to: '2026-10-31', label: '2026年9-10月', kind: 'bimonth' },
  previous: { from: '2026-07-01', to: '2026-08-31', label: '', kind: 'bimonth' },
  year_before: { from: '2025-09-01', to: '2025-10-31', label: '', kind: 'bimonth' },
  indicators: [{ code: 'case_ratio', name_zh: '案件比', name_en: 'Case ratio', formula_zh: '', formula_en: '' }],
  rows: [],
  overdue_suggestions: [],
  hearings_held: [],
  top_categories: [],
  scoring: { enabled: false, weights: {}, references: {} },
  overdue_as_of: '2026-11-01',
  generated_at: '2026-11-02T10:00:00+08:00',
  as_of: '2026-11-02T09:59:30+08:00',
  summaries: [{ code: 'case_ratio', text: '案件比 1:1.09，较上期上升 0.02。', edited: false }],
} as unknown as BimonthlyReport

function render(props: Record<string, unknown>) {
  i18n.global.locale.value = 'zh-CN'
  return mount(ReportContent, { props: { report, ...props }, global: { plugins: [createPinia(), i18n, ElementPlus], stubs: ['router-link'] } })
}

describe('ReportContent', () => {
  it('shows the time of the data, which a read replica may hold back', () => {
    expect(render({}).get('[data-testid="report-as-of"]').text()).toBe('数据截至 ' + formatDateTime('2026-11-02T09:59:30+08:00'))
    const old = { ...report, as_of: undefined } as unknown as BimonthlyReport
    expect(render({ report: old }).find('[data-testid="report-as-of"]').exists()).toBe(false)
  })

  it('names the 同比 period beside the previous one', () => {
    expect(render({}).text()).toContain('同比上年同期 2025-09-01 至 2025-10-31')
  })

  it('lets the summaries be edited before a snapshot, each with a label', async () => {
    const w = render({ editable: true, summaryEdits: {} })
    const input = w.get('[data-testid="summary-case_ratio"] textarea')
    expect((input.element as HTMLTextAreaElement).value).toBe('案件比 1:1.09，较上期上升 0.02。')
    expect(w.get(`#${input.attributes('aria-labelledby')}`).text()).toBe('案件比')
    await input.setValue('改写')
    expect(w.emitted('editSummary')?.[0]).toEqual(['case_ratio', '改写'])
  })

  it('shows a frozen summary as text, marked when it was edited', () => {
    const frozen = { ...report, summaries: [{ code: 'case_ratio', text: '人工改写。', edited: true }] }
    const w = render({ report: frozen })
    expect(w.find('textarea').exists()).toBe(false)
    expect(w.get('[data-testid="summary-case_ratio"]').text()).toContain('人工改写。')
    expect(w.get('[data-testid="summary-case_ratio"]').text()).toContain('已人工修改')
  })
})
