import { useMemo } from 'react';
import { iranWeekOf, type OnceOnlyPoint, type TrendResponse } from '@hamgam/shared';
import { useOnceOnly, useTrend } from '../../api/use-scoreboard-history';
import { ChartPanel } from '../../components/ChartPanel';
import { dataOf, Loaded } from '../../components/Loaded';
import { formatCount, formatDay, formatPercent } from '../../format/format';
import { useI18n } from '../../i18n/use-i18n';
import { useMediaQuery } from '../../lib/use-media-query';
import { OnceOnlyTable, ServicesTrendTable, StatusTrendTable } from './TrendTables';
import { toOnceOnlyOption } from './to-once-only-option';
import { toServicesTrendOption } from './to-services-trend-option';
import { toStatusTrendOption } from './to-status-trend-option';
import { TREND_CHART_HEIGHT } from './week-axis';

/**
 * The national trend (`?page=trend`): agencies by status week by week, services live against the
 * trajectory to the deadline with the days left, and the national once-only share, each chart
 * with its table.
 */
export function TrendPage() {
  const { t, lang } = useI18n();
  const trend = useTrend();
  const data = dataOf(trend.state);
  // The whole history: from the Saturday of the programme's first week to the latest week's Friday.
  const from = data ? iranWeekOf(data.programmeStart).start : '';
  const to = data?.points.at(-1)?.week.end ?? null;
  const onceOnly = useOnceOnly(from, to);

  return (
    <main id="main" className="page" aria-busy={trend.state.kind === 'loading'}>
      <div className="page__head">
        <h1>{t('trend.title')}</h1>
        {data && data.points.length > 0 && (
          <>
            <p className="week-label" data-testid="week-label">
              {t('trend.asOf', { week: lang === 'fa' ? data.points.at(-1)!.week.labelFa : data.points.at(-1)!.week.labelEn })}
            </p>
            <p className="meta">
              <span>{t('trend.programmeStart', { date: formatDay(data.programmeStart, lang) })}</span>
              <span>{t('trend.deadline', { date: formatDay(data.nationalDeadline, lang) })}</span>
            </p>
          </>
        )}
      </div>
      <Loaded state={trend.state} onRetry={trend.retry} testId="trend">
        {(d) => <TrendBody trend={d} onceOnly={dataOf(onceOnly.state)?.trend ?? null} />}
      </Loaded>
    </main>
  );
}

function TrendBody({ trend, onceOnly }: { trend: TrendResponse; onceOnly: readonly OnceOnlyPoint[] | null }) {
  const { t, lang } = useI18n();
  const narrow = useMediaQuery('(max-width: 640px)');
  const statusOption = useMemo(() => toStatusTrendOption({ points: trend.points, lang, narrow }), [trend, lang, narrow]);
  const servicesOption = useMemo(() => toServicesTrendOption({ points: trend.points, lang, narrow }), [trend, lang, narrow]);
  const onceOnlyOption = useMemo(() => (onceOnly ? toOnceOnlyOption({ trend: onceOnly, lang, narrow }) : null), [onceOnly, lang, narrow]);
  const height = narrow ? TREND_CHART_HEIGHT.narrow : TREND_CHART_HEIGHT.wide;
  const lastOnceOnly = onceOnly?.findLast((p) => p.onceOnlyPct !== null);
  return (
    <>
      <DaysLeftCards trend={trend} onceOnlyPct={lastOnceOnly?.onceOnlyPct ?? null} />
      <ChartPanel
        id="status-trend"
        title={t('trend.statusHeading')}
        description={t('trend.statusDescription')}
        option={statusOption}
        height={height}
        testId="status-trend-chart"
      >
        <StatusTrendTable points={trend.points} caption={t('trend.statusHeading')} />
      </ChartPanel>
      <ChartPanel
        id="services-trend"
        title={t('trend.servicesHeading')}
        description={t('trend.servicesDescription')}
        option={servicesOption}
        height={height}
        testId="services-trend-chart"
      >
        <ServicesTrendTable points={trend.points} caption={t('trend.servicesHeading')} />
      </ChartPanel>
      {onceOnlyOption && onceOnly && (
        <ChartPanel
          id="once-only"
          title={t('trend.onceOnlyHeading')}
          description={t('trend.onceOnlyDescription')}
          option={onceOnlyOption}
          height={height}
          testId="once-only-chart"
        >
          <OnceOnlyTable trend={onceOnly} caption={t('trend.onceOnlyHeading')} />
        </ChartPanel>
      )}
    </>
  );
}

/** The headline numbers: days left to the deadline, agencies joined, services live, once-only. */
export function DaysLeftCards({ trend, onceOnlyPct }: { trend: TrendResponse; onceOnlyPct: number | null }) {
  const { t, lang } = useI18n();
  const latest = trend.points.at(-1);
  const past = trend.daysLeft < 0;
  return (
    <ul className="kpis" aria-label={t('summary.heading')}>
      <li className={`kpi kpi--deadline${past ? ' kpi--past' : ''}`} data-testid="days-left" data-days={trend.daysLeft}>
        <span className="kpi__value">{formatCount(Math.abs(trend.daysLeft), lang)}</span>
        <span className="kpi__label">{t(past ? 'trend.daysPast' : 'trend.daysLeft')}</span>
        <span className="kpi__note">{t('trend.deadline', { date: formatDay(trend.nationalDeadline, lang) })}</span>
      </li>
      {latest && (
        <>
          <li className="kpi" data-testid="kpi-joined">
            <span className="kpi__value">{t('table.servicesValue', { live: formatCount(latest.joined, lang), total: formatCount(latest.agencies, lang) })}</span>
            <span className="kpi__label">{t('trend.kpiJoined')}</span>
          </li>
          <li className="kpi" data-testid="kpi-services">
            <span className="kpi__value">{formatPercent(latest.servicesLivePct, lang)}</span>
            <span className="kpi__label">{t('trend.kpiServices')}</span>
            <span className="kpi__note">{t('trend.kpiExpected', { value: formatPercent(latest.expectedPct, lang) })}</span>
          </li>
        </>
      )}
      {onceOnlyPct !== null && (
        <li className="kpi" data-testid="kpi-once-only">
          <span className="kpi__value">{formatPercent(onceOnlyPct, lang)}</span>
          <span className="kpi__label">{t('trend.kpiOnceOnly')}</span>
          <span className="kpi__note">{t('trend.kpiOnceOnlyNote')}</span>
        </li>
      )}
    </ul>
  );
}
