// ECharts, tree-shaken: only the charts and components the analysis pages
// draw are registered (imported once, by ChartCard).
import { use } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, MarkLineComponent, ToolboxComponent, TooltipComponent } from 'echarts/components'

use([CanvasRenderer, LineChart, BarChart, HeatmapChart, GridComponent, TooltipComponent, LegendComponent, ToolboxComponent, MarkLineComponent])

export type { EChartsOption } from 'echarts'
