import { isIsoDay, type BreakdownResponse, type MeResponse } from '@hamgam/shared';
import './agency-view.css';
import { type ReactNode, useMemo, useState } from 'react';
import { useAgencyTrend, useAnnotations, useCaller } from '../../api/use-agency-view';
import { DisputeMarker } from '../../components/DisputeMarker';
import { AgencyFeedsPanel, ImprovementsPanel, SectorMedianPanel, StageChangesPanel, TrajectoryPanel } from './AgencyViewPanels';
import { AnnotationsPanel } from './AnnotationsPanel';
import { disputedFigures } from './disputes';
import { useScoreboard } from '../../api/use-scoreboard';
import { useBreakdown, useScoreboardWeeks } from '../../api/use-scoreboard-history';
import { dataOf, Loaded } from '../../components/Loaded';
import { PageLink } from '../../components/PageLink';
import { WeekPicker } from '../../components/WeekPicker';
import { formatDay, formatPercent, formatScore, formatCount } from '../../format/format';
import { kindLabel, sectorLabel } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/use-i18n';
import { useSearchParam } from '../../lib/use-search-param';
import { StatusBadge } from '../scoreboard/StatusBadge';
import { ComponentCards } from './ComponentCards';
import { DailyRowsTable, ExchangeServedTable, ServicesTable } from './BreakdownTables';
import { AgencyExchangeSection } from '../exchange/AgencyExchangeSection';

const AGENCY_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * One agency's week (`?page=agency&agency=ID&week=`): its index, rank and status, the five
 * components with their inputs and formulas, its services with their stage at the week's end, and
 * the daily rows behind them with the run that loaded each. Every number leads to its rows.
 */
export function AgencyPage() {
  const { t } = useI18n();
  const caller = useCaller();
  const agencyParam = useSearchParam('agency');
  const weekParam = useSearchParam('week');
  // An agency user without `?agency=` sees its own agency: its landing page.
  const own = caller?.role === 'agency' ? caller.agencyId : null;
  const agency = agencyParam && AGENCY_ID.test(agencyParam) ? agencyParam : agencyParam ? null : own;
  const week = weekParam && isIsoDay(weekParam) ? weekParam : null;
  if (!agency && !agencyParam && caller === undefined) return <main id="main" className="page" aria-busy="true" />;
  if (!agency) {
    return (
      <main id="main" className="page">
        <h1>{t('agency.title')}</h1>
        <p className="state">
          <span>
            {t('agency.missing')}{' '}
            <PageLink page="scoreboard">{t('nav.scoreboard')}</PageLink>
          </span>
        </p>
      </main>
    );
  }
  return <AgencyWeek agency={agency} week={week} caller={caller} />;
}

