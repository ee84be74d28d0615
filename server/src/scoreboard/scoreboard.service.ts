import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  AGENCY_KINDS,
  AGENCY_STATUSES,
  type AgencyStatus,
  type MoverRow,
  type MoversResponse,
  type ScoreboardResponse,
  type ScoreboardRow,
  type ScoreboardSummary,
  type ScoreboardWeeksResponse,
  type TrendResponse,
  type WeekRef,
  CURRENT_METHODOLOGY_VERSION,
  addDays,
  daysBetween,
  expectedCoverage,
  iranWeekOf,
  isIsoDay,
  methodologyByVersion,
  weekLabelEn,
  weekLabelFa,
} from '@hamgam/shared';
import { type ScoreboardRow as SnapshotRow, type ScoreboardStandingRow, type Warehouse, countOpenDisputes, getScoreboardStandings, getScoreboardWeek, latestScoreboardWeek, listWeekTotals } from '@hamgam/warehouse';
import { WAREHOUSE } from '../tokens.js';

const SUMMARY_KEY: Record<AgencyStatus, keyof ScoreboardSummary> = {
  joined: 'joined',
  on_track: 'onTrack',
  lagging: 'lagging',
  not_started: 'notStarted',
  silent: 'silent',
};

export interface ScoreboardFilters {
  status?: string;
  sector?: string;
  kind?: string;
}

/**
 * Weeks already described, by Friday: the trend describes all 157 weeks of three years on every
 * request, and the Solar Hijri label (Intl with the Persian calendar) was a few ms of it (issue 8,
 * benchmark 2). A pure function of the day, so remembering it cannot go stale; bounded anyway.
 */
const weekRefs = new Map<string, WeekRef>();

export function weekRef(end: string): WeekRef {
  let ref = weekRefs.get(end);
  if (!ref) {
    const { start } = iranWeekOf(end);
    ref = { start, end, labelFa: weekLabelFa(end), labelEn: weekLabelEn(end) };
    if (weekRefs.size >= 10_000) weekRefs.clear();
    weekRefs.set(end, ref);
  }
  // A copy: callers own the object they are given.
  return { ...ref };
}

/** A query parameter naming a week by its Friday; a clear 400 for anything else. */
export function parseWeekParam(week: string | undefined): string | undefined {
  if (week === undefined || week === '') return undefined;
  if (!isIsoDay(week)) throw new BadRequestException(`week must be a day YYYY-MM-DD (the week's Friday), got "${week}"`);
  const end = iranWeekOf(week).end;
  if (end !== week) throw new BadRequestException(`week is named by its Friday: ${week} is not a Friday (its week ends ${end})`);
  return week;
}

function parseList<T extends string>(name: string, value: string | undefined, allowed?: readonly T[]): T[] | undefined {
  if (value === undefined || value === '') return undefined;
  const items = value.split(',').map((v) => v.trim()).filter(Boolean) as T[];
  if (allowed) {
    const unknown = items.filter((v) => !allowed.includes(v));
    if (unknown.length) throw new BadRequestException(`${name} must be among ${allowed.join(', ')}; got ${unknown.join(', ')}`);
  }
  return items;
}

@Injectable()
export class ScoreboardService {
  constructor(@Inject(WAREHOUSE) private readonly warehouse: Warehouse) {}

  /** The Friday of the requested week, or of the latest stored one; 404 when there is none. */
  async resolveWeek(week?: string): Promise<string> {
    const weekEnd = parseWeekParam(week) ?? (await latestScoreboardWeek(this.warehouse.db));
    if (!weekEnd) throw new NotFoundException('No scoreboard has been computed yet: the pipelines are still loading the first data.');
    return weekEnd;
  }

  private async snapshot(weekEnd: string): Promise<SnapshotRow[]> {
    const rows = await getScoreboardWeek(this.warehouse.db, weekEnd);
    if (rows.length === 0) throw new NotFoundException(`No scoreboard is stored for the week ending ${weekEnd}.`);
    return rows;
  }

  /**
   * The stored snapshot of the week ending on Friday `week` (or the latest), each row with last
   * week's rank and status. Filters narrow the rows; the summary counts the rows returned.
   */
  async scoreboard(week?: string, filters: ScoreboardFilters = {}): Promise<ScoreboardResponse> {
    const statuses = parseList('status', filters.status, AGENCY_STATUSES);
    const kinds = parseList('kind', filters.kind, AGENCY_KINDS);
    const sectors = parseList('sector', filters.sector);
    const weekEnd = await this.resolveWeek(week);
    // The week, the week before (its standings only) and the open disputes at once, each on its own
    // pooled connection: one after the other they made the uncached scoreboard wait for three round
    // trips (issue 8, benchmark 2). A failure of any (no snapshot: 404) still fails the request.
    const [rows, previousRows, openDisputes] = await Promise.all([
      this.snapshot(weekEnd),
      getScoreboardStandings(this.warehouse.db, addDays(weekEnd, -7)),
      countOpenDisputes(this.warehouse.db, weekEnd),
    ]);
    const previous = new Map(previousRows.map((r) => [r.agency_id, r]));
    // Open disputes are shown beside the figures; the figures themselves stay as published.
    const disputes = new Map<string, { figures: string[]; count: number }>();
    for (const d of openDisputes) {
      const entry = disputes.get(d.agency_id) ?? { figures: [], count: 0 };
      entry.figures.push(d.figure);
      entry.count += Number(d.disputes);
      disputes.set(d.agency_id, entry);
    }

    const selected = rows
      .filter((r) => (!statuses || statuses.includes(r.status as AgencyStatus)) && (!kinds || kinds.includes(r.kind as never)) && (!sectors || sectors.includes(r.sector)))
      .map((r) => toScoreboardRow(r, previous.get(r.agency_id), disputes.get(r.agency_id)))
      .sort((a, b) => a.rank - b.rank || a.agencyId.localeCompare(b.agencyId));
    const summary: ScoreboardSummary = { joined: 0, onTrack: 0, lagging: 0, notStarted: 0, silent: 0 };
    for (const r of selected) summary[SUMMARY_KEY[r.status]]++;
    return {
      week: weekRef(weekEnd),
      methodologyVersion: rows[0].methodology_version,
      computedAt: rows[0].computed_at,
      summary,
      rows: selected,
    };
  }

