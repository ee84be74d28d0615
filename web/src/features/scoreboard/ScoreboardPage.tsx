import { lazy, Suspense, useMemo } from 'react';
import { isIsoDay } from '@hamgam/shared';
import { useScoreboard } from '../../api/use-scoreboard';
import { useMovers, useScoreboardWeeks } from '../../api/use-scoreboard-history';
import { dataOf } from '../../components/Loaded';
import { WeekPicker } from '../../components/WeekPicker';
import { formatCount, formatInstant } from '../../format/format';
import { useI18n } from '../../i18n/use-i18n';
import { useSearchParams } from '../../lib/use-search-param';
import { ExportLinks } from './ExportLinks';
import { MoversPanel } from './MoversPanel';
import { ScoreboardFilters } from './ScoreboardFilters';
import { ScoreboardTable } from './ScoreboardTable';
import { StatePanel } from './StatePanel';
import { SummaryCards } from './SummaryCards';
import { scoreboardChartHeight } from './to-scoreboard-option';
import { filterRows, parseTableView, sortRows } from './table-view';

// ECharts is two thirds of the JavaScript: load it after the table, which is the scoreboard itself
// and needs only React, so a phone on a slow network sees the ranking first.
const ScoreboardChart = lazy(() => import('./ScoreboardChart').then((m) => ({ default: m.ScoreboardChart })));

/**
 * The landing page: the week's scoreboard as the cabinet reviews it. `?week=YYYY-MM-DD` picks a
 * past week; sort and filters live in the URL too (see table-view.ts).
 */
export function ScoreboardPage() {
  const { t, lang } = useI18n();
  const params = useSearchParams();
  const weekParam = params.get('week');
  const week = weekParam && isIsoDay(weekParam) ? weekParam : null;
  const view = useMemo(() => parseTableView(params), [params]);
  const { state, retry } = useScoreboard(week);
  const weeks = useScoreboardWeeks();
  const data = state.kind === 'ready' ? state.data : null;
  // Movers follow the week on screen, so a picked week's movers never sit beside another week's table.
  const movers = useMovers(data?.week.end ?? week);
  const moversData = dataOf(movers.state);
  const weekLabel = data ? (lang === 'fa' ? data.week.labelFa : data.week.labelEn) : '';
  const shown = useMemo(() => (data ? sortRows(filterRows(data.rows, view), view.sort, view.dir, lang) : []), [data, view, lang]);
  const weekList = dataOf(weeks.state)?.weeks ?? [];

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
      {data && (
        <div className="toolbar">
          {weekList.length > 0 && <WeekPicker weeks={weekList} value={data.week.end} />}
          <ExportLinks week={data.week.end} weekLabel={weekLabel} />
        </div>
      )}
      {data ? (
        <>
          <SummaryCards summary={data.summary} />
          {moversData && moversData.week.end === data.week.end && <MoversPanel movers={moversData} />}
          <ScoreboardFilters rows={data.rows} view={view} shown={shown.length} />
          <div className="layout">
            <ScoreboardTable
              rows={shown}
              weekLabel={weekLabel}
              week={data.week.end}
              view={view}
              emptyKey={data.rows.length === 0 ? 'table.empty' : 'table.filteredEmpty'}
            />
            <Suspense fallback={<ChartPlaceholder rowCount={shown.length} />}>
              <ScoreboardChart rows={shown} />
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
