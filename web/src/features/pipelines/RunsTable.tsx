import { Fragment } from 'react';
import type { PipelineRun } from '@hamgam/shared';
import { formatCount, formatDuration, formatShortInstant } from '../../format/format';
import { runStatusKey } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/use-i18n';
import { RUN_STATUS_COLOR, agencyName, datasetLabel, shortRunId } from './freshness';

const COLUMNS = 9;

/**
 * Recent runs, newest first. A failed run is tinted and followed by a row with its reason, so the
 * failure and why sit together; a run with rejects links to them.
 */
export function RunsTable({ runs, onShowRejects }: { runs: readonly PipelineRun[]; onShowRejects: (runId: string) => void }) {
  const { t, lang } = useI18n();
  const failed = runs.filter((r) => r.status === 'failed').length;
  return (
    <section aria-labelledby="runs-heading" className="panel">
      <h2 id="runs-heading" className="panel__title">
        {t('runs.heading')}
      </h2>
      <p className="panel__meta" data-testid="runs-failed-count">
        {t('runs.failedCount', { failed: formatCount(failed, lang), total: formatCount(runs.length, lang) })}
      </p>
      <p className="scroll-hint">{t('table.scrollHint')}</p>
      <div className="table-scroll table-scroll--tall" role="region" aria-labelledby="runs-heading" tabIndex={0}>
        <table className="data-table">
          <caption className="visually-hidden">{t('runs.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('runs.time')}</th>
              <th scope="col" className="col-name">{t('runs.agency')}</th>
              <th scope="col">{t('runs.dataset')}</th>
              <th scope="col">{t('runs.status')}</th>
              <th scope="col" className="num">{t('runs.received')}</th>
              <th scope="col" className="num">{t('runs.loaded')}</th>
              <th scope="col" className="num">{t('runs.rejected')}</th>
              <th scope="col" className="num">{t('runs.duplicate')}</th>
              <th scope="col" className="num">{t('runs.duration')}</th>
            </tr>
          </thead>
          <tbody>
            {runs.length === 0 && (
              <tr>
                <td colSpan={COLUMNS}>{t('runs.empty')}</td>
              </tr>
            )}
            {runs.map((r) => (
              <Fragment key={r.runId}>
                <tr data-testid="run-row" data-run-id={r.runId} data-status={r.status} className={r.status === 'failed' ? 'row--failed' : undefined}>
                  <td className="nowrap" title={r.runId}>
                    <time dateTime={r.startedAt}>{formatShortInstant(r.startedAt, lang)}</time>
                  </td>
                  <th scope="row" className="col-name">{agencyName(r, lang)}</th>
                  <td className="nowrap">{datasetLabel(r.dataset, lang)}</td>
                  <td>
                    <span className="badge" style={{ backgroundColor: RUN_STATUS_COLOR[r.status] }}>
                      {t(runStatusKey(r.status))}
                    </span>
                  </td>
                  <td className="num">{formatCount(r.received, lang)}</td>
                  <td className="num">{formatCount(r.loaded, lang)}</td>
                  <td className="num">
                    {r.rejected > 0 ? (
                      <button
                        type="button"
                        className="link-button"
                        aria-label={t('runs.showRejects', { count: formatCount(r.rejected, lang) })}
                        title={t('runs.showRejects', { count: formatCount(r.rejected, lang) })}
                        data-testid="run-show-rejects"
                        onClick={() => onShowRejects(r.runId)}
                      >
                        {formatCount(r.rejected, lang)}
                      </button>
                    ) : (
                      formatCount(r.rejected, lang)
                    )}
                  </td>
                  <td className="num">{formatCount(r.duplicate, lang)}</td>
                  <td className="num">{r.durationMs === null ? '—' : formatDuration(r.durationMs, lang)}</td>
                </tr>
                {r.status === 'failed' && r.error && (
                  <tr className="row--failed row--reason" data-testid="run-reason" data-run-id={r.runId}>
                    <td colSpan={COLUMNS}>
                      <span className="reason-label">{t('runs.reason')} ({shortRunId(r.runId)}):</span>{' '}
                      <span className="error-text" dir="ltr" lang="en">
                        {r.error}
                      </span>
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
