/**
 * The pipelines page's chart: per day, how many agencies sent daily metrics, against how many are
 * registered. Silence shows as a shortfall that persists; a day nobody reported as a gap. Pure:
 * data and language in, ECharts option out. In Persian time runs right to left, as the text does.
 */
import type { BarSeriesOption } from 'echarts/charts';
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { DailyReporting } from '@hamgam/shared';
import { formatCount, formatDay, formatDayShort } from '../../format/format';
import { translate, type Lang } from '../../i18n/dictionary';
import { FRESHNESS_COLOR } from './freshness';

export type ReportingChartOption = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>;

export interface ReportingChartInput {
  daily: readonly DailyReporting[];
  /** Registered agencies: the axis runs to it, so a full bar means everyone reported. */
  registered: number;
  lang: Lang;
  narrow: boolean;
}

export const REPORTING_CHART_HEIGHT = { wide: 260, narrow: 220 };

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export function toReportingOption({ daily, registered, lang, narrow }: ReportingChartInput): ReportingChartOption {
  const rtl = lang === 'fa';
  const days = [...daily].sort((a, b) => a.day.localeCompare(b.day));
  const byIndex = days;
  return {
    animation: false,
    grid: { top: 28, bottom: 8, left: rtl ? 8 : 4, right: rtl ? 4 : 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: days.map((d) => formatDayShort(d.day, lang)),
      inverse: rtl,
      axisTick: { alignWithLabel: true },
      // Every seventh day on a phone, every third on a laptop: labels never overlap.
      axisLabel: { interval: narrow ? 6 : 2, fontSize: 11, hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: Math.max(registered, ...days.map((d) => d.agencies), 1),
      position: rtl ? 'right' : 'left',
      minInterval: 1,
      name: translate(lang, 'reporting.registered', { count: formatCount(registered, lang) }),
      nameLocation: 'end',
      nameTextStyle: { align: rtl ? 'right' : 'left', fontSize: 11 },
      axisLabel: { formatter: (v: number) => formatCount(v, lang), fontSize: 11 },
    },
    tooltip: {
      trigger: 'axis',
      confine: true,
      axisPointer: { type: 'shadow' },
      formatter: (p: unknown) => {
        const first = (Array.isArray(p) ? p[0] : p) as { dataIndex?: number } | undefined;
        const d = first?.dataIndex !== undefined ? byIndex[first.dataIndex] : undefined;
        if (!d) return '';
        return (
          `<div dir="${rtl ? 'rtl' : 'ltr'}" style="text-align:start">` +
          `<strong>${escapeHtml(formatDay(d.day, lang))}</strong><br/>` +
          `${escapeHtml(translate(lang, 'reporting.tooltip', { agencies: formatCount(d.agencies, lang), total: formatCount(registered, lang) }))}<br/>` +
          `${escapeHtml(translate(lang, 'reporting.tooltipRows', { rows: formatCount(d.rows, lang) }))}</div>`
        );
      },
    },
    series: [
      {
        type: 'bar',
        id: 'agencies',
        name: translate(lang, 'reporting.agencies'),
        barMaxWidth: 22,
        // Days some agency missed in amber, full days in green: the shortfall is visible at a glance.
        data: days.map((d) => ({ value: d.agencies, itemStyle: { color: d.agencies >= registered ? FRESHNESS_COLOR.fresh : FRESHNESS_COLOR.late } })),
        itemStyle: { borderRadius: [3, 3, 0, 0] },
      },
    ],
  };
}
