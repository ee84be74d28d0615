import { latestCompleteWeek, type AgencyExchangeResponse } from '@hamgam/shared';
import { useMemo } from 'react';
import { ChartPanel } from '../../components/ChartPanel';
import { type Column, DataTable, TablePanel } from '../../components/DataTable';
import { Loaded } from '../../components/Loaded';
import { PageLink } from '../../components/PageLink';
import { formatCount, formatDay, formatDuration, formatPercent } from '../../format/format';
import { useI18n } from '../../i18n/use-i18n';
import { useMediaQuery } from '../../lib/use-media-query';
import { OnceOnlyTable, onceOnlyColumns } from '../trend/TrendTables';
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
  const count = (v: number) => formatCount(v, lang);
  const percent = (v: number) => formatPercent(v, lang);
  type Provided = AgencyExchangeResponse['provided'][number];
  type Consumed = AgencyExchangeResponse['consumed'][number];
  type Asking = AgencyExchangeResponse['servicesAsking'][number];
  const provided: Column<Provided>[] = [
    { id: 'service', header: t('exchange.dataService'), className: 'isolate', rowHeader: true, cell: (p) => p.dataService },
    { id: 'consumers', header: t('exchange.consumers'), className: 'num', cell: (p) => count(p.consumers) },
    { id: 'calls', header: t('exchange.calls'), className: 'num', cell: (p) => count(p.calls) },
    { id: 'failure', header: t('exchange.failureRate'), className: 'num', cell: (p) => percent(p.failureRatePct) },
    { id: 'p50', header: t('exchange.p50'), className: 'num', cell: (p) => ms(p.latencyP50Ms, lang) },
    { id: 'p95', header: t('exchange.p95'), className: 'num', cell: (p) => ms(p.latencyP95Ms, lang) },
  ];
  const consumed: Column<Consumed>[] = [
    {
      id: 'provider',
      header: t('exchange.provider'),
      className: 'col-name',
      rowHeader: true,
      cell: (c) => (
        <PageLink page="agency" params={{ agency: c.providerAgencyId }}>
          {lang === 'fa' ? c.providerNameFa : c.providerNameEn}
        </PageLink>
      ),
    },
    { id: 'service', header: t('exchange.dataService'), className: 'isolate', cell: (c) => c.dataService },
    { id: 'calls', header: t('exchange.calls'), className: 'num', cell: (c) => count(c.calls) },
    { id: 'failure', header: t('exchange.failureRate'), className: 'num', cell: (c) => percent(c.failureRatePct) },
  ];
  const asking: Column<Asking>[] = [
    { id: 'service', header: t('exchange.service'), className: 'col-name', rowHeader: true, cell: (s) => name(s) },
    ...onceOnlyColumns<Asking>(t, lang),
  ];
  return (
    <>
      <TablePanel id="provided" level={3} heading={t('exchange.providedHeading')} scrollHint={false} emptyMessage={data.provided.length === 0 ? t('exchange.providedEmpty') : null} emptyTestId="agency-provided-empty">
        <DataTable
          testId="agency-provided"
          caption={t('exchange.providedCaption')}
          columns={provided}
          rows={data.provided}
          rowKey={(p) => p.dataService}
          rowAttributes={(p) => ({ 'data-testid': 'agency-provided-row', 'data-service': p.dataService, 'data-calls': p.calls })}
        />
      </TablePanel>
      <TablePanel id="consumed" level={3} heading={t('exchange.consumedHeading')} scrollHint={false} emptyMessage={data.consumed.length === 0 ? t('exchange.consumedEmpty') : null} emptyTestId="agency-consumed-empty">
        <DataTable
          testId="agency-consumed"
          caption={t('exchange.consumedCaption')}
          columns={consumed}
          rows={data.consumed}
          rowKey={(c) => `${c.providerAgencyId}|${c.dataService}`}
          rowAttributes={(c) => ({ 'data-testid': 'agency-consumed-row', 'data-provider': c.providerAgencyId, 'data-calls': c.calls })}
        />
      </TablePanel>
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
      <TablePanel id="asking" level={3} heading={t('exchange.askingHeading')} scrollHint={false} emptyMessage={data.servicesAsking.length === 0 ? t('exchange.askingEmpty') : null} emptyTestId="agency-asking-empty">
        <DataTable
          testId="agency-asking"
          caption={t('exchange.askingCaption')}
          columns={asking}
          rows={data.servicesAsking}
          rowKey={(s) => s.serviceId}
          rowAttributes={(s) => ({ 'data-testid': 'agency-asking-row', 'data-service': s.serviceId, 'data-asked': s.docsAsked })}
        />
      </TablePanel>
    </>
  );
}
