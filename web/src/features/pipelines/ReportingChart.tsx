import { useMemo } from 'react';
import type { DailyReporting } from '@hamgam/shared';
import { EChart } from '../../components/EChart';
import { formatCount, formatDay } from '../../format/format';
import { dirOf } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/use-i18n';
import { useMediaQuery } from '../../lib/use-media-query';
import { REPORTING_CHART_HEIGHT, toReportingOption } from './to-reporting-option';

/** Agencies reporting per day, with the same numbers as a table under it. */
export function ReportingChart({ daily, registered }: { daily: readonly DailyReporting[]; registered: number }) {
  const { t, lang } = useI18n();
  const narrow = useMediaQuery('(max-width: 640px)');
  const option = useMemo(() => toReportingOption({ daily, registered, lang, narrow }), [daily, registered, lang, narrow]);
  return (
    <section aria-labelledby="reporting-heading" className="panel">
      <h2 id="reporting-heading" className="panel__title">
        {t('reporting.heading')}
      </h2>
      <EChart
        option={option}
        height={narrow ? REPORTING_CHART_HEIGHT.narrow : REPORTING_CHART_HEIGHT.wide}
        label={t('reporting.description', { days: formatCount(daily.length, lang) })}
        testId="reporting-chart"
        className="chart"
        lang={lang}
        dir={dirOf(lang)}
      />
      <details className="chart-data">
        <summary>{t('reporting.table')}</summary>
        <div className="table-scroll" role="region" aria-label={t('reporting.table')} tabIndex={0}>
          <table className="data-table">
            <caption className="visually-hidden">{t('reporting.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reporting.day')}</th>
                <th scope="col" className="num">{t('reporting.agencies')}</th>
                <th scope="col" className="num">{t('reporting.rows')}</th>
              </tr>
            </thead>
            <tbody>
              {[...daily].reverse().map((d) => (
                <tr key={d.day}>
                  <th scope="row">
                    <time dateTime={d.day}>{formatDay(d.day, lang)}</time>
                  </th>
                  <td className="num">{t('reporting.tooltip', { agencies: formatCount(d.agencies, lang), total: formatCount(registered, lang) })}</td>
                  <td className="num">{formatCount(d.rows, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
