import type { ScoreboardRow } from '@hamgam/shared';
import { formatCount } from '../../format/format';
import { statusKey } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/use-i18n';
import { setSearchParams } from '../../lib/use-search-param';
import { STATUS_ORDER } from './status-style';
import { filterOptions, type TableView } from './table-view';

/** Status, sector and kind filters of the ranked table, written to the URL. */
export function ScoreboardFilters({ rows, view, shown }: { rows: readonly ScoreboardRow[]; view: TableView; shown: number }) {
  const { t, lang } = useI18n();
  const { sectors, kinds } = filterOptions(rows, lang);
  const filtered = view.status !== null || view.sector !== null || view.kind !== null;
  return (
    <form className="filters" aria-label={t('filters.scoreboard')} onSubmit={(e) => e.preventDefault()}>
      <label className="filters__field">
        <span>{t('filters.status')}</span>
        <select data-testid="filter-status" value={view.status ?? ''} onChange={(e) => setSearchParams({ status: e.target.value || null })}>
          <option value="">{t('filters.allStatuses')}</option>
          {STATUS_ORDER.map((s) => (
            <option key={s} value={s}>
              {t(statusKey(s))}
            </option>
          ))}
        </select>
      </label>
      <label className="filters__field">
        <span>{t('filters.sector')}</span>
        <select data-testid="filter-sector" value={view.sector ?? ''} onChange={(e) => setSearchParams({ sector: e.target.value || null })}>
          <option value="">{t('filters.allSectors')}</option>
          {sectors.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <label className="filters__field">
        <span>{t('filters.kind')}</span>
        <select data-testid="filter-kind" value={view.kind ?? ''} onChange={(e) => setSearchParams({ kind: e.target.value || null })}>
          <option value="">{t('filters.allKinds')}</option>
          {kinds.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <span className="filters__count" role="status" data-testid="filter-count">
        {t('filters.shown', { shown: formatCount(shown, lang), total: formatCount(rows.length, lang) })}
      </span>
      {filtered && (
        <button type="button" className="link-button" data-testid="filter-clear" onClick={() => setSearchParams({ status: null, sector: null, kind: null })}>
          {t('filters.clear')}
        </button>
      )}
    </form>
  );
}
