import { isIsoDay, type ExchangeEdge, type ExchangeNetworkResponse, type ExchangeNode } from '@hamgam/shared';
import { useMemo, useRef, type ReactNode } from 'react';
import { dataOf, Loaded } from '../../components/Loaded';
import { EChart } from '../../components/EChart';
import { formatCount, formatDay, formatDuration, formatPercent } from '../../format/format';
import { dirOf, sectorLabel } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/use-i18n';
import { useMediaQuery } from '../../lib/use-media-query';
import { setSearchParams, useSearchParams } from '../../lib/use-search-param';
import { FailureLegend } from './FailureLegend';
import { FocusPanel } from './FocusPanel';
import { PERIOD_WEEKS, presetOf, presetParams, rangeOf, type PeriodWeeks } from './period';
import { agencyName, networkChartHeight, toNetworkOption } from './to-network-option';
import { useExchangeNetwork } from './use-exchange';
import './exchange.css';

const AGENCY_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const SECTOR = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const day = (v: string | null) => (v && isIsoDay(v) ? v : null);

/**
 * The exchange network (`?page=exchange&from=&to=&sector=&focus=`): who serves data to whom in a
 * period, agencies sized by calls and pairs coloured by failure rate, with the pairs and the most
 * depended-on providers as tables; focusing an agency (its circle or its name in a table) shows
 * its providers and consumers. Every choice is in the URL.
 */
