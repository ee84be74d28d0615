/**
 * Services live on the national window (% of all services) each week, against the expected
 * trajectory: the straight line from 0% at the programme start to 100% at the national deadline.
 * The gap between the two lines is the programme's delay.
 */
import type { LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { TrendPoint } from '@hamgam/shared';
import { formatCount, formatPercent, formatWholePercent } from '../../format/format';
import { translate, type Lang } from '../../i18n/dictionary';
import { readingLegend, weekAxis, weekTooltip } from './week-axis';

export type ServicesTrendOption = ComposeOption<LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

export const SERVICES_COLOR = '#0f5132';
export const EXPECTED_COLOR = '#6b7280';

export function toServicesTrendOption({ points, lang, narrow }: { points: readonly TrendPoint[]; lang: Lang; narrow: boolean }): ServicesTrendOption {
  const rtl = lang === 'fa';
  const sorted = [...points].sort((a, b) => a.week.end.localeCompare(b.week.end));
  const byWeek = new Map(sorted.map((p) => [p.week.end, p]));
  const liveName = translate(lang, 'trend.servicesLivePct');
  const expectedName = translate(lang, 'trend.expected');
  return {
    animation: false,
    legend: readingLegend([liveName, expectedName], lang, narrow),
    grid: { top: 36, bottom: 8, left: 8, right: 8, containLabel: true },
    xAxis: weekAxis(sorted.map((p) => p.week.end), lang, narrow),
    yAxis: { type: 'value', min: 0, max: 100, interval: 20, position: rtl ? 'right' : 'left', axisLabel: { formatter: (v: number) => formatWholePercent(v, lang), fontSize: 11 } },
    tooltip: weekTooltip(lang, (weekEnd) => {
      const p = byWeek.get(weekEnd);
      if (!p) return [];
      return [
        {
          color: SERVICES_COLOR,
          label: liveName,
          value: `${formatPercent(p.servicesLivePct, lang)} (${translate(lang, 'table.servicesValue', { live: formatCount(p.servicesLive, lang), total: formatCount(p.servicesTotal, lang) })})`,
        },
        { color: EXPECTED_COLOR, label: expectedName, value: formatPercent(p.expectedPct, lang) },
      ];
    }),
    series: [
      {
        type: 'line',
        id: 'servicesLive',
        name: liveName,
        data: sorted.map((p) => p.servicesLivePct),
        showSymbol: false,
        lineStyle: { width: 3, color: SERVICES_COLOR },
        itemStyle: { color: SERVICES_COLOR },
        areaStyle: { color: 'rgba(15, 81, 50, 0.08)' },
      },
      {
        type: 'line',
        id: 'expected',
        name: expectedName,
        data: sorted.map((p) => p.expectedPct),
        showSymbol: false,
        lineStyle: { width: 2, type: 'dashed', color: EXPECTED_COLOR },
        itemStyle: { color: EXPECTED_COLOR },
      },
    ],
  };
}
