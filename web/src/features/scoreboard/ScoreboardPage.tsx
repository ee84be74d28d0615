import { lazy, Suspense } from 'react';
import { isIsoDay } from '@hamgam/shared';
import { useScoreboard } from '../../api/use-scoreboard';
import { formatCount, formatInstant } from '../../format/format';
import { useI18n } from '../../i18n/use-i18n';
import { useSearchParam } from '../../lib/use-search-param';
import { ScoreboardTable } from './ScoreboardTable';
import { StatePanel } from './StatePanel';
import { SummaryCards } from './SummaryCards';
import { scoreboardChartHeight } from './to-scoreboard-option';

// ECharts is two thirds of the JavaScript: load it after the table, which is the scoreboard itself
// and needs only React, so a phone on a slow network sees the ranking first.
const ScoreboardChart = lazy(() => import('./ScoreboardChart').then((m) => ({ default: m.ScoreboardChart })));

/** The landing page: the week's scoreboard as the cabinet reviews it. `?week=YYYY-MM-DD` picks a past week. */
export function ScoreboardPage() {
  const { t, lang } = useI18n();
  const weekParam = useSearchParam('week');
  const week = weekParam && isIsoDay(weekParam) ? weekParam : null;
  const { state, retry } = useScoreboard(week);
  const data = state.kind === 'ready' ? state.data : null;
  const weekLabel = data ? (lang === 'fa' ? data.week.labelFa : data.week.labelEn) : '';

  return (
    <main id="main" className="page" aria-busy={state.kind === 'loading'}>
      <div className="page__head">
        <h1>{t('scoreboard.title')}</h1>
        {data && (
          <>
            <p className="week-label" data-testid="week-label">
              <time dateTime={data.week.end}>{weekLabel}</time>
            </p>
            <p className="meta">
              <span>{t('scoreboard.agencyCount', { count: formatCount(data.rows.length, lang) })}</span>
              <span>{t('scoreboard.methodology', { version: data.methodologyVersion })}</span>
              <span>{t('scoreboard.computedAt', { when: formatInstant(data.computedAt, lang) })}</span>
            </p>
          </>
        )}
      </div>
      {data ? (
        <>
          <SummaryCards summary={data.summary} />
          <div className="layout">
            <ScoreboardTable rows={data.rows} weekLabel={weekLabel} />
            <Suspense fallback={<ChartPlaceholder rowCount={data.rows.length} />}>
              <ScoreboardChart rows={data.rows} />
            </Suspense>
          </div>
        </>
      ) : (
        <StatePanel state={state as Exclude<typeof state, { kind: 'ready' }>} onRetry={retry} />
      )}
    </main>
  );
}

/** Holds the chart's place while its code loads, so the page does not jump. */
function ChartPlaceholder({ rowCount }: { rowCount: number }) {
  const { t } = useI18n();
  return (
    <section className="panel" aria-busy="true">
      <h2 className="panel__title">{t('chart.heading')}</h2>
      <div style={{ height: scoreboardChartHeight(rowCount, false) }} />
    </section>
  );
}
