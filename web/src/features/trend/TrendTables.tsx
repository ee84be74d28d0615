import type { OnceOnlyPoint, TrendPoint } from '@hamgam/shared';
import { formatCount, formatDay, formatPercent, formatScore } from '../../format/format';
import { statusKey } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/use-i18n';
import { STATUS_ORDER, SUMMARY_FIELD } from '../scoreboard/status-style';

/** Newest week first in the tables: the recent weeks are the ones read. */
const newestFirst = <T,>(items: readonly T[], end: (x: T) => string) => [...items].sort((a, b) => end(b).localeCompare(end(a)));

export function StatusTrendTable({ points, caption }: { points: readonly TrendPoint[]; caption: string }) {
  const { t, lang } = useI18n();
  return (
    <table className="data-table" data-testid="status-trend-rows">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('trend.week')}</th>
          {STATUS_ORDER.map((s) => (
            <th scope="col" className="num" key={s}>
              {t(statusKey(s))}
            </th>
          ))}
          <th scope="col" className="num">{t('trend.agencies')}</th>
          <th scope="col" className="num">{t('trend.meanIndex')}</th>
        </tr>
      </thead>
      <tbody>
        {newestFirst(points, (p) => p.week.end).map((p) => (
          <tr key={p.week.end} data-week={p.week.end}>
            <th scope="row" className="nowrap">
              <time dateTime={p.week.end}>{formatDay(p.week.end, lang)}</time>
            </th>
            {STATUS_ORDER.map((s) => (
              <td className="num" key={s}>
                {formatCount(p[SUMMARY_FIELD[s]], lang)}
              </td>
            ))}
            <td className="num">{formatCount(p.agencies, lang)}</td>
            <td className="num">{formatScore(p.meanIndex, lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ServicesTrendTable({ points, caption }: { points: readonly TrendPoint[]; caption: string }) {
  const { t, lang } = useI18n();
  return (
    <table className="data-table" data-testid="services-trend-rows">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('trend.week')}</th>
          <th scope="col" className="num">{t('trend.servicesLive')}</th>
          <th scope="col" className="num">{t('trend.servicesLivePct')}</th>
          <th scope="col" className="num">{t('trend.expected')}</th>
        </tr>
      </thead>
      <tbody>
        {newestFirst(points, (p) => p.week.end).map((p) => (
          <tr key={p.week.end} data-week={p.week.end}>
            <th scope="row" className="nowrap">
              <time dateTime={p.week.end}>{formatDay(p.week.end, lang)}</time>
            </th>
            <td className="num">{t('table.servicesValue', { live: formatCount(p.servicesLive, lang), total: formatCount(p.servicesTotal, lang) })}</td>
            <td className="num">{formatPercent(p.servicesLivePct, lang)}</td>
            <td className="num">{formatPercent(p.expectedPct, lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function OnceOnlyTable({ trend, caption }: { trend: readonly OnceOnlyPoint[]; caption: string }) {
  const { t, lang } = useI18n();
  return (
    <table className="data-table" data-testid="once-only-rows">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('trend.week')}</th>
          <th scope="col" className="num">{t('trend.docsAsked')}</th>
          <th scope="col" className="num">{t('trend.docsFetched')}</th>
          <th scope="col" className="num">{t('trend.onceOnly')}</th>
        </tr>
      </thead>
      <tbody>
        {newestFirst(trend, (p) => p.weekEnd).map((p) => (
          <tr key={p.weekEnd} data-week={p.weekEnd}>
            <th scope="row" className="nowrap">
              <time dateTime={p.weekEnd}>{formatDay(p.weekEnd, lang)}</time>
            </th>
            <td className="num">{formatCount(p.docsAsked, lang)}</td>
            <td className="num">{formatCount(p.docsFetched, lang)}</td>
            <td className="num">{p.onceOnlyPct === null ? t('trend.noDocs') : formatPercent(p.onceOnlyPct, lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
