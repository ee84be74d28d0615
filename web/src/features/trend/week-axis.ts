/**
 * What the national trend charts share: a category axis of weeks that runs right to left in
 * Persian (time flows the way the text does) with a handful of month labels, the legend in reading
 * order, and an HTML-escaped axis tooltip. Pure.
 */
import type { XAXisComponentOption } from 'echarts';
import type { LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { formatDay, formatMonthYear } from '../../format/format';
import type { Lang } from '../../i18n/dictionary';

export const TREND_CHART_HEIGHT = { wide: 300, narrow: 260 };

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** Show about this many labels whatever the history's length: 8 on a laptop, 4 on a phone. */
export function labelInterval(weeks: number, narrow: boolean): number {
  return Math.max(0, Math.ceil(weeks / (narrow ? 4 : 8)) - 1);
}

export function weekAxis(weekEnds: readonly string[], lang: Lang, narrow: boolean): XAXisComponentOption {
  return {
    type: 'category',
    data: [...weekEnds],
    inverse: lang === 'fa',
    axisTick: { alignWithLabel: true, interval: labelInterval(weekEnds.length, narrow) },
    axisLabel: {
      interval: labelInterval(weekEnds.length, narrow),
      fontSize: 11,
      hideOverlap: true,
      formatter: (iso: string) => formatMonthYear(iso, lang),
    },
  };
}

/**
 * The legend at the top, starting on the reading side, items in reading order. ECharts lays a
 * legend out left to right, so reading order in Persian holds only on one line: on a phone the
 * legend is made compact enough to stay on one.
 */
export function readingLegend(names: string[], lang: Lang, narrow = false): LegendComponentOption {
  const rtl = lang === 'fa';
  return {
    top: 0,
    [rtl ? 'right' : 'left']: 0,
    align: rtl ? 'right' : 'left',
    itemWidth: narrow ? 10 : 14,
    itemHeight: narrow ? 8 : 10,
    itemGap: narrow ? 6 : 14,
    textStyle: { fontSize: narrow ? 10.5 : 12 },
    data: rtl ? [...names].reverse() : names,
  };
}

export interface TooltipLine {
  color: string;
  label: string;
  value: string;
}

/** An axis tooltip: the week's date, then one line per series; every text escaped. */
export function weekTooltip(lang: Lang, lines: (weekEnd: string) => TooltipLine[]): TooltipComponentOption {
  return {
    trigger: 'axis',
    confine: true,
    formatter: (params: unknown) => {
      const first = (Array.isArray(params) ? params[0] : params) as { name?: string } | undefined;
      const weekEnd = first?.name ?? '';
      const rows = lines(weekEnd)
        .map((l) => `<span style="display:inline-block;width:10px;height:10px;border-radius:50%;background:${l.color}"></span> ${escapeHtml(l.label)}: <strong>${escapeHtml(l.value)}</strong>`)
        .join('<br/>');
      return `<div dir="${lang === 'fa' ? 'rtl' : 'ltr'}" style="text-align:start"><strong>${escapeHtml(formatDay(weekEnd, lang))}</strong><br/>${rows}</div>`;
    },
  };
}
