import type { RejectedRow } from '@hamgam/shared';
import { type Column, DataTable, TablePanel } from '../../components/DataTable';
import { formatCount, formatShortInstant } from '../../format/format';
import { useI18n } from '../../i18n/use-i18n';
import { agencyName, datasetLabel, shortRunId } from './freshness';

/** Quarantined rows with why and what was received: what an agency needs to fix its feed. */
export function RejectsTable({ rejects }: { rejects: readonly RejectedRow[] }) {
  const { t, lang } = useI18n();
  const columns: Column<RejectedRow>[] = [
    { id: 'time', header: t('rejects.time'), className: 'nowrap', cell: (r) => <time dateTime={r.rejectedAt}>{formatShortInstant(r.rejectedAt, lang)}</time> },
    { id: 'agency', header: t('rejects.agency'), className: 'col-name', rowHeader: true, cell: (r) => agencyName(r, lang) },
    { id: 'dataset', header: t('rejects.dataset'), className: 'nowrap', cell: (r) => datasetLabel(r.dataset, lang) },
    { id: 'run', header: t('rejects.run'), className: 'nowrap', cell: (r) => <code title={r.runId}>{shortRunId(r.runId)}</code> },
    { id: 'row', header: t('rejects.row'), className: 'num', cell: (r) => formatCount(r.rowNumber, lang) },
    {
      id: 'reason',
      header: t('rejects.reason'),
      className: 'col-reason',
      cell: (r) => (
        <span className="error-text" dir="ltr" lang="en">
          {r.reason}
        </span>
      ),
    },
    { id: 'raw', header: t('rejects.raw'), className: 'col-raw', cell: (r) => <code dir="ltr">{r.raw}</code> },
  ];
  return (
    <TablePanel id="rejects" heading={t('rejects.heading')} tall>
      <DataTable
        caption={t('rejects.caption')}
        columns={columns}
        rows={rejects}
        rowKey={(r) => String(r.rejectId)}
        rowAttributes={(r) => ({ 'data-testid': 'reject-row', 'data-run-id': r.runId, 'data-agency-id': r.agencyId })}
        empty={t('rejects.empty')}
      />
    </TablePanel>
  );
}
