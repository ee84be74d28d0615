import { memo } from 'react';
import { COMPONENTS, type ScoreboardRow } from '@hamgam/shared';
import { PageLink } from '../../components/PageLink';
import { DisputeMarker } from '../../components/DisputeMarker';
import { formatCount, formatScore, formatSignedScore } from '../../format/format';
import { componentKey, statusKey, type MessageKey } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/use-i18n';
import { setSearchParams } from '../../lib/use-search-param';
import { StatusBadge } from './StatusBadge';
import { nextSort, rankMove, statusChanged, viewParams, type SortKey, type TableView } from './table-view';

export interface ScoreboardTableProps {
  /** The rows to show, in the order to show them (filtered and sorted by the page). */
  rows: readonly ScoreboardRow[];
  weekLabel: string;
  /** The week's Friday, for the links to each agency's detail of the same week. */
  week: string;
  /** The view the rows were sorted by; without it the headers are plain (the printed report). */
  view?: TableView;
  /** Whether the week has rows at all (vs. none left by the filters), for the empty message. */
  emptyKey?: MessageKey;
  headingKey?: MessageKey;
}

const COLUMNS: { key: SortKey; label: MessageKey; className?: string }[] = [
  { key: 'rank', label: 'table.rank', className: 'num col-rank' },
  { key: 'name', label: 'table.agency', className: 'col-name' },
  { key: 'rankChange', label: 'table.rankChange', className: 'num' },
  { key: 'index', label: 'table.index', className: 'num' },
  { key: 'indexChange', label: 'table.indexChange', className: 'num' },
  { key: 'status', label: 'table.status' },
  ...COMPONENTS.map((c) => ({ key: c, label: componentKey(c), className: 'num col-component' })),
  { key: 'services', label: 'table.services', className: 'num' },
];

/**
 * The ranked table: the scoreboard itself, and the data behind the chart. Every header sorts (a
 * button inside the header cell, with aria-sort on the cell); each agency's name opens its detail
 * for the same week. On a phone it scrolls sideways inside its own focusable region with rank and
 * name pinned, so the page never does.
 */
/**
 * Memoised: 500 agencies are ~6,500 cells, and the page re-renders when the weeks and the movers
 * arrive after the scoreboard; those must not rebuild the table (issue 8, benchmark 6).
 */
export const ScoreboardTable = memo(function ScoreboardTable({ rows, weekLabel, week, view, emptyKey = 'table.empty', headingKey = 'table.heading' }: ScoreboardTableProps) {
  const { t, lang } = useI18n();
  const sortBy = (key: SortKey) => view && setSearchParams(viewParams({ ...view, ...nextSort(view, key) }));
  return (
    <section aria-labelledby="table-heading" className="panel">
      <h2 id="table-heading" className="panel__title">
        {t(headingKey)}
      </h2>
      <p className="scroll-hint">{t('table.scrollHint')}</p>
      {/* tabIndex: a keyboard user must be able to scroll the region too (axe: scrollable-region-focusable). */}
      <div className="table-scroll" role="region" aria-labelledby="table-heading" tabIndex={0}>
        <table className="scoreboard-table">
          <caption className="visually-hidden">{t('table.caption', { week: weekLabel })}</caption>
          <thead>
            <tr>
              {COLUMNS.map((c) => {
                const sorted = view?.sort === c.key;
                return (
                  <th
                    scope="col"
                    key={c.key}
                    className={c.className}
                    aria-sort={sorted ? (view!.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                    data-sort-key={c.key}
                  >
                    {view ? (
                      <button type="button" className="sort-button" data-testid={`sort-${c.key}`} onClick={() => sortBy(c.key)}>
                        {t(c.label)}
                        <span className={`sort-mark${sorted ? ' sort-mark--on' : ''}`} aria-hidden="true">
                          {sorted ? (view!.dir === 'asc' ? '↑' : '↓') : '↕'}
                        </span>
                      </button>
                    ) : (
                      t(c.label)
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={COLUMNS.length}>{t(emptyKey)}</td>
              </tr>
            )}
            {rows.map((r) => {
              const changed = statusChanged(r);
              const name = lang === 'fa' ? r.nameFa : r.nameEn;
              return (
                <tr
                  key={r.agencyId}
                  data-testid="scoreboard-row"
                  data-agency-id={r.agencyId}
                  data-status={r.status}
                  data-status-changed={changed ? 'true' : undefined}
                  data-disputed={r.openDisputes > 0 ? r.disputedFigures.join(' ') : undefined}
                  className={changed ? 'row--changed' : undefined}
                >
                  <td className="num col-rank">{formatCount(r.rank, lang)}</td>
                  <th scope="row" className="col-name">
                    {view ? (
                      <PageLink page="agency" params={{ agency: r.agencyId, week }} className="agency-link" testId="agency-link">
                        {name}
                      </PageLink>
                    ) : (
                      name
                    )}
                  </th>
                  <td className="num">
                    <RankChange row={r} />
                  </td>
                  <td className="num index">
                    {formatScore(r.index, lang)}
                    {r.disputedFigures.includes('index') && <DisputeMarker figure={t('table.index')} compact />}
                  </td>
                  <td className="num change">{r.indexChange === null ? '—' : formatSignedScore(r.indexChange, lang)}</td>
                  <td className="col-status">
                    <StatusBadge status={r.status} />
                    {changed && (
                      <span className="status-was" data-testid="status-was">
                        <span className="status-was__mark" aria-hidden="true">
                          ●
                        </span>
                        <span className="visually-hidden">{t('table.statusChanged')}: </span>
                        {t('table.statusWas', { status: t(statusKey(r.previousStatus!)) })}
                      </span>
                    )}
                  </td>
                  {COMPONENTS.map((c) => (
                    <td className="num col-component" key={c}>
                      {formatScore(r.components[c], lang)}
                      {r.disputedFigures.includes(c) && <DisputeMarker figure={t(componentKey(c))} compact />}
                    </td>
                  ))}
                  <td className="num">
                    {t('table.servicesValue', { live: formatCount(r.servicesLive, lang), total: formatCount(r.servicesTotal, lang) })}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="table-note">{t('table.legendChanged')}</p>
    </section>
  );
});

/** ▲ climbed / ▼ fell with the places, "–" for the same rank, "new" without last week; spoken in words. */
function RankChange({ row }: { row: ScoreboardRow }) {
  const { t, lang } = useI18n();
  const move = rankMove(row);
  if (move.kind === 'new') return <span className="rank-move rank-move--new" title={t('table.newLabel')}>{t('table.new')}</span>;
  if (move.kind === 'same')
    return (
      <span className="rank-move rank-move--same" title={t('table.rankSame')}>
        <span aria-hidden="true">–</span>
        <span className="visually-hidden">{t('table.rankSame')}</span>
      </span>
    );
  const count = formatCount(move.places, lang);
  const words = t(move.kind === 'up' ? 'table.rankUp' : 'table.rankDown', { count });
  return (
    <span className={`rank-move rank-move--${move.kind}`} data-rank-change={move.kind === 'up' ? move.places : -move.places} title={words}>
      <span aria-hidden="true">
        {move.kind === 'up' ? '▲' : '▼'} {count}
      </span>
      <span className="visually-hidden">{words}</span>
    </span>
  );
}
