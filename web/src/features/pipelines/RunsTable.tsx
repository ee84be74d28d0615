import type { PipelineRun } from '@hamgam/shared';
import { type Column, DataTable, TablePanel } from '../../components/DataTable';
import { formatCount, formatDuration, formatShortInstant } from '../../format/format';
import { runStatusKey } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/use-i18n';
import { RUN_STATUS_COLOR, agencyName, datasetLabel, shortRunId } from './freshness';

/**
 * Recent runs, newest first. A failed run is tinted and followed by a row with its reason, so the
 * failure and why sit together; a run with rejects links to them.
 */
export function RunsTable({ runs, onShowRejects }: { runs: readonly PipelineRun[]; onShowRejects: (runId: string) => void }) {
  const { t, lang } = useI18n();
  const failed = runs.filter((r) => r.status === 'failed').length;
  const count = (value: number) => formatCount(value, lang);
  const columns: Column<PipelineRun>[] = [
    {
      id: 'time',
      header: t('runs.time'),
      className: 'nowrap',
      cell: (r) => (
        <time dateTime={r.startedAt} title={r.runId}>
          {formatShortInstant(r.startedAt, lang)}
        </time>
      ),
    },
    { id: 'agency', header: t('runs.agency'), className: 'col-name', rowHeader: true, cell: (r) => agencyName(r, lang) },
    { id: 'dataset', header: t('runs.dataset'), className: 'nowrap', cell: (r) => datasetLabel(r.dataset, lang) },
    {
      id: 'status',
      header: t('runs.status'),
      cell: (r) => (
        <span className="badge" style={{ backgroundColor: RUN_STATUS_COLOR[r.status] }}>
          {t(runStatusKey(r.status))}
        </span>
      ),
    },
    { id: 'received', header: t('runs.received'), className: 'num', cell: (r) => count(r.received) },
    { id: 'loaded', header: t('runs.loaded'), className: 'num', cell: (r) => count(r.loaded) },
    {
      id: 'rejected',
      header: t('runs.rejected'),
      className: 'num',
      cell: (r) =>
        r.rejected > 0 ? (
          <button
            type="button"
            className="link-button"
            aria-label={t('runs.showRejects', { count: count(r.rejected) })}
            title={t('runs.showRejects', { count: count(r.rejected) })}
            data-testid="run-show-rejects"
            onClick={() => onShowRejects(r.runId)}
          >
            {count(r.rejected)}
          </button>
        ) : (
          count(r.rejected)
        ),
    },
    { id: 'duplicate', header: t('runs.duplicate'), className: 'num', cell: (r) => count(r.duplicate) },
    { id: 'duration', header: t('runs.duration'), className: 'num', cell: (r) => (r.durationMs === null ? '—' : formatDuration(r.durationMs, lang)) },
  ];
  return (
    <TablePanel
      id="runs"
      heading={t('runs.heading')}
      tall
      meta={
        <p className="panel__meta" data-testid="runs-failed-count">
          {t('runs.failedCount', { failed: count(failed), total: count(runs.length) })}
        </p>
      }
    >
      <DataTable
        caption={t('runs.caption')}
        columns={columns}
        rows={runs}
        rowKey={(r) => r.runId}
        rowAttributes={(r) => ({ 'data-testid': 'run-row', 'data-run-id': r.runId, 'data-status': r.status, className: r.status === 'failed' ? 'row--failed' : undefined })}
        rowDetail={(r) =>
          r.status === 'failed' && r.error
            ? {
                attributes: { className: 'row--failed row--reason', 'data-testid': 'run-reason', 'data-run-id': r.runId },
                content: (
                  <>
                    <span className="reason-label">
                      {t('runs.reason')} ({shortRunId(r.runId)}):
                    </span>{' '}
                    <span className="error-text" dir="ltr" lang="en">
                      {r.error}
                    </span>
                  </>
                ),
              }
            : null
        }
        empty={t('runs.empty')}
      />
    </TablePanel>
  );
}
