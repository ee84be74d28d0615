import { useMemo } from 'react';
import { isIsoDay, type ScoreboardResponse, type TrendResponse } from '@hamgam/shared';
import { useScoreboard } from '../../api/use-scoreboard';
import { useMovers, useScoreboardWeeks, useTrend } from '../../api/use-scoreboard-history';
import { ChartPanel } from '../../components/ChartPanel';
import { dataOf } from '../../components/Loaded';
import { WeekPicker } from '../../components/WeekPicker';
import { formatCount, formatDay, formatInstant } from '../../format/format';
import { useI18n } from '../../i18n/use-i18n';
import { useSearchParam } from '../../lib/use-search-param';
import { ExportLinks } from '../scoreboard/ExportLinks';
import { MoversPanel } from '../scoreboard/MoversPanel';
import { ScoreboardTable } from '../scoreboard/ScoreboardTable';
import { StatePanel } from '../scoreboard/StatePanel';
import { SummaryCards } from '../scoreboard/SummaryCards';
import { ServicesTrendTable, StatusTrendTable } from '../trend/TrendTables';
import { toServicesTrendOption } from '../trend/to-services-trend-option';
import { toStatusTrendOption } from '../trend/to-status-trend-option';
import { daysLeftAt, REPORT_TREND_WEEKS } from './report-trend';

/** A4 portrait, less the print margins: the report is laid out at its printed width on screen too, so the charts never need a resize while printing. */
const REPORT_CHART_HEIGHT = 230;

/**
 * The weekly report (`?page=report&week=`), print-ready: summary, movers, the full table and the
 * trend, in one column the width of an A4 page; "Print / save as PDF" hands it to the browser.
 * Persian and right to left by default, as the cabinet reads it.
 */
export function ReportPage() {
  const { t, lang } = useI18n();
  const weekParam = useSearchParam('week');
  const week = weekParam && isIsoDay(weekParam) ? weekParam : null;
  const { state, retry } = useScoreboard(week);
  const data = state.kind === 'ready' ? state.data : null;
  const movers = dataOf(useMovers(data?.week.end ?? week).state);
  const trend = dataOf(useTrend().state);
  const weeks = dataOf(useScoreboardWeeks().state)?.weeks ?? [];
  const weekLabel = data ? (lang === 'fa' ? data.week.labelFa : data.week.labelEn) : '';

  return (
    <main id="main" className="page page--report" aria-busy={!data}>
      {data && (
        <div className="toolbar no-print">
          {weeks.length > 0 && <WeekPicker weeks={weeks} value={data.week.end} />}
          <button type="button" className="button button--primary" data-testid="print" onClick={() => window.print()}>
            {t('report.print')}
          </button>
          <ExportLinks week={data.week.end} weekLabel={weekLabel} />
        </div>
      )}
      {data ? (
        <article className="report" data-testid="report" data-week={data.week.end}>
          <header className="report__head">
            <p className="report__brand">{t('app.name')}</p>
            <h1>{t('report.title')}</h1>
            <p className="week-label" data-testid="week-label">
              <time dateTime={data.week.end}>{weekLabel}</time>
            </p>
            <p className="meta">{t('report.generated', { when: formatInstant(data.computedAt, lang), version: data.methodologyVersion })}</p>
          </header>
          <ReportSummary board={data} trend={trend} />
          {movers && movers.week.end === data.week.end && <MoversPanel movers={movers} links={false} />}
          <ScoreboardTable rows={data.rows} weekLabel={weekLabel} week={data.week.end} headingKey="report.tableHeading" />
          {trend && <ReportTrend trend={trend} weekEnd={data.week.end} />}
        </article>
      ) : (
        <StatePanel state={state as Exclude<typeof state, { kind: 'ready' }>} onRetry={retry} />
      )}
    </main>
  );
}

function ReportSummary({ board, trend }: { board: ScoreboardResponse; trend: TrendResponse | null }) {
  const { t, lang } = useI18n();
  const s = board.summary;
  const n = (v: number) => formatCount(v, lang);
  const daysLeft = trend ? daysLeftAt(trend, board.week.end) : null;
  const days =
    daysLeft === null || !trend
      ? ''
      : t(daysLeft >= 0 ? 'report.daysLeft' : 'report.daysPast', { days: n(Math.abs(daysLeft)), date: formatDay(trend.nationalDeadline, lang) });
  return (
    <section aria-labelledby="report-summary" className="report__summary">
      <h2 id="report-summary" className="panel__title">
        {t('report.summaryHeading')}
      </h2>
      <p data-testid="report-summary">
        {t('report.summaryLine', {
          joined: n(s.joined),
          total: n(board.rows.length),
          onTrack: n(s.onTrack),
          lagging: n(s.lagging),
          notStarted: n(s.notStarted),
          silent: n(s.silent),
          days,
        })}
      </p>
      <SummaryCards summary={s} />
    </section>
  );
}

/** The trend up to the report's week: statuses and services against the trajectory, with the last weeks as a table. */
function ReportTrend({ trend, weekEnd }: { trend: TrendResponse; weekEnd: string }) {
  const { t, lang } = useI18n();
  const points = useMemo(() => trend.points.filter((p) => p.week.end <= weekEnd), [trend, weekEnd]);
  const statusOption = useMemo(() => toStatusTrendOption({ points, lang, narrow: false }), [points, lang]);
  const servicesOption = useMemo(() => toServicesTrendOption({ points, lang, narrow: false }), [points, lang]);
  return (
    <section aria-labelledby="report-trend" className="report__trend">
      <h2 id="report-trend" className="panel__title">
        {t('report.trendHeading')}
      </h2>
      <div className="report__charts">
        <ChartPanel id="report-status" title={t('trend.statusHeading')} description={t('trend.statusDescription')} option={statusOption} height={REPORT_CHART_HEIGHT} testId="report-status-chart" tableOpen>
          <StatusTrendTable points={points.slice(-REPORT_TREND_WEEKS)} caption={t('trend.statusHeading')} />
        </ChartPanel>
        <ChartPanel
          id="report-services"
          title={t('trend.servicesHeading')}
          description={t('trend.servicesDescription')}
          option={servicesOption}
          height={REPORT_CHART_HEIGHT}
          testId="report-services-chart"
          tableOpen
        >
          <ServicesTrendTable points={points.slice(-REPORT_TREND_WEEKS)} caption={t('trend.servicesHeading')} />
        </ChartPanel>
      </div>
    </section>
  );
}
