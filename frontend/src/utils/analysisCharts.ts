// The ECharts options of the class-case analysis: trend lines by month, unit
// comparison bars and the unit × indicator heat map, each with the data rows
// behind it (for the CSV export).
import type { EChartsOption } from 'echarts'
import type { ClassCaseAnalysis, IndicatorCell, IndicatorDef, IndicatorUnitKind, UnitIndicatorRow } from '@/api/types'
import { heatScore, toneOf, TONE_COLORS, type HeatBasis } from './heatmap'
import type { Compare } from './analysisQuery'

export interface ChartSpec {
  option: EChartsOption
  data: (string | number | null)[][]
}

/** A raw indicator value as people read it ("1:1.07", "12.5%", "3", "2.4"); a percent's value is in percent (12.5). */
export function formatIndicatorValue(unit: IndicatorUnitKind, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  switch (unit) {
    case 'ratio':
      return `1:${v.toFixed(2)}`
    case 'percent':
      return `${v.toFixed(1)}%`
    case 'count':
      return String(Math.round(v))
    case 'per_hearing':
      return v.toFixed(1)
  }
}

/**
 * A display string of the server (written in Chinese: "+1.2个百分点",
 * "5.00 人/场") in the user's language.
 */
export function localizeDisplay(s: string, locale: string): string {
  if (locale.startsWith('zh')) return s
  return s.replace(/个百分点/g, ' pp').replace(/\s*人\/场/g, ' per hearing')
}

export function indicatorName(d: Pick<IndicatorDef, 'name_zh' | 'name_en'>, locale: string): string {
  return locale.startsWith('zh') ? d.name_zh : d.name_en
}

/** The month label "2026-03" shortened to "3月" / "Mar" when the range stays in one year. */
function monthLabel(label: string, locale: string, oneYear: boolean): string {
  const m = /^(\d{4})-(\d{2})/.exec(label)
  if (!m) return label
  const month = Number(m[2])
  if (locale.startsWith('zh')) return oneYear ? `${month}月` : `${m[1]}年${month}月`
  const name = new Intl.DateTimeFormat('en', { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, month - 1, 1)))
  return oneYear ? name : `${name} ${m[1]}`
}

/**
 * Trend lines, one a selected indicator: rates on the left axis (percent),
 * ratios, counts and averages on the right. The tooltip gives each month's
 * value with the one it is compared with: the month before, or with
 * `compare` 'year_ago' the same month a year earlier (also in the data).
 */
export function trendChart(a: ClassCaseAnalysis, codes: readonly string[], locale: string, compare: Compare = 'previous'): ChartSpec {
  const defs = new Map(a.indicators.map((d) => [d.code, d]))
  const months = a.trend.months
  const oneYear = new Set(months.map((m) => m.from.slice(0, 4))).size <= 1
  const labels = months.map((m) => monthLabel(m.from, locale, oneYear))
  const picked = codes.map((c) => ({ def: defs.get(c), series: a.trend.series.find((s) => s.code === c) })).filter(
    (x): x is { def: IndicatorDef; series: { code: string; values: (number | null)[]; compared: (number | null)[] } } => !!x.def && !!x.series,
  )
  const hasPercent = picked.some((p) => p.def.unit === 'percent')
  const hasOther = picked.some((p) => p.def.unit !== 'percent')
  const others = picked.filter((p) => p.def.unit !== 'percent')
  const onlyRatio = others.length > 0 && others.every((p) => p.def.unit === 'ratio')
  const zh = locale.startsWith('zh')
  const comparedWord = compare === 'year_ago' ? (zh ? '上年同月' : 'a year earlier') : zh ? '上月' : 'month before'
  const otherName = others.length === 1 && others[0] ? indicatorName(others[0].def, locale) : onlyRatio ? (zh ? '比值' : 'Ratio') : zh ? '数值' : 'Value'
  const option: EChartsOption = {
    grid: { left: 56, right: hasOther ? 64 : 24, top: 40, bottom: 56 },
    legend: { bottom: 0, type: 'plain' },
    tooltip: {
      trigger: 'axis',
      className: 'chart-tip',
      formatter: (params: unknown) => {
        const list = Array.isArray(params) ? (params as { seriesName: string; value: number | null; dataIndex: number; marker: string; seriesIndex: number }[]) : []
        const head = list[0] ? labels[list[0].dataIndex] : ''
        return [
          head,
          ...list.map((p) => {
            const x = picked[p.seriesIndex]
            const unit = x?.def.unit ?? 'count'
            const before = x?.series.compared?.[p.dataIndex]
            const note = before === undefined ? '' : zh ? `（${comparedWord} ${formatIndicatorValue(unit, before)}）` : ` (${comparedWord} ${formatIndicatorValue(unit, before)})`
            return `${p.marker}${p.seriesName}${zh ? '：' : ': '}${formatIndicatorValue(unit, p.value)}${note}`
          }),
        ].join('<br/>')
      },
    },
    xAxis: { type: 'category', data: labels, boundaryGap: false },
    yAxis: [
      {
        type: 'value',
        show: hasPercent,
        name: zh ? '比率' : 'Rate',
        axisLabel: { formatter: (v: number) => `${v}%` },
        splitLine: { show: hasPercent },
      },
      {
        type: 'value',
        show: hasOther,
        name: otherName,
        scale: true,
        axisLabel: { formatter: (v: number) => (onlyRatio ? `1:${v}` : String(v)) },
        splitLine: { show: !hasPercent },
      },
    ],
    series: picked.map((p) => ({
      type: 'line',
      name: indicatorName(p.def, locale),
      yAxisIndex: p.def.unit === 'percent' ? 0 : 1,
      data: p.series.values,
      connectNulls: false,
      symbolSize: 6,
    })),
  }
  const data: (string | number | null)[][] = [
    [zh ? '月份' : 'Month', ...picked.flatMap((p) => [indicatorName(p.def, locale), `${indicatorName(p.def, locale)}${zh ? `（${comparedWord}）` : ` (${comparedWord})`}`])],
    ...months.map((m, i) => [m.label || m.from.slice(0, 7), ...picked.flatMap((p) => [p.series.values[i] ?? null, p.series.compared?.[i] ?? null])]),
  ]
  return { option, data }
}

