import type { RejectedRow } from '@hamgam/shared';
import { formatCount, formatShortInstant } from '../../format/format';
import { useI18n } from '../../i18n/use-i18n';
import { agencyName, datasetLabel, shortRunId } from './freshness';

/** Quarantined rows with why and what was received: what an agency needs to fix its feed. */
export function RejectsTable({ rejects }: { rejects: readonly RejectedRow[] }) {
  const { t, lang } = useI18n();
  return (
    <section aria-labelledby="rejects-heading" className="panel">
      <h2 id="rejects-heading" className="panel__title">
        {t('rejects.heading')}
      </h2>
      <p className="scroll-hint">{t('table.scrollHint')}</p>
      <div className="table-scroll table-scroll--tall" role="region" aria-labelledby="rejects-heading" tabIndex={0}>
        <table className="data-table">
          <caption className="visually-hidden">{t('rejects.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rejects.time')}</th>
              <th scope="col" className="col-name">{t('rejects.agency')}</th>
              <th scope="col">{t('rejects.dataset')}</th>
              <th scope="col">{t('rejects.run')}</th>
              <th scope="col" className="num">{t('rejects.row')}</th>
              <th scope="col">{t('rejects.reason')}</th>
              <th scope="col">{t('rejects.raw')}</th>
            </tr>
          </thead>
          <tbody>
            {rejects.length === 0 && (
              <tr>
                <td colSpan={7}>{t('rejects.empty')}</td>
              </tr>
            )}
            {rejects.map((r) => (
              <tr key={r.rejectId} data-testid="reject-row" data-run-id={r.runId} data-agency-id={r.agencyId}>
                <td className="nowrap">
                  <time dateTime={r.rejectedAt}>{formatShortInstant(r.rejectedAt, lang)}</time>
                </td>
                <th scope="row" className="col-name">{agencyName(r, lang)}</th>
                <td className="nowrap">{datasetLabel(r.dataset, lang)}</td>
                <td className="nowrap">
                  <code title={r.runId}>{shortRunId(r.runId)}</code>
                </td>
                <td className="num">{formatCount(r.rowNumber, lang)}</td>
                <td className="col-reason">
                  <span className="error-text" dir="ltr" lang="en">
                    {r.reason}
                  </span>
                </td>
                <td className="col-raw">
                  <code dir="ltr">{r.raw}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
