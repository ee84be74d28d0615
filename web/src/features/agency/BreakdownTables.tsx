import type { BreakdownResponse, BreakdownService } from '@hamgam/shared';
import { PageLink } from '../../components/PageLink';
import { formatCount, formatDay, formatScore, formatTehranDay } from '../../format/format';
import { stageKey } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/use-i18n';
import { setSearchParams, useSearchParam } from '../../lib/use-search-param';
import { shortRunId } from '../pipelines/freshness';

const serviceName = (s: { nameFa: string; nameEn: string }, lang: string) => (lang === 'fa' ? s.nameFa : s.nameEn);

/** The agency's services as the week ended: stage (and since when), flags, and the week's totals. */
export function ServicesTable({ services }: { services: readonly BreakdownService[] }) {
  const { t, lang } = useI18n();
  const yesNo = (v: boolean) => t(v ? 'common.yes' : 'common.no');
  return (
    <section aria-labelledby="services-heading" className="panel">
      <h2 id="services-heading" className="panel__title">
        {t('agency.servicesHeading')}
      </h2>
      <div className="table-scroll" role="region" aria-labelledby="services-heading" tabIndex={0}>
        <table className="data-table services-table">
          <caption className="visually-hidden">{t('agency.servicesCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('service.name')}</th>
              <th scope="col">{t('service.stage')}</th>
              <th scope="col">{t('service.since')}</th>
              <th scope="col">{t('service.key')}</th>
              <th scope="col">{t('service.sso')}</th>
              <th scope="col">{t('service.exchange')}</th>
              <th scope="col" className="num">{t('service.days')}</th>
              <th scope="col" className="num">{t('service.requests')}</th>
              <th scope="col" className="num">{t('service.completed')}</th>
              <th scope="col" className="num">{t('service.availability')}</th>
              <th scope="col" className="num">{t('service.p95')}</th>
              <th scope="col" className="num">{t('service.docsAsked')}</th>
              <th scope="col" className="num">{t('service.docsFetched')}</th>
            </tr>
          </thead>
          <tbody>
            {services.length === 0 && (
              <tr>
                <td colSpan={13}>{t('agency.servicesEmpty')}</td>
              </tr>
            )}
            {services.map((s) => (
              <tr key={s.serviceId} data-testid="service-row" data-service-id={s.serviceId} data-stage={s.stage}>
                <th scope="row" className="col-name">
                  {s.days > 0 ? (
                    <button type="button" className="link-button" onClick={() => setSearchParams({ service: s.serviceId })} data-testid="service-days-link">
                      {serviceName(s, lang)}
                    </button>
                  ) : (
                    serviceName(s, lang)
                  )}
                </th>
                <td>
                  <span className={`stage stage--${s.stage}`}>{t(stageKey(s.stage))}</span>
                </td>
                <td className="nowrap">{s.stageSince ? <time dateTime={s.stageSince}>{formatTehranDay(s.stageSince, lang)}</time> : t('common.none')}</td>
                <td>{yesNo(s.isKey)}</td>
                <td>{yesNo(s.usesNationalSso)}</td>
                <td>{yesNo(s.usesExchange)}</td>
                <td className="num">{formatCount(s.days, lang)}</td>
                <td className="num">{formatCount(s.requests, lang)}</td>
                <td className="num">{formatCount(s.completed, lang)}</td>
                <td className="num">{s.availabilityPct === null ? t('common.none') : formatScore(s.availabilityPct, lang)}</td>
                <td className="num">{s.latencyP95Ms === null ? t('common.none') : formatCount(Math.round(s.latencyP95Ms), lang)}</td>
                <td className="num">{formatCount(s.docsAsked, lang)}</td>
                <td className="num">{formatCount(s.docsFetched, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/**
 * Every daily row the week's index came from, with the run that loaded it (a link to that run on
 * the pipelines page). `?service=` narrows to one service.
 */
export function DailyRowsTable({ data }: { data: BreakdownResponse }) {
  const { t, lang } = useI18n();
  const serviceParam = useSearchParam('service');
  const names = new Map(data.services.map((s) => [s.serviceId, s]));
  const service = serviceParam && names.has(serviceParam) ? serviceParam : null;
  const rows = [...data.days]
    .filter((d) => !service || d.serviceId === service)
    .sort((a, b) => a.date.localeCompare(b.date) || a.serviceId.localeCompare(b.serviceId));
  return (
    <section aria-labelledby="days-heading" className="panel" id="daily-rows">
      <h2 id="days-heading" className="panel__title">
        {t('agency.daysHeading')}
      </h2>
      <form className="filters filters--inline" onSubmit={(e) => e.preventDefault()}>
        <label className="filters__field">
          <span>{t('agency.serviceFilter')}</span>
          <select data-testid="filter-service" value={service ?? ''} onChange={(e) => setSearchParams({ service: e.target.value || null })}>
            <option value="">{t('agency.allServices')}</option>
            {data.services
              .filter((s) => s.days > 0)
              .map((s) => (
                <option key={s.serviceId} value={s.serviceId}>
                  {serviceName(s, lang)}
                </option>
              ))}
          </select>
        </label>
        <span className="filters__count">{t('agency.daysShown', { shown: formatCount(rows.length, lang), total: formatCount(data.days.length, lang) })}</span>
      </form>
      <div className="table-scroll table-scroll--tall" role="region" aria-labelledby="days-heading" tabIndex={0}>
        <table className="data-table">
          <caption className="visually-hidden">{t('agency.daysCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('service.date')}</th>
              <th scope="col">{t('service.name')}</th>
              <th scope="col" className="num">{t('service.requests')}</th>
              <th scope="col" className="num">{t('service.completed')}</th>
              <th scope="col" className="num">{t('service.availability')}</th>
              <th scope="col" className="num">{t('service.p95')}</th>
              <th scope="col" className="num">{t('service.docsAsked')}</th>
              <th scope="col" className="num">{t('service.docsFetched')}</th>
              <th scope="col">{t('service.run')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={9}>{t('agency.daysEmpty')}</td>
              </tr>
            )}
            {rows.map((d) => {
              const s = names.get(d.serviceId);
              return (
                <tr key={`${d.date}|${d.serviceId}`} data-testid="day-row" data-service-id={d.serviceId} data-run-id={d.runId}>
                  <th scope="row" className="nowrap">
                    <time dateTime={d.date}>{formatDay(d.date, lang)}</time>
                  </th>
                  <td className="col-name">{s ? serviceName(s, lang) : d.serviceId}</td>
                  <td className="num">{formatCount(d.requests, lang)}</td>
                  <td className="num">{formatCount(d.completed, lang)}</td>
                  <td className="num">{formatScore(d.availabilityPct, lang)}</td>
                  <td className="num">{formatCount(Math.round(d.latencyP95Ms), lang)}</td>
                  <td className="num">{formatCount(d.docsAsked, lang)}</td>
                  <td className="num">{formatCount(d.docsFetched, lang)}</td>
                  <td className="nowrap">
                    <PageLink page="pipelines" params={{ agency: data.agency.agencyId, run: d.runId }} label={t('agency.runLink', { run: shortRunId(d.runId) })}>
                      <code>{shortRunId(d.runId)}</code>
                    </PageLink>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The exchange component's second input: data this agency served to others in the week. */
export function ExchangeServedTable({ rows, names }: { rows: BreakdownResponse['exchangeServed']; names: ReadonlyMap<string, string> }) {
  const { t, lang } = useI18n();
  return (
    <section aria-labelledby="served-heading" className="panel">
      <h2 id="served-heading" className="panel__title">
        {t('agency.exchangeHeading')}
      </h2>
      {rows.length === 0 ? (
        <p className="panel__meta">{t('agency.exchangeEmpty')}</p>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby="served-heading" tabIndex={0}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('exchange.consumer')}</th>
                <th scope="col">{t('exchange.dataService')}</th>
                <th scope="col" className="num">{t('exchange.calls')}</th>
                <th scope="col" className="num">{t('exchange.failures')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.consumerAgencyId}|${r.dataService}`}>
                  <th scope="row">{names.get(r.consumerAgencyId) ?? r.consumerAgencyId}</th>
                  <td className="isolate">{r.dataService}</td>
                  <td className="num">{formatCount(r.calls, lang)}</td>
                  <td className="num">{formatCount(r.failures, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
