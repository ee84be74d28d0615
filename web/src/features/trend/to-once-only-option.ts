/**
 * The national once-only share per week: of the documents services needed, the share fetched from
 * other agencies instead of asked of citizens. A week that needed no documents is a gap, not a 0.
 */
import type { LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { OnceOnlyPoint } from '@hamgam/shared';
import { formatPercent, formatWholePercent } from '../../format/format';
import { translate, type Lang } from '../../i18n/dictionary';
import { readingLegend, weekAxis, weekTooltip } from './week-axis';

export type OnceOnlyOption = ComposeOption<LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

export const ONCE_ONLY_COLOR = '#1d4ed8';

export function toOnceOnlyOption({ trend, lang, narrow }: { trend: readonly OnceOnlyPoint[]; lang: Lang; narrow: boolean }): OnceOnlyOption {
  const rtl = lang === 'fa';
  const sorted = [...trend].sort((a, b) => a.weekEnd.localeCompare(b.weekEnd));
  const byWeek = new Map(sorted.map((p) => [p.weekEnd, p]));
  const name = translate(lang, 'trend.onceOnly');
  return {
    animation: false,
    legend: readingLegend([name], lang, narrow),
    grid: { top: 36, bottom: 8, left: 8, right: 8, containLabel: true },
    xAxis: weekAxis(sorted.map((p) => p.weekEnd), lang, narrow),
    yAxis: { type: 'value', min: 0, max: 100, interval: 20, position: rtl ? 'right' : 'left', axisLabel: { formatter: (v: number) => formatWholePercent(v, lang), fontSize: 11 } },
    tooltip: weekTooltip(lang, (weekEnd) => {
      const p = byWeek.get(weekEnd);
      if (!p) return [];
      return [{ color: ONCE_ONLY_COLOR, label: name, value: p.onceOnlyPct === null ? translate(lang, 'trend.noDocs') : formatPercent(p.onceOnlyPct, lang) }];
    }),
    series: [
      {
        type: 'line',
        id: 'onceOnly',
        name,
        data: sorted.map((p) => p.onceOnlyPct),
        connectNulls: false,
        showSymbol: false,
        lineStyle: { width: 3, color: ONCE_ONLY_COLOR },
        itemStyle: { color: ONCE_ONLY_COLOR },
        areaStyle: { color: 'rgba(29, 78, 216, 0.08)' },
      },
    ],
  };
}
