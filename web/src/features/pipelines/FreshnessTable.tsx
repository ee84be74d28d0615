import type { AgencyFreshness } from '@hamgam/shared';
import { type Column, DataTable, TablePanel } from '../../components/DataTable';
import { formatCount } from '../../format/format';
import { freshnessKey } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/use-i18n';
import { FRESHNESS_COLOR, agencyName, formatDaysBehind, formatLastDataDay } from './freshness';

/** One row per agency, worst first (the server's order): the operators' list of who to call. */
export function FreshnessTable({ agencies }: { agencies: readonly AgencyFreshness[] }) {
  const { t, lang } = useI18n();
  const columns: Column<AgencyFreshness>[] = [
    { id: 'agency', header: t('freshness.agency'), className: 'col-name', rowHeader: true, cell: (a) => agencyName(a, lang) },
    {
      id: 'status',
      header: t('freshness.status'),
      cell: (a) => (
        <span className="badge" style={{ backgroundColor: FRESHNESS_COLOR[a.status] }}>
          {t(freshnessKey(a.status))}
        </span>
      ),
    },
    {
      id: 'last-day',
      header: t('freshness.lastDataDay'),
      className: 'nowrap',
      cell: (a) => (a.lastDataDay ? <time dateTime={a.lastDataDay}>{formatLastDataDay(a.lastDataDay, lang)}</time> : formatLastDataDay(null, lang)),
    },
    { id: 'behind', header: t('freshness.daysBehind'), className: 'num', cell: (a) => formatDaysBehind(a.daysBehind, lang) },
    {
      id: 'failing',
      header: t('freshness.failingSources'),
      className: 'num',
      cellClassName: (a) => (a.failingSources ? 'text-failed' : undefined),
      cell: (a) => t('freshness.failingValue', { failing: formatCount(a.failingSources, lang), total: formatCount(a.sources, lang) }),
    },
    {
      id: 'error',
      header: t('freshness.lastError'),
      className: 'col-error',
      cell: (a) =>
        a.lastError ? (
          <span className="error-text" dir="ltr" lang="en">
            {a.lastError}
          </span>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <TablePanel id="freshness" heading={t('freshness.heading')} tall>
      <DataTable
        caption={t('freshness.caption')}
        columns={columns}
        rows={agencies}
        rowKey={(a) => a.agencyId}
        rowAttributes={(a) => ({ 'data-testid': 'freshness-row', 'data-agency-id': a.agencyId, 'data-status': a.status })}
        empty={t('freshness.empty')}
      />
    </TablePanel>
  );
}
