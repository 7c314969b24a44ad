import { describe, expect, it } from 'vitest'
import type { ClassCaseAnalysis, IndicatorCell, IndicatorDef, UnitIndicatorRow } from '@/api/types'
import { formatIndicatorValue, heatmapChart, localizeDisplay, trendChart, unitBarsChart } from './analysisCharts'

function def(code: string, unit: IndicatorDef['unit'], direction: IndicatorDef['direction']): IndicatorDef {
  return {
    code,
    version: 1,
    name_zh: code,
    name_en: code,
    numerator: '',
    denominator: '',
    direction,
    unit,
    reference: null,
    formula_zh: '',
    formula_en: '',
    builtin: true,
    active: true,
    updated_at: '2026-01-01T00:00:00+08:00',
  }
}

function cell(code: string, value: number | null): IndicatorCell {
  return { code, numerator: 1, denominator: 2, value, previous_value: null, change: null, better: null, display: String(value), change_display: '', year_ago: null }
}

function row(id: number, kind: UnitIndicatorRow['kind'], ratio: number | null, rate: number | null): UnitIndicatorRow {
  return {
    unit: { id, code: String(id), name: `单位${id}`, short_name: `U${id}`, level: 'basic' },
    kind,
    cells: [cell('case_ratio', ratio), cell('non_arrest_rate', rate)],
    score: null,
    rank: null,
  }
}

const analysis = {
  unit: { id: 1, code: '1', name: '汉江分院', short_name: '汉江', level: 'branch' },
  indicators: [def('case_ratio', 'ratio', 'lower_better'), def('non_arrest_rate', 'percent', 'higher_better')],
  trend: {
    months: [
      { from: '2026-01-01', to: '2026-01-31', label: '2026-01' },
      { from: '2026-02-01', to: '2026-02-28', label: '2026-02' },
    ],
    series: [
      { code: 'case_ratio', values: [1.1, 1.05], compared: [1.2, 1.1] },
      { code: 'non_arrest_rate', values: [0.2, null], compared: [null, 0.2] },
    ],
  },
  units: [row(1, 'total', 1.07, 0.2), row(1, 'own', 1.0, 0.1), row(2, 'child', 1.2, 0.3), row(3, 'child', 1.0, null)],
} as unknown as ClassCaseAnalysis

describe('formatIndicatorValue', () => {
  it('writes each unit kind (a percent in percent)', () => {
    expect(formatIndicatorValue('ratio', 1.0712)).toBe('1:1.07')
    expect(formatIndicatorValue('percent', 12.5)).toBe('12.5%')
    expect(formatIndicatorValue('count', 12)).toBe('12')
    expect(formatIndicatorValue('per_hearing', 3.333)).toBe('3.3')
    expect(formatIndicatorValue('percent', null)).toBe('—')
  })
})

describe('localizeDisplay', () => {
  it('writes the server\'s Chinese units in English', () => {
    expect(localizeDisplay('+24.1个百分点', 'en')).toBe('+24.1 pp')
    expect(localizeDisplay('5.00 人/场', 'en')).toBe('5.00 per hearing')
    expect(localizeDisplay('+24.1个百分点', 'zh-CN')).toBe('+24.1个百分点')
  })
})

describe('analysis charts', () => {
  it('draws one line a selected indicator, rates on the percent axis', () => {
    const { option, data } = trendChart(analysis, ['case_ratio', 'non_arrest_rate'], 'zh-CN')
    const series = option.series as { yAxisIndex: number; data: unknown[] }[]
    expect(series.map((s) => s.yAxisIndex)).toEqual([1, 0])
    expect((option.xAxis as { data: string[] }).data).toEqual(['1月', '2月'])
    expect(data).toEqual([
      ['月份', 'case_ratio', 'case_ratio（上月）', 'non_arrest_rate', 'non_arrest_rate（上月）'],
      ['2026-01', 1.1, 1.2, 0.2, null],
      ['2026-02', 1.05, 1.1, null, 0.2],
    ])
  })

  it('compares each month with the same month a year earlier when 上期 is the year before', () => {
    const { option, data } = trendChart(analysis, ['case_ratio'], 'zh-CN', 'year_ago')
    expect(data[0]).toEqual(['月份', 'case_ratio', 'case_ratio（上年同月）'])
    const tip = (option.tooltip as { formatter: (p: unknown) => string }).formatter([
      { seriesName: 'case_ratio', value: 1.05, dataIndex: 1, marker: '', seriesIndex: 0 },
    ])
    expect(tip).toBe('2月<br/>case_ratio：1:1.05（上年同月 1:1.10）')
    const en = trendChart(analysis, ['case_ratio'], 'en', 'year_ago')
    expect((en.option.tooltip as { formatter: (p: unknown) => string }).formatter([{ seriesName: 'case_ratio', value: 1.05, dataIndex: 1, marker: '', seriesIndex: 0 }])).toBe(
      'Feb<br/>case_ratio: 1:1.05 (a year earlier 1:1.10)',
    )
  })

  it('compares the child units, coloured against the total', () => {
    const { option, data } = unitBarsChart(analysis, 'case_ratio', 'zh-CN')
    const bars = (option.series as { data: { value: number; itemStyle: { color: string } }[] }[])[0]?.data ?? []
    expect(bars.map((b) => b.value)).toEqual([1.2, 1.0])
    // 案件比: lower is better, so 1.2 against 1.07 is worse (red) and 1.0 better (green).
    expect(bars.map((b) => b.itemStyle.color)).toEqual(['#f56c6c', '#67c23a'])
    expect(data[1]).toEqual(['单位2', 1, 2, 1.2, '1.2'])
  })

  it('lays out the heat map: units across with the total first, indicators down', () => {
    const h = heatmapChart(analysis, ['case_ratio', 'non_arrest_rate'], 'total', 'zh-CN')
    expect(h.columns.map((r) => r.kind)).toEqual(['total', 'child', 'child'])
    expect((h.option.xAxis as { data: string[] }).data).toEqual(['U1（全辖）', 'U2', 'U3'])
    expect((h.option.yAxis as { data: string[] }).data).toEqual(['non_arrest_rate', 'case_ratio'])
    const cells = (h.option.series as { data: { value: number[]; label: { formatter: string } }[] }[])[0]?.data ?? []
    expect(cells).toHaveLength(6)
    // U2's 案件比 1.2 is worse than 1.07: negative score and a ▼ mark.
    const u2ratio = cells.find((c) => c.value[0] === 1 && c.value[1] === 1)
    expect(u2ratio?.value[2]).toBeLessThan(0)
    expect(u2ratio?.label.formatter).toBe('1.2 ▼')
    expect(h.data[0]).toEqual(['指标', '单位1', '单位2', '单位3'])
    expect(h.data[1]?.[0]).toBe('case_ratio')
  })

})