function cellOf(row: UnitIndicatorRow | undefined, code: string): IndicatorCell | undefined {
  return row?.cells.find((c) => c.code === code)
}

/** Bars comparing the child units on one indicator, the scope's figure as a dashed line. */
export function unitBarsChart(a: ClassCaseAnalysis, code: string, locale: string): ChartSpec {
  const def = a.indicators.find((d) => d.code === code)
  const children = a.units.filter((r) => r.kind === 'child')
  const total = cellOf(a.units.find((r) => r.kind === 'total'), code)
  const unit = def?.unit ?? 'count'
  const names = children.map((r) => r.unit.short_name || r.unit.name)
  const option: EChartsOption = {
    grid: { left: 56, right: 88, top: 32, bottom: 40 },
    tooltip: {
      trigger: 'axis',
      className: 'chart-tip',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const p = (Array.isArray(params) ? params[0] : params) as { dataIndex: number }
        const row = children[p.dataIndex]
        const c = cellOf(row, code)
        if (!row || !c) return ''
        const zh = locale.startsWith('zh')
        return `${row.unit.name}<br/>${localizeDisplay(c.display, locale)}<br/>${zh ? '分子/分母：' : 'numerator/denominator: '}${c.numerator} / ${c.denominator}`
      },
    },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, overflow: 'truncate', width: 96 } },
    yAxis: {
      type: 'value',
      // Bars start at zero (issue 15): a bar's length is its value, also for the case ratio, whose floor 1:1 the labels show.
      min: 0,
      axisLabel: { formatter: (v: number) => (unit === 'percent' ? `${v}%` : unit === 'ratio' ? `1:${v}` : String(v)) },
    },
    series: [
      {
        type: 'bar',
        name: def ? indicatorName(def, locale) : code,
        barMaxWidth: 48,
        cursor: 'pointer',
        data: children.map((r) => {
          const c = cellOf(r, code)
          const score = def ? heatScore(c, total, def.direction, 'total') : 0
          return { value: c?.value ?? null, itemStyle: { color: barColor(toneOf(score)) } }
        }),
        label: { show: true, position: 'top', formatter: (p: { dataIndex: number }) => localizeDisplay(cellOf(children[p.dataIndex], code)?.display ?? '', locale) },
        markLine:
          total?.value !== null && total?.value !== undefined
            ? {
                symbol: 'none',
                lineStyle: { type: 'dashed', color: '#909399' },
                label: { formatter: `${zhScope(locale)}\n${localizeDisplay(total.display, locale)}`, position: 'end', color: '#606266' },
                data: [{ yAxis: total.value }],
              }
            : undefined,
      },
    ],
  }
  const zh = locale.startsWith('zh')
  const data: (string | number | null)[][] = [
    [zh ? '单位' : 'Unit', zh ? '分子' : 'Numerator', zh ? '分母' : 'Denominator', zh ? '值' : 'Value', zh ? '显示' : 'Shown'],
    ...children.map((r) => {
      const c = cellOf(r, code)
      return [r.unit.name, c?.numerator ?? null, c?.denominator ?? null, c?.value ?? null, (c ? localizeDisplay(c.display, locale) : '')]
    }),
  ]
  return { option, data }
}

