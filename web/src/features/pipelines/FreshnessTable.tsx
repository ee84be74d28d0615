import type { AgencyFreshness } from '@hamgam/shared';
import { formatCount } from '../../format/format';
import { freshnessKey } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/use-i18n';
import { FRESHNESS_COLOR, agencyName, formatDaysBehind, formatLastDataDay } from './freshness';

/** One row per agency, worst first (the server's order): the operators' list of who to call. */
export function FreshnessTable({ agencies }: { agencies: readonly AgencyFreshness[] }) {
  const { t, lang } = useI18n();
  return (
    <section aria-labelledby="freshness-heading" className="panel">
      <h2 id="freshness-heading" className="panel__title">
        {t('freshness.heading')}
      </h2>
      <p className="scroll-hint">{t('table.scrollHint')}</p>
      <div className="table-scroll table-scroll--tall" role="region" aria-labelledby="freshness-heading" tabIndex={0}>
        <table className="data-table">
          <caption className="visually-hidden">{t('freshness.caption')}</caption>
          <thead>
            <tr>
              <th scope="col" className="col-name">{t('freshness.agency')}</th>
              <th scope="col">{t('freshness.status')}</th>
              <th scope="col">{t('freshness.lastDataDay')}</th>
              <th scope="col" className="num">{t('freshness.daysBehind')}</th>
              <th scope="col" className="num">{t('freshness.failingSources')}</th>
              <th scope="col">{t('freshness.lastError')}</th>
            </tr>
          </thead>
          <tbody>
            {agencies.length === 0 && (
              <tr>
                <td colSpan={6}>{t('freshness.empty')}</td>
              </tr>
            )}
            {agencies.map((a) => (
              <tr key={a.agencyId} data-testid="freshness-row" data-agency-id={a.agencyId} data-status={a.status}>
                <th scope="row" className="col-name">{agencyName(a, lang)}</th>
                <td>
                  <span className="badge" style={{ backgroundColor: FRESHNESS_COLOR[a.status] }}>
                    {t(freshnessKey(a.status))}
                  </span>
                </td>
                <td className="nowrap">
                  {a.lastDataDay ? <time dateTime={a.lastDataDay}>{formatLastDataDay(a.lastDataDay, lang)}</time> : formatLastDataDay(null, lang)}
                </td>
                <td className="num">{formatDaysBehind(a.daysBehind, lang)}</td>
                <td className={`num${a.failingSources ? ' text-failed' : ''}`}>
                  {t('freshness.failingValue', { failing: formatCount(a.failingSources, lang), total: formatCount(a.sources, lang) })}
                </td>
                <td className="col-error">
                  {a.lastError ? (
                    <span className="error-text" dir="ltr" lang="en">
                      {a.lastError}
                    </span>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
