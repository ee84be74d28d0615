/**
 * One agency's weeks: its Integration Index and its coverage, against the coverage expected on
 * the straight line from the programme start to its deadline. The gap between coverage and the
 * dashed line is what decides "on track" or "lagging". Pure.
 */
import type { LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { AgencyTrendPoint } from '@hamgam/shared';
import { formatCount, formatPercent, formatScore, formatWholePercent } from '../../format/format';
import { translate, type Lang } from '../../i18n/dictionary';
import { readingLegend, weekAxis, weekTooltip } from '../trend/week-axis';

export type AgencyTrendOption = ComposeOption<LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

export const INDEX_COLOR = '#1d4ed8';
export const COVERAGE_COLOR = '#0f5132';
export const EXPECTED_COLOR = '#6b7280';
export const AGENCY_TREND_HEIGHT = { wide: 280, narrow: 240 };

export function toAgencyTrendOption({ points, lang, narrow }: { points: readonly AgencyTrendPoint[]; lang: Lang; narrow: boolean }): AgencyTrendOption {
  const sorted = [...points].sort((a, b) => a.week.end.localeCompare(b.week.end));
  const byWeek = new Map(sorted.map((p) => [p.week.end, p]));
  const indexName = translate(lang, 'trajectory.index');
  const coverageName = translate(lang, 'trajectory.coverage');
  const expectedName = translate(lang, 'trajectory.expected');
  return {
    animation: false,
    legend: readingLegend([indexName, coverageName, expectedName], lang, narrow),
    grid: { top: 36, bottom: 8, left: 8, right: 8, containLabel: true },
    xAxis: weekAxis(sorted.map((p) => p.week.end), lang, narrow),
    yAxis: { type: 'value', min: 0, max: 100, interval: 20, position: lang === 'fa' ? 'right' : 'left', axisLabel: { formatter: (v: number) => formatWholePercent(v, lang), fontSize: 11 } },
    tooltip: weekTooltip(lang, (weekEnd) => {
      const p = byWeek.get(weekEnd);
      if (!p) return [];
      return [
        { color: INDEX_COLOR, label: indexName, value: `${formatScore(p.index, lang)} (${translate(lang, 'trajectory.rank')} ${translate(lang, 'agency.rankOf', { rank: formatCount(p.rank, lang), total: formatCount(p.agencies, lang) })})` },
        { color: COVERAGE_COLOR, label: coverageName, value: formatPercent(p.coverage, lang) },
        { color: EXPECTED_COLOR, label: expectedName, value: formatPercent(p.expectedCoverage, lang) },
      ];
    }),
    series: [
      { type: 'line', id: 'index', name: indexName, data: sorted.map((p) => p.index), showSymbol: false, lineStyle: { width: 2.5, color: INDEX_COLOR }, itemStyle: { color: INDEX_COLOR } },
      {
        type: 'line',
        id: 'coverage',
        name: coverageName,
        data: sorted.map((p) => p.coverage),
        showSymbol: false,
        lineStyle: { width: 2.5, color: COVERAGE_COLOR },
        itemStyle: { color: COVERAGE_COLOR },
        areaStyle: { color: 'rgba(15, 81, 50, 0.08)' },
      },
      { type: 'line', id: 'expected', name: expectedName, data: sorted.map((p) => p.expectedCoverage), showSymbol: false, lineStyle: { width: 2, type: 'dashed', color: EXPECTED_COLOR }, itemStyle: { color: EXPECTED_COLOR } },
    ],
  };
}