function AgencyWeek({ agency, week, caller }: { agency: string; week: string | null; caller: MeResponse | null | undefined }) {
  const { t, lang } = useI18n();
  const breakdown = useBreakdown(agency, week);
  const trend = useAgencyTrend(agency);
  // Bumped after one's own write, so the list and the markers follow at once.
  const [annotationsVersion, setAnnotationsVersion] = useState(0);
  const annotations = useAnnotations({ agency, limit: 200 }, annotationsVersion);
  const annotationList = dataOf(annotations.state)?.annotations ?? [];
  const weeks = useScoreboardWeeks();
  const data = dataOf(breakdown.state);
  // While another agency or week loads, the previous one stays: say so rather than mislabel it.
  const current = data && data.agency.agencyId === agency && (week === null || data.week.end === week) ? data : null;
  const weekList = dataOf(weeks.state)?.weeks ?? [];
  // The week's scoreboard names the other agencies (the consumers of this one's data).
  const board = useScoreboard(current?.week.end ?? week);
  const boardData = board.state.kind === 'ready' ? board.state.data : null;
  const names = useMemo(() => new Map((boardData?.rows ?? []).map((r) => [r.agencyId, lang === 'fa' ? r.nameFa : r.nameEn])), [boardData, lang]);
  const weekEnd = current?.week.end ?? week;
  const disputed = useMemo(() => disputedFigures(annotationList, current?.week.end ?? null), [annotationList, current]);
  const isOwn = caller?.role === 'agency' && caller.agencyId === agency;
  const seesFeeds = isOwn || caller?.role === 'admin';
  return (
    // Busy while this agency-week loads, not after a failure (the error panel says what happened).
    <main id="main" className="page" aria-busy={!current && breakdown.state.kind !== 'error'}>
      <div className="page__head">
        <p className="back-link no-print">
          <PageLink page="scoreboard" params={{ week: current?.week.end ?? week }} testId="back-to-scoreboard">
            {lang === 'fa' ? '→ ' : '← '}
            {t('agency.back')}
          </PageLink>
        </p>
        {isOwn && <p className="eyebrow" data-testid="own-agency">{t('agency.ownView')}</p>}
        <h1 data-testid="agency-name">{data ? (lang === 'fa' ? data.agency.nameFa : data.agency.nameEn) : t('agency.title')}</h1>
        {data && (
          <>
            <p className="week-label" data-testid="week-label">
              <time dateTime={data.week.end}>{lang === 'fa' ? data.week.labelFa : data.week.labelEn}</time>
            </p>
            <p className="meta">
              <span>{t('agency.sectorKind', { kind: kindLabel(lang, data.agency.kind), sector: sectorLabel(lang, data.agency.sector) })}</span>
              {data.agency.deadline && <span>{t('agency.deadline', { date: formatDay(data.agency.deadline, lang) })}</span>}
              <span>{t('scoreboard.methodology', { version: data.methodologyVersion })}</span>
            </p>
          </>
        )}
      </div>
      {data && weekList.length > 0 && (
        <div className="toolbar">
          <WeekPicker weeks={weekList} value={data.week.end} />
        </div>
      )}
      <Loaded state={breakdown.state} onRetry={breakdown.retry} testId="breakdown">
        {(d) => (
          <AgencyBody
            data={d}
            names={names}
            disputed={disputed}
            top={
              <>
                <TrajectoryPanel trend={trend} />
                <ImprovementsPanel agency={agency} week={d.week.end} />
                <SectorMedianPanel agency={agency} week={d.week.end} />
                <AnnotationsPanel
                  agency={agency}
                  week={d.week.end}
                  weekLabel={lang === 'fa' ? d.week.labelFa : d.week.labelEn}
                  annotations={annotationList}
                  caller={caller}
                  onChanged={() => setAnnotationsVersion((v) => v + 1)}
                />
              </>
            }
            afterServices={
              <>
                <StageChangesPanel trend={trend} />
                {seesFeeds && <AgencyFeedsPanel agency={agency} />}
              </>
            }
          />
        )}
      </Loaded>
      <AgencyExchangeSection agency={agency} weekEnd={weekEnd} />
    </main>
  );
}

function AgencyBody({ data, names, disputed, top, afterServices }: { data: BreakdownResponse; names: ReadonlyMap<string, string>; disputed: ReadonlySet<string>; top: ReactNode; afterServices: ReactNode }) {
  const { t, lang } = useI18n();
  const coverage = data.components.find((c) => c.name === 'coverage')?.value ?? null;
  return (
    <>
      {data.revised && (
        <div className="revised" role="note" data-testid="revised">
          <span className="revised__badge">{t('agency.revised')}</span>
          <p>{t('agency.revisedBody')}</p>
        </div>
      )}
      <section aria-labelledby="agency-summary" className="kpis-section">
        <h2 id="agency-summary" className="visually-hidden">
          {t('agency.summary')}
        </h2>
        <ul className="kpis">
          <li className="kpi" data-testid="agency-index" data-value={data.index}>
            <span className="kpi__value">{formatScore(data.index, lang)}</span>
            <span className="kpi__label">{t('agency.index')}</span>
            {disputed.has('index') && <DisputeMarker figure={t('agency.index')} />}
          </li>
          <li className="kpi" data-testid="agency-rank" data-value={data.rank}>
            <span className="kpi__value">{formatCount(data.rank, lang)}</span>
            <span className="kpi__label">{t('agency.rank')}</span>
          </li>
          <li className="kpi" data-testid="agency-status" data-status={data.status}>
            <span className="kpi__value kpi__value--badge">
              <StatusBadge status={data.status} />
            </span>
            <span className="kpi__label">{t('agency.status')}</span>
          </li>
          <li className="kpi" data-testid="agency-expected" data-value={data.expectedCoverage}>
            <span className="kpi__value">{formatPercent(data.expectedCoverage, lang)}</span>
            <span className="kpi__label">{t('agency.expectedCoverage')}</span>
            {coverage !== null && <span className="kpi__note">{t('agency.coverageVsExpected', { value: formatPercent(coverage, lang) })}</span>}
          </li>
        </ul>
      </section>
      {top}
      <ComponentCards components={data.components} disputed={disputed} />
      <ServicesTable services={data.services} />
      {afterServices}
      <DailyRowsTable data={data} />
      <ExchangeServedTable rows={data.exchangeServed} names={names} />
    </>
  );
}
