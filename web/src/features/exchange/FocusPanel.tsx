import type { ExchangeEdge, ExchangeNode } from '@hamgam/shared';
import type { Ref } from 'react';
import { PageLink } from '../../components/PageLink';
import { formatCount, formatPercent } from '../../format/format';
import { sectorLabel } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/use-i18n';
import { setSearchParams } from '../../lib/use-search-param';
import { BAND_COLOR, failureBand } from './exchange-style';
import { agencyName } from './to-network-option';

/**
 * The focused agency: its totals, whom it gets data from and whom it serves, each a link that moves
 * the focus on, and the way to its own page. Receives keyboard focus when opened from a table.
 */
export function FocusPanel({ ref, focus, node, edges, byId, onFocus }: {
  ref: Ref<HTMLElement>;
  focus: string | null;
  node: ExchangeNode | null;
  edges: readonly ExchangeEdge[];
  byId: ReadonlyMap<string, ExchangeNode>;
  onFocus: (id: string) => void;
}) {
  const { t, lang } = useI18n();
  if (!focus) return null;
  const name = (id: string) => (byId.has(id) ? agencyName(byId.get(id)!, lang) : id);
  const providers = edges.filter((e) => e.consumerAgencyId === focus).sort((a, b) => b.calls - a.calls);
  const consumers = edges.filter((e) => e.providerAgencyId === focus).sort((a, b) => b.calls - a.calls);
  const list = (rows: ExchangeEdge[], other: (e: ExchangeEdge) => string, testId: string, empty: string) =>
    rows.length === 0 ? (
      <p className="exchange-focus__empty" data-testid={`${testId}-empty`}>
        {empty}
      </p>
    ) : (
      <ul className="exchange-focus__list" data-testid={testId}>
        {rows.map((e) => (
          <li key={other(e)} data-agency-id={other(e)}>
            <span className="exchange-legend__swatch" style={{ background: BAND_COLOR[failureBand(e.failureRatePct)] }} aria-hidden="true" />
            <button type="button" className="link-button" onClick={() => onFocus(other(e))}>
              {name(other(e))}
            </button>
            <span className="exchange-focus__figures">
              {formatCount(e.calls, lang)} · {formatPercent(e.failureRatePct, lang)}
            </span>
          </li>
        ))}
      </ul>
    );
  return (
    <section ref={ref} tabIndex={-1} aria-labelledby="exchange-focus-heading" className="panel exchange-focus" data-testid="exchange-focus" data-agency-id={focus}>
      <h2 id="exchange-focus-heading" className="panel__title">
        {t('exchange.focusHeading', { name: name(focus) })}
      </h2>
      {node ? (
        <>
          <dl className="exchange-focus__facts">
            <div>
              <dt>{t('filters.sector')}</dt>
              <dd>{sectorLabel(lang, node.sector)}</dd>
            </div>
            <div>
              <dt>{t('exchange.callsServed')}</dt>
              <dd>{formatCount(node.callsServed, lang)}</dd>
            </div>
            <div>
              <dt>{t('exchange.callsMade')}</dt>
              <dd>{formatCount(node.callsMade, lang)}</dd>
            </div>
            <div>
              <dt>{t('exchange.failureRate')}</dt>
              <dd>{node.failureRatePct === null ? t('exchange.servesNone') : formatPercent(node.failureRatePct, lang)}</dd>
            </div>
          </dl>
          <h3>{t('exchange.focusProviders')}</h3>
          {list(providers, (e) => e.providerAgencyId, 'exchange-focus-providers', t('exchange.focusNoProviders'))}
          <h3>{t('exchange.focusConsumers')}</h3>
          {list(consumers, (e) => e.consumerAgencyId, 'exchange-focus-consumers', t('exchange.focusNoConsumers'))}
        </>
      ) : (
        <p>{t('exchange.focusMissing')}</p>
      )}
      <p className="exchange-focus__actions">
        <PageLink page="agency" params={{ agency: focus }} testId="exchange-open-agency">
          {t('exchange.openAgency')}
        </PageLink>
        <button type="button" className="link-button" data-testid="exchange-focus-clear" onClick={() => setSearchParams({ focus: null })}>
          {t('exchange.focusClear')}
        </button>
      </p>
    </section>
  );
}
