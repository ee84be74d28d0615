import { COMPONENTS, type ScoreboardRow } from '@hamgam/shared';
import { formatCount, formatScore } from '../../format/format';
import { componentKey } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/use-i18n';
import { StatusBadge } from './StatusBadge';

/**
 * The ranked table: the scoreboard itself, and the data behind the chart. On a phone it scrolls
 * sideways inside its own focusable region with rank and name pinned, so the page never does.
 */
export function ScoreboardTable({ rows, weekLabel }: { rows: readonly ScoreboardRow[]; weekLabel: string }) {
  const { t, lang } = useI18n();
  const ranked = [...rows].sort((a, b) => a.rank - b.rank);
  return (
    <section aria-labelledby="table-heading" className="panel">
      <h2 id="table-heading" className="panel__title">
        {t('table.heading')}
      </h2>
      <p className="scroll-hint">{t('table.scrollHint')}</p>
      {/* tabIndex: a keyboard user must be able to scroll the region too (axe: scrollable-region-focusable). */}
      <div className="table-scroll" role="region" aria-labelledby="table-heading" tabIndex={0}>
        <table className="scoreboard-table">
          <caption className="visually-hidden">{t('table.caption', { week: weekLabel })}</caption>
          <thead>
            <tr>
              <th scope="col" className="col-rank">
                {t('table.rank')}
              </th>
              <th scope="col" className="col-name">
                {t('table.agency')}
              </th>
              <th scope="col" className="num">
                {t('table.index')}
              </th>
              <th scope="col">{t('table.status')}</th>
              {COMPONENTS.map((c) => (
                <th scope="col" className="num col-component" key={c}>
                  {t(componentKey(c))}
                </th>
              ))}
              <th scope="col" className="num">
                {t('table.services')}
              </th>
            </tr>
          </thead>
          <tbody>
            {ranked.length === 0 && (
              <tr>
                <td colSpan={5 + COMPONENTS.length}>{t('table.empty')}</td>
              </tr>
            )}
            {ranked.map((r) => (
              <tr key={r.agencyId} data-testid="scoreboard-row" data-agency-id={r.agencyId} data-status={r.status}>
                <td className="num col-rank">{formatCount(r.rank, lang)}</td>
                <th scope="row" className="col-name">
                  {lang === 'fa' ? r.nameFa : r.nameEn}
                </th>
                <td className="num index">{formatScore(r.index, lang)}</td>
                <td>
                  <StatusBadge status={r.status} />
                </td>
                {COMPONENTS.map((c) => (
                  <td className="num col-component" key={c}>
                    {formatScore(r.components[c], lang)}
                  </td>
                ))}
                <td className="num">
                  {t('table.servicesValue', { live: formatCount(r.servicesLive, lang), total: formatCount(r.servicesTotal, lang) })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
