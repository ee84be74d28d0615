/**
 * Agencies by status, week by week: one stacked column per week, a band per status in the
 * scoreboard's colours, joined at the bottom so its growth reads as the programme's progress.
 */
import type { BarSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { TrendPoint } from '@hamgam/shared';
import { formatCount } from '../../format/format';
import { statusKey, translate, type Lang } from '../../i18n/dictionary';
import { STATUS_COLOR, STATUS_ORDER, SUMMARY_FIELD } from '../scoreboard/status-style';
import { readingLegend, weekAxis, weekTooltip } from './week-axis';

export type StatusTrendOption = ComposeOption<BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

export function toStatusTrendOption({ points, lang, narrow }: { points: readonly TrendPoint[]; lang: Lang; narrow: boolean }): StatusTrendOption {
  const rtl = lang === 'fa';
  const sorted = [...points].sort((a, b) => a.week.end.localeCompare(b.week.end));
  const byWeek = new Map(sorted.map((p) => [p.week.end, p]));
  const series: BarSeriesOption[] = STATUS_ORDER.map((status) => ({
    type: 'bar',
    id: status,
    name: translate(lang, statusKey(status)),
    stack: 'agencies',
    barCategoryGap: '12%',
    itemStyle: { color: STATUS_COLOR[status] },
    emphasis: { focus: 'series' },
    data: sorted.map((p) => p[SUMMARY_FIELD[status]]),
  }));
  return {
    animation: false,
    legend: readingLegend(series.map((s) => s.name as string), lang, narrow),
    grid: { top: 36, bottom: 8, left: 8, right: 8, containLabel: true },
    xAxis: weekAxis(sorted.map((p) => p.week.end), lang, narrow),
    // No fixed max: a top tick at the registry's size (55) would crowd the nice tick below it.
    yAxis: { type: 'value', min: 0, position: rtl ? 'right' : 'left', minInterval: 1, axisLabel: { formatter: (v: number) => formatCount(v, lang), fontSize: 11 } },
    tooltip: weekTooltip(lang, (weekEnd) => {
      const p = byWeek.get(weekEnd);
      if (!p) return [];
      return STATUS_ORDER.map((s) => ({ color: STATUS_COLOR[s], label: translate(lang, statusKey(s)), value: formatCount(p[SUMMARY_FIELD[s]], lang) }));
    }),
    series,
  };
}
