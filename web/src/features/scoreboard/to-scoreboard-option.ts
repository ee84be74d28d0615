/**
 * The scoreboard chart: one horizontal bar per agency, its Integration Index, in rank order and
 * coloured by status. Pure: rows and language in, ECharts option out (tested without a browser).
 *
 * One bar series per status, stacked on one stack, so each agency has exactly one visible bar and
 * the legend doubles as a status key that can hide a status. In Persian the value axis runs right
 * to left and the agency names sit on the right, where a Persian reader starts.
 */
import type { BarSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { AgencyStatus, ScoreboardRow } from '@hamgam/shared';
import { statusKey, translate, type Lang } from '../../i18n/dictionary';
import { formatCount, formatScore } from '../../format/format';
import { STATUS_COLOR, STATUS_ORDER } from './status-style';

export type ScoreboardChartOption = ComposeOption<
  BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

export interface ScoreboardChartInput {
  rows: readonly ScoreboardRow[];
  lang: Lang;
  /** Phone width: shorter agency labels, legend over two lines. */
  narrow: boolean;
}

const BAR_ROW_PX = 26;
const CHROME_PX = { wide: 80, narrow: 104 };

/** The chart's height for `rowCount` agencies: a fixed band per bar, so labels never collide. */
export function scoreboardChartHeight(rowCount: number, narrow: boolean): number {
  return Math.max(1, rowCount) * BAR_ROW_PX + (narrow ? CHROME_PX.narrow : CHROME_PX.wide);
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

interface BarDatum {
  value: number;
  agencyId: string;
}

export function toScoreboardOption({ rows, lang, narrow }: ScoreboardChartInput): ScoreboardChartOption {
  const rtl = lang === 'fa';
  const ranked = [...rows].sort((a, b) => a.rank - b.rank);
  const names = ranked.map((r) => (lang === 'fa' ? r.nameFa : r.nameEn));
  const byId = new Map(ranked.map((r) => [r.agencyId, r]));

  const series: BarSeriesOption[] = STATUS_ORDER.map((status: AgencyStatus) => ({
    type: 'bar',
    id: status,
    name: translate(lang, statusKey(status)),
    stack: 'index',
    barMaxWidth: 18,
    itemStyle: { color: STATUS_COLOR[status], borderRadius: rtl ? [3, 0, 0, 3] : [0, 3, 3, 0] },
    // Only this status's agencies carry a value; null leaves the others' bands empty.
    data: ranked.map((r) => (r.status === status ? ({ value: r.index, agencyId: r.agencyId } satisfies BarDatum) : null)),
    label: {
      show: true,
      // 'right'/'left' are screen sides: the bar's end is on the left when the axis runs RTL.
      position: rtl ? 'left' : 'right',
      distance: 4,
      color: '#1f2937',
      fontSize: 11,
      formatter: (p: { value?: unknown }) => (typeof p.value === 'number' ? formatScore(p.value, lang) : ''),
    },
    emphasis: { focus: 'none' },
  }));

  return {
    animation: false,
    legend: {
      top: 0,
      [rtl ? 'right' : 'left']: 0,
      // Icon on the reading side of the text, and the items in reading order: in Persian the
      // first status (joined) must be the rightmost.
      align: rtl ? 'right' : 'left',
      itemWidth: 12,
      itemHeight: 12,
      itemGap: narrow ? 10 : 16,
      textStyle: { fontSize: 12 },
      data: (rtl ? [...series].reverse() : series).map((s) => s.name as string),
    },
    grid: {
      top: narrow ? 60 : 36,
      bottom: 28,
      // The value label sits past the bar's end: leave room for it beside a full (100) bar.
      left: rtl ? 40 : 8,
      right: rtl ? 8 : 40,
      containLabel: true,
    },
    xAxis: {
      type: 'value',
      min: 0,
      max: 100,
      interval: 20,
      inverse: rtl,
      axisLabel: { formatter: (v: number) => formatCount(v, lang), fontSize: 11 },
    },
    yAxis: {
      type: 'category',
      data: names,
      inverse: true, // rank 1 on top
      position: rtl ? 'right' : 'left',
      axisTick: { show: false },
      axisLabel: {
        width: narrow ? 136 : 320,
        overflow: 'truncate',
        ellipsis: '…',
        fontSize: narrow ? 11 : 12,
        interval: 0,
      },
    },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: unknown) => {
        const datum = (p as { data?: BarDatum | null }).data;
        const row = datum ? byId.get(datum.agencyId) : undefined;
        if (!row) return '';
        const name = lang === 'fa' ? row.nameFa : row.nameEn;
        const color = STATUS_COLOR[row.status];
        return (
          `<div dir="${rtl ? 'rtl' : 'ltr'}" style="text-align:start">` +
          `<strong>${escapeHtml(name)}</strong><br/>` +
          `${escapeHtml(translate(lang, 'chart.tooltipRank', { value: formatCount(row.rank, lang) }))}<br/>` +
          `${escapeHtml(translate(lang, 'chart.tooltipIndex', { value: formatScore(row.index, lang) }))}<br/>` +
          `<span style="display:inline-block;width:10px;height:10px;border-radius:50%;background:${color}"></span> ` +
          `${escapeHtml(translate(lang, statusKey(row.status)))}</div>`
        );
      },
    },
    series,
  };
}
