import { latestCompleteWeek, type AgencyExchangeResponse } from '@hamgam/shared';
import { useMemo } from 'react';
import { ChartPanel } from '../../components/ChartPanel';
import { Loaded } from '../../components/Loaded';
import { PageLink } from '../../components/PageLink';
import { formatCount, formatDay, formatDuration, formatPercent } from '../../format/format';
import { useI18n } from '../../i18n/use-i18n';
import { useMediaQuery } from '../../lib/use-media-query';
import { OnceOnlyTable } from '../trend/TrendTables';
import { TREND_CHART_HEIGHT } from '../trend/week-axis';
import { weeksEnding } from './period';
import { toAgencyOnceOnlyOption } from './to-agency-once-only-option';
import { useAgencyExchange } from './use-exchange';
import './exchange.css';

/** A quarter of weeks: enough for the once-only line to be a trend, short enough to read by day. */
export const SECTION_WEEKS = 12;

const ms = (v: number | null, lang: 'fa' | 'en') => (v === null ? '—' : formatDuration(v, lang));

/**
 * One agency's part in the exchange, on its page: the data services it provides (to how many
 * agencies, how reliably), the data it gets from others, its once-only share week by week, and the
 * services that still ask citizens for documents. Over the twelve weeks ending with the week shown.
 */
export function AgencyExchangeSection({ agency, weekEnd }: { agency: string; weekEnd: string | null }) {
  const { t, lang } = useI18n();
  const range = weeksEnding(weekEnd ?? latestCompleteWeek().end, SECTION_WEEKS);
  const exchange = useAgencyExchange(agency, range.from, range.to);
  return (
    <section aria-labelledby="agency-exchange-heading" className="exchange-section" data-testid="agency-exchange">
      <h2 id="agency-exchange-heading">{t('exchange.sectionHeading')}</h2>
      <p className="meta">
        <span data-testid="agency-exchange-range" data-from={range.from} data-to={range.to}>
          {t('exchange.sectionRange', { range: t('exchange.range', { from: formatDay(range.from, lang), to: formatDay(range.to, lang) }), count: formatCount(SECTION_WEEKS, lang) })}
        </span>
        <span className="no-print">
          <PageLink page="exchange" params={{ focus: agency }} testId="agency-exchange-network">
            {t('nav.exchange')}
          </PageLink>
        </span>
      </p>
      <Loaded state={exchange.state} onRetry={exchange.retry} testId="agency-exchange">
        {(d) => <SectionBody data={d} />}
      </Loaded>
    </section>
  );
}