  async weeks(): Promise<ScoreboardWeeksResponse> {
    const totals = await listWeekTotals(this.warehouse.db);
    return {
      weeks: totals
        .map((t) => ({ ...weekRef(t.week_end), methodologyVersion: t.methodology_version, agencies: t.agencies }))
        .reverse(),
    };
  }

  async trend(): Promise<TrendResponse> {
    const totals = await listWeekTotals(this.warehouse.db);
    const methodology = methodologyByVersion(totals.at(-1)?.methodology_version ?? CURRENT_METHODOLOGY_VERSION);
    const last = totals.at(-1)?.week_end ?? iranWeekOf(methodology.programmeStart).end;
    return {
      programmeStart: methodology.programmeStart,
      nationalDeadline: methodology.nationalDeadline,
      daysLeft: daysBetween(last, methodology.nationalDeadline),
      points: totals.map((t) => ({
        week: weekRef(t.week_end),
        joined: t.joined,
        onTrack: t.on_track,
        lagging: t.lagging,
        notStarted: t.not_started,
        silent: t.silent,
        agencies: t.agencies,
        servicesLive: t.services_live,
        servicesTotal: t.services_total,
        servicesLivePct: t.services_total === 0 ? 0 : Math.round((t.services_live / t.services_total) * 1000) / 10,
        expectedPct: expectedCoverage(methodologyByVersion(t.methodology_version), t.week_end, null),
        meanIndex: t.mean_index,
      })),
    };
  }

  /** Who joined, slipped to lagging or went silent this week, and the biggest moves of the index. */
  async movers(week?: string, top = 5): Promise<MoversResponse> {
    const weekEnd = await this.resolveWeek(week);
    const rows = await this.snapshot(weekEnd);
    const previousEnd = addDays(weekEnd, -7);
    const previous = new Map((await getScoreboardStandings(this.warehouse.db, previousEnd)).map((r) => [r.agency_id, r]));
    const movers: MoverRow[] = rows.map((r) => {
      const p = previous.get(r.agency_id);
      return {
        agencyId: r.agency_id,
        nameFa: r.name_fa,
        nameEn: r.name_en,
        status: r.status as AgencyStatus,
        previousStatus: (p?.status as AgencyStatus | undefined) ?? null,
        rank: r.rank,
        previousRank: p?.rank ?? null,
        index: r.index,
        indexChange: p ? round1(r.index - p.index) : null,
      };
    });
    const changedTo = (status: AgencyStatus) => movers.filter((m) => m.status === status && m.previousStatus !== null && m.previousStatus !== status);
    const moved = movers.filter((m) => m.indexChange !== null && m.indexChange !== 0);
    return {
      week: weekRef(weekEnd),
      previousWeek: previous.size ? weekRef(previousEnd) : null,
      joined: changedTo('joined'),
      slippedToLagging: changedTo('lagging'),
      wentSilent: changedTo('silent'),
      gains: moved.filter((m) => m.indexChange! > 0).sort((a, b) => b.indexChange! - a.indexChange! || a.agencyId.localeCompare(b.agencyId)).slice(0, top),
      falls: moved.filter((m) => m.indexChange! < 0).sort((a, b) => a.indexChange! - b.indexChange! || a.agencyId.localeCompare(b.agencyId)).slice(0, top),
    };
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function toScoreboardRow(r: SnapshotRow, previous: ScoreboardStandingRow | undefined, disputes?: { figures: string[]; count: number }): ScoreboardRow {
  return {
    agencyId: r.agency_id,
    nameFa: r.name_fa,
    nameEn: r.name_en,
    kind: r.kind,
    sector: r.sector,
    rank: r.rank,
    index: r.index,
    status: r.status as AgencyStatus,
    components: { coverage: r.coverage, identity: r.identity, exchange: r.exchange, reliability: r.reliability, experience: r.experience },
    expectedCoverage: r.expected_coverage,
    servicesLive: r.services_live,
    servicesTotal: r.services_total,
    previousRank: previous?.rank ?? null,
    previousStatus: (previous?.status as AgencyStatus | undefined) ?? null,
    rankChange: previous ? previous.rank - r.rank : null,
    indexChange: previous ? round1(r.index - previous.index) : null,
    openDisputes: disputes?.count ?? 0,
    disputedFigures: disputes?.figures ?? [],
  };
}