export function ExchangePage() {
  const { t, lang } = useI18n();
  const params = useSearchParams();
  const from = day(params.get('from'));
  const to = day(params.get('to'));
  const sectorParam = params.get('sector');
  const sector = sectorParam && SECTOR.test(sectorParam) ? sectorParam : null;
  const focusParam = params.get('focus');
  const focus = focusParam && AGENCY_ID.test(focusParam) ? focusParam : null;

  const network = useExchangeNetwork(from, to, sector);
  // The sector list comes from the whole network: a filtered one also holds the other sectors'
  // counterparts, but not every sector.
  const whole = useExchangeNetwork(from, to, null, sector === null);
  const data = dataOf(network.state);
  const sectorSource = sector ? dataOf(whole.state) : data;
  const sectors = useMemo(() => {
    const ids = new Set((sectorSource?.nodes ?? []).map((n) => n.sector).filter(Boolean));
    if (sector) ids.add(sector);
    return [...ids].sort((a, b) => sectorLabel(lang, a).localeCompare(sectorLabel(lang, b), lang));
  }, [sectorSource, sector, lang]);

  const range = data?.range ?? rangeOf(from, to);
  const preset = presetOf(range);
  const rangeText = t('exchange.range', { from: formatDay(range.from, lang), to: formatDay(range.to, lang) });

  return (
    <main id="main" className="page exchange-page" aria-busy={network.state.kind === 'loading'}>
      <div className="page__head">
        <h1>{t('exchange.title')}</h1>
        <p className="week-label" data-testid="exchange-range" data-from={range.from} data-to={range.to}>
          {rangeText}
        </p>
      </div>
      <div className="toolbar">
        <label className="week-picker">
          <span>{t('exchange.period')}</span>
          <select
            data-testid="exchange-period"
            value={preset ?? 'custom'}
            onChange={(e) => setSearchParams({ ...presetParams(Number(e.target.value) as PeriodWeeks), focus: focus })}
          >
            {preset === null && <option value="custom">{t('exchange.periodCustom', { range: rangeText })}</option>}
            {PERIOD_WEEKS.map((w) => (
              <option key={w} value={w}>
                {t('exchange.periodWeeks', { count: formatCount(w, lang) })}
              </option>
            ))}
          </select>
        </label>
        <label className="week-picker">
          <span>{t('filters.sector')}</span>
          <select data-testid="exchange-sector" value={sector ?? ''} onChange={(e) => setSearchParams({ sector: e.target.value || null })}>
            <option value="">{t('filters.allSectors')}</option>
            {sectors.map((s) => (
              <option key={s} value={s}>
                {sectorLabel(lang, s)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Loaded state={network.state} onRetry={network.retry} testId="exchange">
        {(d) => (d ? <NetworkBody data={d} focus={focus} /> : null)}
      </Loaded>
    </main>
  );
}

function NetworkBody({ data, focus }: { data: ExchangeNetworkResponse; focus: string | null }) {
  const { t, lang } = useI18n();
  const narrow = useMediaQuery('(max-width: 640px)');
  const panelRef = useRef<HTMLElement>(null);
  const option = useMemo(() => toNetworkOption({ nodes: data.nodes, edges: data.edges, lang, focus, narrow }), [data, lang, focus, narrow]);
  const byId = useMemo(() => new Map(data.nodes.map((n) => [n.agencyId, n])), [data]);
  const edges = useMemo(() => [...data.edges].sort((a, b) => b.calls - a.calls || a.providerAgencyId.localeCompare(b.providerAgencyId)), [data]);

  // From a table the panel may be far above: take the reader (and the keyboard) to it.
  const focusFromTable = (id: string) => {
    setSearchParams({ focus: id === focus ? null : id });
    requestAnimationFrame(() => panelRef.current?.focus());
  };
  const onItemClick = (p: { dataType?: string; data?: unknown }) => {
    const id = p.dataType === 'node' ? (p.data as { id?: string } | undefined)?.id : undefined;
    if (id) setSearchParams({ focus: id === focus ? null : id });
  };

  if (data.edges.length === 0) {
    return (
      <p className="state" data-testid="exchange-empty">
        {t('exchange.empty')}
      </p>
    );
  }
  // A render function, not a component: a component defined here would remount every render.
  const agencyButton = (id: string) => {
    const n = byId.get(id);
    const name = n ? agencyName(n, lang) : id;
    return (
      <button type="button" className="link-button exchange-agency" data-testid="exchange-focus-button" data-agency-id={id} aria-pressed={id === focus} aria-label={t('exchange.focusLabel', { name })} onClick={() => focusFromTable(id)}>
        {name}
      </button>
    );
  };

  return (
    <div className={focus ? 'exchange-layout exchange-layout--focus' : 'exchange-layout'}>
      <section aria-labelledby="exchange-chart-heading" className="panel chart-panel exchange-chart">
        <h2 id="exchange-chart-heading" className="panel__title">
          {t('exchange.chartHeading')}
        </h2>
        <FailureLegend />
        <p className="exchange-hint">{t('exchange.focusHint')}</p>
        <EChart
          option={option}
          height={networkChartHeight(narrow)}
          label={t('exchange.chartDescription')}
          testId="exchange-chart"
          className="chart"
          lang={lang}
          dir={dirOf(lang)}
          onItemClick={onItemClick}
        />
        <details className="chart-data" data-testid="exchange-chart-table">
          <summary>{t('chart.table')}</summary>
          <div className="table-scroll" role="region" aria-label={`${t('chart.table')}: ${t('exchange.chartHeading')}`} tabIndex={0}>
            <EdgesTable edges={edges} agencyButton={agencyButton} focus={focus} />
          </div>
        </details>
      </section>
      <FocusPanel ref={panelRef} focus={focus} node={focus ? (byId.get(focus) ?? null) : null} edges={data.edges} byId={byId} onFocus={(id) => setSearchParams({ focus: id })} />
      <section aria-labelledby="exchange-top-heading" className="panel exchange-top">
        <h2 id="exchange-top-heading" className="panel__title">
          {t('exchange.topHeading')}
        </h2>
        <div className="table-scroll" role="region" aria-label={t('exchange.topHeading')} tabIndex={0}>
          <TopProvidersTable providers={data.topProviders} agencyButton={agencyButton} focus={focus} />
        </div>
      </section>
    </div>
  );
}

type AgencyButton = (id: string) => ReactNode;

function EdgesTable({ edges, agencyButton, focus }: { edges: readonly ExchangeEdge[]; agencyButton: AgencyButton; focus: string | null }) {
  const { t, lang } = useI18n();
  return (
    <table className="data-table" data-testid="exchange-edges">
      <caption className="visually-hidden">{t('exchange.edgesCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('exchange.provider')}</th>
          <th scope="col">{t('exchange.consumer')}</th>
          <th scope="col" className="num">{t('exchange.calls')}</th>
          <th scope="col" className="num">{t('exchange.failureRate')}</th>
          <th scope="col" className="num">{t('exchange.p95')}</th>
        </tr>
      </thead>
      <tbody>
        {edges.map((e) => (
          <tr
            key={`${e.providerAgencyId}>${e.consumerAgencyId}`}
            data-testid="exchange-edge-row"
            data-provider={e.providerAgencyId}
            data-consumer={e.consumerAgencyId}
            data-calls={e.calls}
            className={focus && (e.providerAgencyId === focus || e.consumerAgencyId === focus) ? 'row--focus' : undefined}
          >
            <td className="col-name">
              {agencyButton(e.providerAgencyId)}
            </td>
            <td className="col-name">
              {agencyButton(e.consumerAgencyId)}
            </td>
            <td className="num">{formatCount(e.calls, lang)}</td>
            <td className="num">{formatPercent(e.failureRatePct, lang)}</td>
            <td className="num">{e.latencyP95Ms === null ? '—' : formatDuration(e.latencyP95Ms, lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TopProvidersTable({ providers, agencyButton, focus }: { providers: readonly ExchangeNode[]; agencyButton: AgencyButton; focus: string | null }) {
  const { t, lang } = useI18n();
  return (
    <table className="data-table" data-testid="exchange-top">
      <caption className="visually-hidden">{t('exchange.topCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('exchange.provider')}</th>
          <th scope="col" className="num">{t('exchange.consumers')}</th>
          <th scope="col" className="num">{t('exchange.callsServed')}</th>
          <th scope="col" className="num">{t('exchange.failureRate')}</th>
        </tr>
      </thead>
      <tbody>
        {providers.map((n) => (
          <tr key={n.agencyId} data-testid="exchange-top-row" data-agency-id={n.agencyId} className={n.agencyId === focus ? 'row--focus' : undefined}>
            <th scope="row" className="col-name">
              {agencyButton(n.agencyId)}
            </th>
            <td className="num">{formatCount(n.consumers, lang)}</td>
            <td className="num">{formatCount(n.callsServed, lang)}</td>
            <td className="num">{n.failureRatePct === null ? '—' : formatPercent(n.failureRatePct, lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

