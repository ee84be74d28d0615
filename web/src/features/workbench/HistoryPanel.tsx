/** The caller's own queries, newest first (GET /query/history); a click puts one back into the editor. */
import type { QueryHistoryItem, QueryOutcome } from '@hamgam/shared';
import { formatDuration, formatInteger, formatShortInstant } from '../../format/format';
import type { MessageKey } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/use-i18n';

export const statusKey = (status: QueryOutcome): MessageKey => `workbench.status.${status}`;

export function HistoryPanel({ items, onLoad }: { items: QueryHistoryItem[]; onLoad: (sql: string) => void }) {
  const { t, lang } = useI18n();
  if (items.length === 0) return <p className="panel__meta">{t('workbench.history.none')}</p>;
  return (
    <ol className="history" data-testid="history">
      {items.map((item) => (
        <li key={item.queryId} className="history__item" data-testid="history-item" data-status={item.status}>
          <button type="button" className="history__load" onClick={() => onLoad(item.sql)} title={t('workbench.history.load')}>
            <code className="history__sql" dir="ltr">
              {item.sql}
            </code>
          </button>
          <span className="history__meta">
            <span className={`status-chip status-chip--${item.status}`}>{t(statusKey(item.status))}</span>
            {/* An export runs the query again and is audited as its own entry: marked, so it does not read as a second run. */}
            {item.format.startsWith('export:') && (
              <span className="status-chip status-chip--export" data-testid="history-export">
                {t('workbench.history.export', { format: item.format.slice('export:'.length).toUpperCase() })}
              </span>
            )}
            <span>{formatShortInstant(item.startedAt, lang)}</span>
            {item.rowCount !== null && <span>{t(item.rowCount === 1 ? 'workbench.history.oneRow' : 'workbench.history.rows', { rows: formatInteger(item.rowCount, lang) })}</span>}
            {item.durationMs !== null && <span>{formatDuration(item.durationMs, lang)}</span>}
          </span>
        </li>
      ))}
    </ol>
  );
}
