import type { OnceOnlyPoint, TrendPoint } from '@hamgam/shared';
import { type Column, DataTable } from '../../components/DataTable';
import { formatCount, formatDay, formatPercent, formatScore } from '../../format/format';
import { statusKey } from '../../i18n/dictionary';
import { type I18n, useI18n } from '../../i18n/use-i18n';
import { STATUS_ORDER, SUMMARY_FIELD } from '../scoreboard/status-style';

/** Newest week first in the tables: the recent weeks are the ones read. */
const newestFirst = <T,>(items: readonly T[], end: (x: T) => string) => [...items].sort((a, b) => end(b).localeCompare(end(a)));

/** The week column every trend table starts with: the row's header, the week's Friday. */
function weekColumn<T>(header: string, end: (row: T) => string, lang: 'fa' | 'en'): Column<T> {
  return { id: 'week', header, className: 'nowrap', rowHeader: true, cell: (row) => <time dateTime={end(row)}>{formatDay(end(row), lang)}</time> };
}

export function StatusTrendTable({ points, caption }: { points: readonly TrendPoint[]; caption: string }) {
  const { t, lang } = useI18n();
  const columns: Column<TrendPoint>[] = [
    weekColumn(t('trend.week'), (p) => p.week.end, lang),
    ...STATUS_ORDER.map((s): Column<TrendPoint> => ({ id: s, header: t(statusKey(s)), className: 'num', cell: (p) => formatCount(p[SUMMARY_FIELD[s]], lang) })),
    { id: 'agencies', header: t('trend.agencies'), className: 'num', cell: (p) => formatCount(p.agencies, lang) },
    { id: 'mean', header: t('trend.meanIndex'), className: 'num', cell: (p) => formatScore(p.meanIndex, lang) },
  ];
  return (
    <DataTable
      testId="status-trend-rows"
      caption={caption}
      columns={columns}
      rows={newestFirst(points, (p) => p.week.end)}
      rowKey={(p) => p.week.end}
      rowAttributes={(p) => ({ 'data-week': p.week.end })}
    />
  );
}

export function ServicesTrendTable({ points, caption }: { points: readonly TrendPoint[]; caption: string }) {
  const { t, lang } = useI18n();
  const columns: Column<TrendPoint>[] = [
    weekColumn(t('trend.week'), (p) => p.week.end, lang),
    {
      id: 'live',
      header: t('trend.servicesLive'),
      className: 'num',
      cell: (p) => t('table.servicesValue', { live: formatCount(p.servicesLive, lang), total: formatCount(p.servicesTotal, lang) }),
    },
    { id: 'live-pct', header: t('trend.servicesLivePct'), className: 'num', cell: (p) => formatPercent(p.servicesLivePct, lang) },
    { id: 'expected', header: t('trend.expected'), className: 'num', cell: (p) => formatPercent(p.expectedPct, lang) },
  ];
  return (
    <DataTable
      testId="services-trend-rows"
      caption={caption}
      columns={columns}
      rows={newestFirst(points, (p) => p.week.end)}
      rowKey={(p) => p.week.end}
      rowAttributes={(p) => ({ 'data-week': p.week.end })}
    />
  );
}

/** Documents fetched from other agencies against those asked of citizens, per week. */
export function onceOnlyColumns<T extends { docsAsked: number; docsFetched: number; onceOnlyPct: number | null }>(t: I18n['t'], lang: 'fa' | 'en'): Column<T>[] {
  return [
    { id: 'asked', header: t('trend.docsAsked'), className: 'num', cell: (p) => formatCount(p.docsAsked, lang) },
    { id: 'fetched', header: t('trend.docsFetched'), className: 'num', cell: (p) => formatCount(p.docsFetched, lang) },
    { id: 'once-only', header: t('trend.onceOnly'), className: 'num', cell: (p) => (p.onceOnlyPct === null ? t('trend.noDocs') : formatPercent(p.onceOnlyPct, lang)) },
  ];
}

export function OnceOnlyTable({ trend, caption }: { trend: readonly OnceOnlyPoint[]; caption: string }) {
  const { t, lang } = useI18n();
  const columns: Column<OnceOnlyPoint>[] = [weekColumn(t('trend.week'), (p) => p.weekEnd, lang), ...onceOnlyColumns<OnceOnlyPoint>(t, lang)];
  return (
    <DataTable
      testId="once-only-rows"
      caption={caption}
      columns={columns}
      rows={newestFirst(trend, (p) => p.weekEnd)}
      rowKey={(p) => p.weekEnd}
      rowAttributes={(p) => ({ 'data-week': p.weekEnd })}
    />
  );
}
