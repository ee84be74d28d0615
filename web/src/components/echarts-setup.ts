/**
 * The only ECharts modules the dashboard ships (tree-shaken from `echarts/core`); add a chart or
 * component here when a feature needs it. Also the dashboard's theme: Vazirmatn everywhere.
 */
import { BarChart, GraphChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { registerTheme, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, GraphChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export const THEME = 'hamgam';
export const FONT_FAMILY = 'Vazirmatn, Tahoma, sans-serif';

registerTheme(THEME, {
  textStyle: { fontFamily: FONT_FAMILY, color: '#1f2937' },
  legend: { textStyle: { fontFamily: FONT_FAMILY, color: '#1f2937' } },
  tooltip: { textStyle: { fontFamily: FONT_FAMILY, color: '#111827' } },
  categoryAxis: { axisLabel: { color: '#1f2937' }, axisLine: { lineStyle: { color: '#9ca3af' } } },
  valueAxis: { axisLabel: { color: '#374151' }, splitLine: { lineStyle: { color: '#e5e7eb' } } },
});
