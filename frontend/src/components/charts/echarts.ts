// ECharts, tree-shaken: only the charts and components the analysis pages
// draw are registered (imported once, by ChartCard). No toolbox: its
// features pull in data zoom and brush; ChartCard saves the PNG itself.
import { use } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components'

use([CanvasRenderer, LineChart, BarChart, HeatmapChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent])

export type { EChartsOption } from 'echarts'
