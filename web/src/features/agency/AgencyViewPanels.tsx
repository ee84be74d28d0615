/**
 * The agency's own view, below its week's result: the trajectory to its deadline and its weeks,
 * what it would take to improve (computed by the server), how it compares with its sector's
 * median, its services' stage changes and its feeds. Every figure comes from the API as is.
 */
import { useMemo } from 'react';
import { COMPONENTS, type AgencyTrendResponse, type ComponentImprovement, type ImprovementItem, type SectorMedianResponse } from '@hamgam/shared';
import { type useAgencyTrend, useImprovements, useSectorMedian } from '../../api/use-agency-view';
import { usePipelineRejects, usePipelineRuns, usePipelineSources } from '../../api/use-pipelines';
import { ChartPanel } from '../../components/ChartPanel';
import { Loaded } from '../../components/Loaded';
import { formatCount, formatDay, formatPercent, formatScore, formatSignedScore, formatTehranDay } from '../../format/format';
import { componentKey, sectorLabel, stageKey, statusKey, type MessageKey } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/use-i18n';
import { useMediaQuery } from '../../lib/use-media-query';
import { setSearchParams, useSearchParam } from '../../lib/use-search-param';
import { FreshnessTable } from '../pipelines/FreshnessTable';
import { RejectsTable } from '../pipelines/RejectsTable';
import { RunsTable } from '../pipelines/RunsTable';
import { AGENCY_TREND_HEIGHT, toAgencyTrendOption } from './to-agency-trend-option';

const serviceName = (s: { nameFa: string; nameEn: string }, lang: string) => (lang === 'fa' ? s.nameFa : s.nameEn);

export type TrendResource = ReturnType<typeof useAgencyTrend>;

export function TrajectoryPanel({ trend }: { trend: TrendResource }) {
  return (
    <Loaded state={trend.state} onRetry={trend.retry} testId="agency-trend">
      {(d) => <Trajectory data={d} />}
    </Loaded>
  );
}