function SectionBody({ data }: { data: AgencyExchangeResponse }) {
  const { t, lang } = useI18n();
  const narrow = useMediaQuery('(max-width: 640px)');
  const option = useMemo(() => toAgencyOnceOnlyOption({ trend: data.onceOnly, lang, narrow }), [data, lang, narrow]);
  const name = (r: { nameFa: string; nameEn: string }) => (lang === 'fa' ? r.nameFa : r.nameEn);
  return (
    <>
      <section aria-labelledby="provided-heading" className="panel">
        <h3 id="provided-heading" className="panel__title">
          {t('exchange.providedHeading')}
        </h3>
        {data.provided.length === 0 ? (
          <p className="panel__meta" data-testid="agency-provided-empty">{t('exchange.providedEmpty')}</p>
        ) : (
          <div className="table-scroll" role="region" aria-labelledby="provided-heading" tabIndex={0}>
            <table className="data-table" data-testid="agency-provided">
              <caption className="visually-hidden">{t('exchange.providedCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('exchange.dataService')}</th>
                  <th scope="col" className="num">{t('exchange.consumers')}</th>
                  <th scope="col" className="num">{t('exchange.calls')}</th>
                  <th scope="col" className="num">{t('exchange.failureRate')}</th>
                  <th scope="col" className="num">{t('exchange.p50')}</th>
                  <th scope="col" className="num">{t('exchange.p95')}</th>
                </tr>
              </thead>
              <tbody>
                {data.provided.map((p) => (
                  <tr key={p.dataService} data-testid="agency-provided-row" data-service={p.dataService} data-calls={p.calls}>
                    <th scope="row" className="isolate">{p.dataService}</th>
                    <td className="num">{formatCount(p.consumers, lang)}</td>
                    <td className="num">{formatCount(p.calls, lang)}</td>
                    <td className="num">{formatPercent(p.failureRatePct, lang)}</td>
                    <td className="num">{ms(p.latencyP50Ms, lang)}</td>
                    <td className="num">{ms(p.latencyP95Ms, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="consumed-heading" className="panel">
        <h3 id="consumed-heading" className="panel__title">
          {t('exchange.consumedHeading')}
        </h3>
        {data.consumed.length === 0 ? (
          <p className="panel__meta" data-testid="agency-consumed-empty">{t('exchange.consumedEmpty')}</p>
        ) : (
          <div className="table-scroll" role="region" aria-labelledby="consumed-heading" tabIndex={0}>
            <table className="data-table" data-testid="agency-consumed">
              <caption className="visually-hidden">{t('exchange.consumedCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('exchange.provider')}</th>
                  <th scope="col">{t('exchange.dataService')}</th>
                  <th scope="col" className="num">{t('exchange.calls')}</th>
                  <th scope="col" className="num">{t('exchange.failureRate')}</th>
                </tr>
              </thead>
              <tbody>
                {data.consumed.map((c) => (
                  <tr key={`${c.providerAgencyId}|${c.dataService}`} data-testid="agency-consumed-row" data-provider={c.providerAgencyId} data-calls={c.calls}>
                    <th scope="row" className="col-name">
                      <PageLink page="agency" params={{ agency: c.providerAgencyId }}>
                        {lang === 'fa' ? c.providerNameFa : c.providerNameEn}
                      </PageLink>
                    </th>
                    <td className="isolate">{c.dataService}</td>
                    <td className="num">{formatCount(c.calls, lang)}</td>
                    <td className="num">{formatPercent(c.failureRatePct, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <ChartPanel
        id="agency-once-only"
        title={t('exchange.onceOnlyHeading')}
        description={t('exchange.onceOnlyDescription')}
        option={option}
        height={narrow ? TREND_CHART_HEIGHT.narrow : TREND_CHART_HEIGHT.wide}
        testId="agency-once-only-chart"
      >
        <OnceOnlyTable trend={data.onceOnly} caption={t('exchange.onceOnlyHeading')} />
      </ChartPanel>
      <section aria-labelledby="asking-heading" className="panel">
        <h3 id="asking-heading" className="panel__title">
          {t('exchange.askingHeading')}
        </h3>
        {data.servicesAsking.length === 0 ? (
          <p className="panel__meta" data-testid="agency-asking-empty">{t('exchange.askingEmpty')}</p>
        ) : (
          <div className="table-scroll" role="region" aria-labelledby="asking-heading" tabIndex={0}>
            <table className="data-table" data-testid="agency-asking">
              <caption className="visually-hidden">{t('exchange.askingCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('exchange.service')}</th>
                  <th scope="col" className="num">{t('trend.docsAsked')}</th>
                  <th scope="col" className="num">{t('trend.docsFetched')}</th>
                  <th scope="col" className="num">{t('trend.onceOnly')}</th>
                </tr>
              </thead>
              <tbody>
                {data.servicesAsking.map((s) => (
                  <tr key={s.serviceId} data-testid="agency-asking-row" data-service={s.serviceId} data-asked={s.docsAsked}>
                    <th scope="row" className="col-name">{name(s)}</th>
                    <td className="num">{formatCount(s.docsAsked, lang)}</td>
                    <td className="num">{formatCount(s.docsFetched, lang)}</td>
                    <td className="num">{s.onceOnlyPct === null ? t('trend.noDocs') : formatPercent(s.onceOnlyPct, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