function zhScope(locale: string): string {
  return locale.startsWith('zh') ? '全辖' : 'Scope'
}

function barColor(tone: ReturnType<typeof toneOf>): string {
  return tone === 'better' ? '#67c23a' : tone === 'worse' ? '#f56c6c' : '#5b8ff9'
}

/** Mixes the tone's colour with white by the score's strength (0.25–1). */
function heatColor(score: number | null): string {
  const tone = toneOf(score)
  if (tone === 'none' || tone === 'neutral' || score === null) return TONE_COLORS[tone]
  const base = TONE_COLORS[tone]
  const k = 0.25 + 0.75 * Math.min(1, Math.abs(score))
  const ch = (i: number) => Math.round(255 + (Number.parseInt(base.slice(i, i + 2), 16) - 255) * k)
  return `rgb(${ch(1)}, ${ch(3)}, ${ch(5)})`
}

/**
 * Units (columns: the scope's total, then its children) × indicators (rows,
 * in catalogue order from the top), each cell coloured by how the unit
 * compares in the indicator's direction. `columns` are the units by x index.
 */
export function heatmapChart(
  a: ClassCaseAnalysis,
  codes: readonly string[],
  basis: HeatBasis,
  locale: string,
  compare: Compare = 'previous',
): ChartSpec & { columns: UnitIndicatorRow[] } {
  const zh = locale.startsWith('zh')
  const defs = codes.map((c) => a.indicators.find((d) => d.code === c)).filter((d): d is IndicatorDef => !!d)
  const total = a.units.find((r) => r.kind === 'total')
  const columns = [...(total ? [total] : []), ...a.units.filter((r) => r.kind === 'child')]
  const rowsTopDown = [...defs].reverse()
  const against = compare === 'year_ago' ? (zh ? '较上年同期' : 'vs a year earlier') : zh ? '较上期' : 'vs previous'
  const words = zh
    ? { better: '较好', worse: '较差', neutral: '持平', none: '无数据' }
    : { better: 'better', worse: 'worse', neutral: 'level', none: 'no data' }
  const data = columns.flatMap((r, x) =>
    rowsTopDown.map((d, y) => {
      const c = cellOf(r, d.code)
      const score = r === total && basis === 'total' ? (c?.value == null ? null : 0) : heatScore(c, cellOf(total, d.code), d.direction, basis)
      const tone = toneOf(score)
      const mark = tone === 'better' ? '▲' : tone === 'worse' ? '▼' : ''
      return {
        value: [x, y, score ?? 0],
        label: { formatter: c ? `${localizeDisplay(c.display, locale)}${mark ? ` ${mark}` : ''}` : '—' },
        itemStyle: { color: heatColor(score), borderColor: '#fff', borderWidth: 2 },
        tip: `${r.unit.name}<br/>${indicatorName(d, locale)}${zh ? '：' : ': '}${c ? localizeDisplay(c.display, locale) : '—'}${zh ? `（${words[tone]}）` : ` (${words[tone]})`}<br/>${zh ? '分子/分母：' : 'numerator/denominator: '}${c ? `${c.numerator} / ${c.denominator}` : '—'}${c?.change_display ? `<br/>${against} ${localizeDisplay(c.change_display, locale)}` : ''}`,
      }
    }),
  )
  const option: EChartsOption = {
    grid: { left: 168, right: 16, top: 28, bottom: 8 },
    tooltip: { className: 'chart-tip', formatter: (p: unknown) => ((p as { data?: { tip?: string } }).data?.tip ?? '') },
    xAxis: {
      type: 'category',
      position: 'top',
      data: columns.map((r) => (r === total ? `${r.unit.short_name || r.unit.name}${zh ? '（全辖）' : ' (all)'}` : r.unit.short_name || r.unit.name)),
      axisLabel: { interval: 0, overflow: 'truncate', width: 120, fontWeight: 'bold' },
      axisTick: { show: false },
      triggerEvent: true,
    },
    yAxis: {
      type: 'category',
      data: rowsTopDown.map((d) => indicatorName(d, locale)),
      axisLabel: { width: 156, overflow: 'truncate', fontSize: 12 },
      axisTick: { show: false },
    },
    series: [{ type: 'heatmap', data, label: { show: true, fontSize: 12, color: '#303133' }, cursor: 'pointer' }],
  }
  const table: (string | number | null)[][] = [
    [zh ? '指标' : 'Indicator', ...columns.map((r) => r.unit.name)],
    ...defs.map((d) => [indicatorName(d, locale), ...columns.map((r) => localizeDisplay(cellOf(r, d.code)?.display ?? '', locale))]),
  ]
  return { option, data: table, columns }
}