function Trajectory({ data }: { data: AgencyTrendResponse }) {
  const { t, lang } = useI18n();
  const narrow = useMediaQuery('(max-width: 640px)');
  const option = useMemo(() => toAgencyTrendOption({ points: data.points, lang, narrow }), [data, lang, narrow]);
  const last = data.points.at(-1);
  const gap = last ? Math.round((last.coverage - last.expectedCoverage) * 10) / 10 : 0;
  const days = formatCount(Math.abs(data.daysLeft), lang);
  const date = formatDay(data.deadline, lang);
  const summary = (
    <p className="trajectory" data-testid="trajectory" data-days-left={data.daysLeft} data-gap={gap}>
      <strong>{data.daysLeft >= 0 ? t('trajectory.daysLeft', { days, date }) : t('trajectory.daysPast', { days, date })}</strong>
      {last && (
        <span className={gap < 0 ? 'trajectory__gap trajectory__gap--below' : 'trajectory__gap'}>
          {gap < 0 ? t('trajectory.below', { gap: formatScore(-gap, lang) }) : gap > 0 ? t('trajectory.above', { gap: formatScore(gap, lang) }) : t('trajectory.onLine')}
        </span>
      )}
    </p>
  );
  const rows = [...data.points].reverse();
  return (
    <ChartPanel
      id="agency-trend"
      title={t('trajectory.heading')}
      description={t('trajectory.description')}
      option={option}
      height={narrow ? AGENCY_TREND_HEIGHT.narrow : AGENCY_TREND_HEIGHT.wide}
      testId="agency-trend-chart"
      extra={summary}
    >
      <table className="data-table">
        <caption className="visually-hidden">{t('trajectory.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('trajectory.week')}</th>
            <th scope="col" className="num">{t('trajectory.index')}</th>
            <th scope="col" className="num">{t('trajectory.rank')}</th>
            <th scope="col">{t('trajectory.status')}</th>
            <th scope="col" className="num">{t('trajectory.coverage')}</th>
            <th scope="col" className="num">{t('trajectory.expected')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.week.end} data-testid="agency-trend-row" data-week={p.week.end}>
              <th scope="row" className="nowrap">{formatDay(p.week.end, lang)}</th>
              <td className="num">{formatScore(p.index, lang)}</td>
              <td className="num nowrap">{t('agency.rankOf', { rank: formatCount(p.rank, lang), total: formatCount(p.agencies, lang) })}</td>
              <td>{t(statusKey(p.status))}</td>
              <td className="num">{formatPercent(p.coverage, lang)}</td>
              <td className="num">{formatPercent(p.expectedCoverage, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ChartPanel>
  );
}

export function ImprovementsPanel({ agency, week }: { agency: string; week: string | null }) {
  const { t } = useI18n();
  const improvements = useImprovements(agency, week);
  return (
    <section aria-labelledby="improve-heading" className="panel" data-testid="improvements">
      <h2 id="improve-heading" className="panel__title">
        {t('improve.heading')}
      </h2>
      <p className="panel__meta">{t('improve.intro')}</p>
      <Loaded state={improvements.state} onRetry={improvements.retry} testId="improvements">
        {(d) => (
          <ul className="improvements">
            {d.components.map((c) => (
              <Improvement key={c.kind} c={c} />
            ))}
          </ul>
        )}
      </Loaded>
    </section>
  );
}

function detailText(c: ComponentImprovement, i: ImprovementItem, t: (k: MessageKey, v?: Record<string, string | number>) => string, lang: 'fa' | 'en'): string {
  const n = (k: string) => i.detail[k] ?? 0;
  switch (c.kind) {
    case 'services_not_live':
      return t(stageKey(i.stage));
    case 'live_without_sso':
      return t(stageKey(i.stage));
    case 'documents_asked':
      return t('improve.detail.docs', { asked: formatCount(n('docsAsked'), lang), fetched: formatCount(n('docsFetched'), lang) });
    case 'availability_below_target':
      return t('improve.detail.availability', { value: formatPercent(n('availabilityPct'), lang), target: formatPercent(n('target'), lang) });
    case 'latency_above_target':
      return t('improve.detail.latency', { value: formatCount(n('latencyP95Ms'), lang), target: formatCount(n('target'), lang) });
    case 'experience_gaps':
      return t('improve.detail.experience', { notCompleted: formatCount(n('notCompleted'), lang), requests: formatCount(n('requests'), lang) });
  }
}

function Improvement({ c }: { c: ComponentImprovement }) {
  const { t, lang } = useI18n();
  const headingId = `improve-${c.kind}`;
  return (
    <li className="improvement" data-testid="improvement" data-kind={c.kind} data-component={c.component} data-items={c.items.length}>
      <h3 id={headingId} className="improvement__title">
        <span>{t(`improve.kind.${c.kind}` as MessageKey)}</span>
        <span className="improvement__component">
          {t(componentKey(c.component))} {formatScore(c.value, lang)}
        </span>
      </h3>
      <p className="improvement__meta">{t('improve.headroom', { points: formatScore(c.headroom, lang) })}</p>
      {c.kind === 'services_not_live' && (c.keyServicesNotLive ?? 0) > 0 && <p className="improvement__note">{t('improve.keyNotLive', { count: formatCount(c.keyServicesNotLive!, lang) })}</p>}
      {c.kind === 'documents_asked' && <p className="improvement__note">{t(c.servesOthers ? 'improve.servesOthers' : 'improve.servesNone')}</p>}
      {c.items.length === 0 ? (
        <p className="improvement__none">{t('improve.none')}</p>
      ) : (
        <ul className="improvement__items" aria-labelledby={headingId}>
          {c.items.map((i) => (
            <li key={i.serviceId} className="improvement__item" data-testid="improvement-item" data-service-id={i.serviceId} data-index-gain={i.indexGain}>
              <span className="improvement__name">
                {serviceName(i, lang)}
                {i.isKey && <span className="tag">{t('improve.key')}</span>}
              </span>
              <span className="improvement__gain">
                {t('improve.gainValue', { component: formatSignedScore(i.componentGain, lang), name: t(componentKey(c.component)), index: formatSignedScore(i.indexGain, lang) })}
              </span>
              <span className="improvement__detail">{detailText(c, i, t, lang)}</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

export function SectorMedianPanel({ agency, week }: { agency: string; week: string | null }) {
  const { t } = useI18n();
  const median = useSectorMedian(agency, week);
  return (
    <section aria-labelledby="sector-heading" className="panel" data-testid="sector-median">
      <h2 id="sector-heading" className="panel__title">
        {t('sector.heading')}
      </h2>
      <Loaded state={median.state} onRetry={median.retry} testId="sector-median">
        {(d) => <SectorMedianTable data={d} />}
      </Loaded>
    </section>
  );
}

function SectorMedianTable({ data }: { data: SectorMedianResponse }) {
  const { t, lang } = useI18n();
  const sector = sectorLabel(lang, data.sector);
  const figures = ['index', ...COMPONENTS] as const;
  const label = (f: (typeof figures)[number]) => (f === 'index' ? t('agency.index') : t(componentKey(f)));
  // The difference is from the sector's median, or from every agency's when the sector's is withheld.
  const reference = data.median ?? data.national.median;
  return (
    <>
      <p className="panel__meta" data-testid="sector-note">
        {data.median ? t('sector.note', { count: formatCount(data.agencies, lang), sector }) : t('sector.withheld', { sector, min: formatCount(data.minAgencies, lang) })}{' '}
        {t(data.median ? 'sector.diffFromSector' : 'sector.diffFromAll', { count: formatCount(data.national.agencies, lang) })}
      </p>
      <div className="table-scroll" role="region" aria-labelledby="sector-heading" tabIndex={0}>
        <table className="data-table sector-table">
          <caption className="visually-hidden">{t('sector.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('sector.figure')}</th>
              <th scope="col" className="num">{t('sector.agency')}</th>
              <th scope="col" className="num">{t('sector.median')}</th>
              <th scope="col" className="num">{t('sector.allMedian')}</th>
              <th scope="col" className="num">{t('sector.diff')}</th>
              <th scope="col" className="sector-table__bar-col">
                <span className="visually-hidden">{t('sector.barLabel')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {figures.map((f) => {
              const own = data.agency[f];
              const med = data.median ? data.median[f] : null;
              const all = data.national.median[f];
              const diff = Math.round((own - reference[f]) * 10) / 10;
              return (
                <tr key={f} data-testid="sector-row" data-figure={f} data-agency={own} data-median={med ?? ''} data-national={all}>
                  <th scope="row">{label(f)}</th>
                  <td className="num">{formatScore(own, lang)}</td>
                  <td className="num">{med === null ? t('common.none') : formatScore(med, lang)}</td>
                  <td className="num">{formatScore(all, lang)}</td>
                  <td className={`num ${diff < 0 ? 'neg' : diff > 0 ? 'pos' : ''}`}>{formatSignedScore(diff, lang)}</td>
                  <td aria-hidden="true" className="sector-table__bar-col">
                    <span className="sector-bar">
                      <span className="sector-bar__own" style={{ inlineSize: `${own}%` }} />
                      <span className="sector-bar__median" style={{ insetInlineStart: `${reference[f]}%` }} />
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function StageChangesPanel({ trend }: { trend: TrendResource }) {
  const { t, lang } = useI18n();
  return (
    <section aria-labelledby="stages-heading" className="panel">
      <h2 id="stages-heading" className="panel__title">
        {t('stages.heading')}
      </h2>
      <Loaded state={trend.state} onRetry={trend.retry} testId="stage-changes">
        {(d) => (
          <div className="table-scroll table-scroll--tall" role="region" aria-labelledby="stages-heading" tabIndex={0}>
            <table className="data-table">
              <caption className="visually-hidden">{t('stages.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('stages.when')}</th>
                  <th scope="col" className="col-name">{t('improve.service')}</th>
                  <th scope="col">{t('stages.from')}</th>
                  <th scope="col">{t('stages.to')}</th>
                </tr>
              </thead>
              <tbody>
                {d.stageChanges.length === 0 && (
                  <tr>
                    <td colSpan={4}>{t('stages.empty')}</td>
                  </tr>
                )}
                {d.stageChanges.map((c, i) => (
                  <tr key={`${c.serviceId}-${c.occurredAt}-${i}`} data-testid="stage-change-row">
                    <td className="nowrap">
                      <time dateTime={c.occurredAt}>{formatTehranDay(c.occurredAt, lang)}</time>
                    </td>
                    <th scope="row" className="col-name">{serviceName(c, lang)}</th>
                    <td>{c.fromStage ? t(stageKey(c.fromStage)) : t('common.none')}</td>
                    <td>
                      <span className={`stage stage--${c.toStage}`}>{t(stageKey(c.toStage))}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
    </section>
  );
}

const RUN_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** The agency's feeds (for its own officer and for admins: the pipelines API is theirs). */
export function AgencyFeedsPanel({ agency }: { agency: string }) {
  const { t } = useI18n();
  const runParam = useSearchParam('run');
  const runId = runParam && RUN_ID.test(runParam) ? runParam : undefined;
  const sources = usePipelineSources();
  const runs = usePipelineRuns({ limit: 20, agency });
  const rejects = usePipelineRejects({ limit: 50, agency, runId });
  return (
    <section aria-labelledby="feeds-heading" className="feeds" data-testid="agency-feeds">
      <h2 id="feeds-heading" className="section-title">
        {t('feeds.heading')}
      </h2>
      <p className="panel__meta">{t('feeds.intro')}</p>
      <Loaded state={sources.state} onRetry={sources.retry} testId="agency-freshness">
        {(d) => <FreshnessTable agencies={d.agencies.filter((a) => a.agencyId === agency)} />}
      </Loaded>
      <Loaded state={runs.state} onRetry={runs.retry} testId="agency-runs">
        {(d) => <RunsTable runs={d.runs} onShowRejects={(id) => setSearchParams({ run: id })} />}
      </Loaded>
      <Loaded state={rejects.state} onRetry={rejects.retry} testId="agency-rejects">
        {(d) => <RejectsTable rejects={d.rejects} />}
      </Loaded>
    </section>
  );
}
