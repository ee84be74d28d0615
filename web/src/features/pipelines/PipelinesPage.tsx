import { lazy, Suspense, type ReactNode } from 'react';
import { PIPELINE_RUN_STATUSES, type PipelineRunStatus } from '@hamgam/shared';
import type { ResourceState } from '../../api/use-resource';
import { usePipelineRejects, usePipelineRuns, usePipelineSources } from '../../api/use-pipelines';
import { formatCount, formatDay } from '../../format/format';
import { useI18n } from '../../i18n/use-i18n';
import { setSearchParams, useSearchParam } from '../../lib/use-search-param';
import { FreshnessTable } from './FreshnessTable';
import { RejectsTable } from './RejectsTable';
import { RunsTable } from './RunsTable';
import { agencyName, shortRunId } from './freshness';
import { REPORTING_CHART_HEIGHT } from './to-reporting-option';

// ECharts loads after the tables, as on the scoreboard: the tables are what an operator acts on.
const ReportingChart = lazy(() => import('./ReportingChart').then((m) => ({ default: m.ReportingChart })));

const RUNS_LIMIT = 200;
const REJECTS_LIMIT = 200;
const AGENCY_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const RUN_ID = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * The operators' page: freshness per agency, recent runs with failures and their reasons, rejected
 * rows. Filters live in the URL (`?page=pipelines&agency=&status=&run=`), so a link shows the same.
 */
export function PipelinesPage() {
  const { t, lang } = useI18n();
  const agencyParam = useSearchParam('agency');
  const statusParam = useSearchParam('status');
  const runParam = useSearchParam('run');
  const agency = agencyParam && AGENCY_ID.test(agencyParam) ? agencyParam : undefined;
  const status = (PIPELINE_RUN_STATUSES as readonly string[]).includes(statusParam ?? '') ? (statusParam as PipelineRunStatus) : undefined;
  const runId = runParam && RUN_ID.test(runParam) ? runParam : undefined;

  const sources = usePipelineSources();
  const runs = usePipelineRuns({ limit: RUNS_LIMIT, agency, status });
  const rejects = usePipelineRejects({ limit: REJECTS_LIMIT, agency, runId });

  const sourcesData = dataOf(sources.state);
  const agencies = sourcesData?.agencies ?? [];
  const shownAgencies = agency ? agencies.filter((a) => a.agencyId === agency) : agencies;
  const count = (s: string) => formatCount(agencies.filter((a) => a.status === s).length, lang);
  const agencyOptions = [...agencies].sort((a, b) => agencyName(a, lang).localeCompare(agencyName(b, lang), lang));

  return (
    <main id="main" className="page" aria-busy={sources.state.kind === 'loading'}>
      <div className="page__head">
        <h1>{t('pipelines.title')}</h1>
        {sourcesData && (
          <p className="meta">
            <span>{t('pipelines.today', { day: formatDay(sourcesData.today, lang) })}</span>
            <span data-testid="freshness-summary">{t('pipelines.summary', { fresh: count('fresh'), late: count('late'), silent: count('silent') })}</span>
          </p>
        )}
      </div>

      <form className="filters" aria-label={t('filters.heading')} onSubmit={(e) => e.preventDefault()}>
        <label className="filters__field">
          <span>{t('filters.agency')}</span>
          <select
            data-testid="filter-agency"
            value={agency ?? ''}
            onChange={(e) => setSearchParams({ agency: e.target.value || null, run: null })}
          >
            <option value="">{t('filters.allAgencies')}</option>
            {agencyOptions.map((a) => (
              <option key={a.agencyId} value={a.agencyId}>
                {agencyName(a, lang)}
              </option>
            ))}
          </select>
        </label>
        <label className="filters__check">
          <input
            type="checkbox"
            data-testid="filter-failed"
            checked={status === 'failed'}
            onChange={(e) => setSearchParams({ status: e.target.checked ? 'failed' : null })}
          />
          <span>{t('filters.failedOnly')}</span>
        </label>
        {runId && (
          <span className="filters__chip">
            {t('filters.run', { run: shortRunId(runId) })}
            <button type="button" className="link-button" data-testid="filter-run-clear" onClick={() => setSearchParams({ run: null })}>
              {t('filters.clearRun')}
            </button>
          </span>
        )}
      </form>

      <Loaded state={sources.state} onRetry={sources.retry} testId="freshness">
        {(data) => (
          <div className="layout">
            <Suspense fallback={<section className="panel" aria-busy="true" style={{ minHeight: REPORTING_CHART_HEIGHT.wide }} />}>
              <ReportingChart daily={data.daily} registered={data.agencies.length} />
            </Suspense>
            <FreshnessTable agencies={shownAgencies} />
          </div>
        )}
      </Loaded>
      <Loaded state={runs.state} onRetry={runs.retry} testId="runs">
        {(data) => <RunsTable runs={data.runs} onShowRejects={(id) => setSearchParams({ run: id })} />}
      </Loaded>
      <Loaded state={rejects.state} onRetry={rejects.retry} testId="rejects">
        {(data) => <RejectsTable rejects={data.rejects} />}
      </Loaded>
    </main>
  );
}

function dataOf<T>(state: ResourceState<T>): T | null {
  return state.kind === 'ready' ? state.data : state.kind === 'error' ? state.data : null;
}

/** A section's data, or its loading or error state; data already shown stays through a failed refresh. */
function Loaded<T>({ state, onRetry, testId, children }: { state: ResourceState<T>; onRetry: () => void; testId: string; children: (data: T) => ReactNode }) {
  const { t, lang } = useI18n();
  const data = dataOf(state);
  const error =
    state.kind === 'error' ? (
      <div className="state state--error" role="alert" data-testid={`${testId}-error`}>
        <h2 className="state__title">{t('pipelines.error.title')}</h2>
        <p>{t('pipelines.error.body', { detail: state.status === 0 ? t('state.error.network') : `${formatCount(state.status, lang)} — ${state.message}` })}</p>
        <p className="state__actions">
          <button type="button" onClick={onRetry}>
            {t('state.retryNow')}
          </button>
        </p>
      </div>
    ) : null;
  if (data === null && state.kind === 'loading') {
    return (
      <div className="state" role="status" data-testid={`${testId}-loading`}>
        <span className="spinner" aria-hidden="true" />
        {t('pipelines.loading')}
      </div>
    );
  }
  return (
    <>
      {error}
      {data !== null && children(data)}
    </>
  );
}
