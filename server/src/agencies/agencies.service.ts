import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  type AgencyDetailResponse,
  type AgencyImprovementsResponse,
  type AgencyKind,
  type AgencyTrendResponse,
  type SectorMedianResponse,
  type ServiceWeek,
  CURRENT_METHODOLOGY_VERSION,
  daysBetween,
  improvementsOf,
  type AgencyStatus,
  type AgencyWeekFacts,
  type BreakdownResponse,
  type BreakdownService,
  type ComponentExplanation,
  type Methodology,
  type ServiceStage,
  iranWeekOf,
  methodologyByVersion,
  scoreAgencyWeek,
} from '@hamgam/shared';
import {
  type Warehouse,
  getAgency,
  getAgencyWeekFacts,
  getScoreboardWeek,
  getSectorMedian,
  listAgencyExchangeServed,
  listAgencyStageChanges,
  listAgencyWeeks,
  listAgencyServiceDays,
  listAgencyServicesAsOf,
  listServicesOfAgency,
} from '@hamgam/warehouse';
import { ScoreboardService, weekRef } from '../scoreboard/scoreboard.service.js';
import { WAREHOUSE } from '../tokens.js';
import { type AgencyScope, EVERY_AGENCY, inScope } from '../auth/caller.js';

/** A sector median over fewer agencies than this would give away another agency's figures. */
export const SECTOR_MEDIAN_MIN_AGENCIES = 3;

@Injectable()
export class AgenciesService {
  constructor(
    @Inject(WAREHOUSE) private readonly warehouse: Warehouse,
    private readonly scoreboard: ScoreboardService,
  ) {}

  /** Another agency's id answers like an unknown one: an agency user learns nothing from it. */
  private async requireAgency(agencyId: string, scope: AgencyScope) {
    const agency = inScope(scope, agencyId) ? await getAgency(this.warehouse.db, agencyId) : undefined;
    if (!agency) throw new NotFoundException(`No agency with id "${agencyId}".`);
    return agency;
  }

  async agency(agencyId: string, scope: AgencyScope = EVERY_AGENCY): Promise<AgencyDetailResponse> {
    const agency = await this.requireAgency(agencyId, scope);
    const services = await listServicesOfAgency(this.warehouse.db, agencyId);
    return {
      agency: {
        agencyId: agency.agency_id,
        nameFa: agency.name_fa,
        nameEn: agency.name_en,
        kind: agency.kind as AgencyKind,
        sector: agency.sector,
        parentId: agency.parent_id,
        deadline: agency.deadline,
      },
      services: services.map((s) => ({
        serviceId: s.service_id,
        agencyId: s.agency_id,
        nameFa: s.name_fa,
        nameEn: s.name_en,
        isKey: s.is_key,
        stage: s.stage as ServiceStage,
        usesNationalSso: s.uses_national_sso,
        usesExchange: s.uses_exchange,
      })),
    };
  }

  /**
   * One agency's week followed down to its rows: the stored snapshot, the facts the methodology
   * scores (recomputed now from the warehouse), each component with its inputs, the services with
   * their stage at the week's end, and every daily row with the run that loaded it.
   */
  async breakdown(agencyId: string, week: string | undefined, scope: AgencyScope = EVERY_AGENCY): Promise<BreakdownResponse> {
    const agency = await this.requireAgency(agencyId, scope);
    const weekEnd = await this.scoreboard.resolveWeek(week);
    const snapshot = (await getScoreboardWeek(this.warehouse.db, weekEnd)).find((r) => r.agency_id === agencyId);
    if (!snapshot) throw new NotFoundException(`No scoreboard row for "${agencyId}" in the week ending ${weekEnd}.`);
    const { start, end } = iranWeekOf(weekEnd);
    const db = this.warehouse.db;
    const [[facts], services, days, served] = await Promise.all([
      getAgencyWeekFacts(db, { weekStart: start, weekEnd: end }, agencyId),
      listAgencyServicesAsOf(db, agencyId, end),
      listAgencyServiceDays(db, agencyId, start, end),
      listAgencyExchangeServed(db, agencyId, start, end),
    ]);
    const methodology = methodologyByVersion(snapshot.methodology_version);
    const now = scoreAgencyWeek(methodology, facts, end);
    const stored = { coverage: snapshot.coverage, identity: snapshot.identity, exchange: snapshot.exchange, reliability: snapshot.reliability, experience: snapshot.experience };
    const revised =
      now.index !== snapshot.index || now.status !== snapshot.status || Object.entries(stored).some(([k, v]) => now.components[k as keyof typeof stored] !== v);

    return {
      week: weekRef(end),
      methodologyVersion: snapshot.methodology_version,
      agency: { agencyId, nameFa: agency.name_fa, nameEn: agency.name_en, kind: agency.kind, sector: agency.sector, deadline: agency.deadline },
      rank: snapshot.rank,
      index: snapshot.index,
      status: snapshot.status as AgencyStatus,
      expectedCoverage: snapshot.expected_coverage,
      facts,
      components: explainComponents(methodology, facts, stored),
      revised,
      services: services.map((s): BreakdownService => {
        const own = days.filter((d) => d.service_id === s.service_id);
        const sum = (k: 'requests' | 'completed' | 'docs_asked' | 'docs_fetched') => own.reduce((n, d) => n + d[k], 0);
        const mean = (k: 'availability_pct' | 'latency_p95_ms') => (own.length ? Math.round((own.reduce((n, d) => n + d[k], 0) / own.length) * 10) / 10 : null);
        return {
          serviceId: s.service_id,
          nameFa: s.name_fa,
          nameEn: s.name_en,
          isKey: s.is_key,
          usesNationalSso: s.uses_national_sso,
          usesExchange: s.uses_exchange,
          stage: s.stage as ServiceStage,
          stageSince: s.stage_since,
          days: own.length,
          requests: sum('requests'),
          completed: sum('completed'),
          availabilityPct: mean('availability_pct'),
          latencyP95Ms: mean('latency_p95_ms'),
          docsAsked: sum('docs_asked'),
          docsFetched: sum('docs_fetched'),
        };
      }),
      days: days.map((d) => ({
        date: d.date,
        serviceId: d.service_id,
        requests: d.requests,
        completed: d.completed,
        failed: d.failed,
        availabilityPct: d.availability_pct,
        latencyP95Ms: d.latency_p95_ms,
        satisfactionSum: d.satisfaction_sum,
        satisfactionCount: d.satisfaction_count,
        docsAsked: d.docs_asked,
        docsFetched: d.docs_fetched,
        runId: d.run_id,
      })),
      exchangeServed: served.map((e) => ({ consumerAgencyId: e.consumer_agency_id, dataService: e.data_service, calls: Number(e.calls), failures: Number(e.failures) })),
    };
  }

  /**
   * What it would take to improve each component this week: the services not live, live services
   * without national sign-on, documents still asked of citizens, availability and latency short of
   * target, requests not completed, each with its exact gain (shared/improvements.ts).
   */
  async improvements(agencyId: string, week: string | undefined, scope: AgencyScope = EVERY_AGENCY): Promise<AgencyImprovementsResponse> {
    const b = await this.breakdown(agencyId, week, scope);
    const methodology = methodologyByVersion(b.methodologyVersion);
    const published = Object.fromEntries(b.components.map((c) => [c.name, c.value])) as Record<ComponentExplanation['name'], number>;
    const services: ServiceWeek[] = b.services.map((s) => {
      const own = b.days.filter((d) => d.serviceId === s.serviceId);
      return {
        serviceId: s.serviceId,
        nameFa: s.nameFa,
        nameEn: s.nameEn,
        isKey: s.isKey,
        stage: s.stage,
        usesNationalSso: s.usesNationalSso,
        days: s.days,
        requests: s.requests,
        completed: s.completed,
        satisfactionSum: own.reduce((n, d) => n + d.satisfactionSum, 0),
        satisfactionCount: own.reduce((n, d) => n + d.satisfactionCount, 0),
        docsAsked: s.docsAsked,
        docsFetched: s.docsFetched,
        // The breakdown rounds its means for display; the gains take the unrounded ones.
        availabilityPct: own.length ? own.reduce((n, d) => n + d.availabilityPct, 0) / own.length : null,
        latencyP95Ms: own.length ? own.reduce((n, d) => n + d.latencyP95Ms, 0) / own.length : null,
      };
    });
    return {
      week: b.week,
      agencyId,
      methodologyVersion: b.methodologyVersion,
      index: b.index,
      components: improvementsOf(methodology, b.facts, services, published),
    };
  }

  /** The agency's figures beside the median of its sector's agencies that week; no other agency named. */
  async sectorMedian(agencyId: string, week: string | undefined, scope: AgencyScope = EVERY_AGENCY): Promise<SectorMedianResponse> {
    const agency = await this.requireAgency(agencyId, scope);
    const weekEnd = await this.scoreboard.resolveWeek(week);
    const own = (await getScoreboardWeek(this.warehouse.db, weekEnd)).find((r) => r.agency_id === agencyId);
    if (!own) throw new NotFoundException(`No scoreboard row for "${agencyId}" in the week ending ${weekEnd}.`);
    const [m, all] = await Promise.all([getSectorMedian(this.warehouse.db, weekEnd, agency.sector), getSectorMedian(this.warehouse.db, weekEnd, null)]);
    const enough = m.agencies >= SECTOR_MEDIAN_MIN_AGENCIES;
    const figures = (r: typeof m) => ({ index: r.index!, coverage: r.coverage!, identity: r.identity!, exchange: r.exchange!, reliability: r.reliability!, experience: r.experience! });
    return {
      week: weekRef(weekEnd),
      agencyId,
      sector: agency.sector,
      agencies: m.agencies,
      minAgencies: SECTOR_MEDIAN_MIN_AGENCIES,
      agency: { index: own.index, coverage: own.coverage, identity: own.identity, exchange: own.exchange, reliability: own.reliability, experience: own.experience },
      median: enough ? figures(m) : null,
      national: { agencies: all.agencies, median: figures(all) },
    };
  }

  /** Index and rank over every stored week, coverage against the trajectory, and the stage changes. */
  async trend(agencyId: string, scope: AgencyScope = EVERY_AGENCY): Promise<AgencyTrendResponse> {
    const agency = await this.requireAgency(agencyId, scope);
    const [weeks, changes] = await Promise.all([listAgencyWeeks(this.warehouse.db, agencyId), listAgencyStageChanges(this.warehouse.db, agencyId)]);
    const methodology = methodologyByVersion(weeks.at(-1)?.methodology_version ?? CURRENT_METHODOLOGY_VERSION);
    const deadline = agency.deadline ?? methodology.nationalDeadline;
    const last = weeks.at(-1)?.week_end ?? iranWeekOf(methodology.programmeStart).end;
    return {
      agencyId,
      programmeStart: methodology.programmeStart,
      deadline,
      daysLeft: daysBetween(last, deadline),
      points: weeks.map((w) => ({
        week: weekRef(w.week_end),
        index: w.index,
        rank: w.rank,
        agencies: w.agencies,
        status: w.status as AgencyStatus,
        coverage: w.coverage,
        expectedCoverage: w.expected_coverage,
      })),
      stageChanges: changes.map((c) => ({
        serviceId: c.service_id,
        nameFa: c.name_fa,
        nameEn: c.name_en,
        occurredAt: c.occurred_at,
        fromStage: (c.from_stage as ServiceStage | null) ?? null,
        toStage: c.to_stage as ServiceStage,
      })),
    };
  }
}

/** Each component as stored, with the inputs and formula of docs/methodology.md. */
function explainComponents(m: Methodology, f: AgencyWeekFacts, stored: Record<ComponentExplanation['name'], number>): ComponentExplanation[] {
  return [
    {
      name: 'coverage',
      value: stored.coverage,
      weight: m.weights.coverage,
      inputs: { servicesTotal: f.servicesTotal, servicesLive: f.servicesLive, keyTotal: f.keyTotal, keyLive: f.keyLive },
      formula: '100 × (servicesLive + keyLive) / (servicesTotal + keyTotal)',
    },
    {
      name: 'identity',
      value: stored.identity,
      weight: m.weights.identity,
      inputs: { servicesLive: f.servicesLive, liveWithSso: f.liveWithSso },
      formula: '100 × liveWithSso / servicesLive',
    },
    {
      name: 'exchange',
      value: stored.exchange,
      weight: m.weights.exchange,
      inputs: { docsFetched: f.docsFetched, docsAsked: f.docsAsked, exchangeCallsServed: f.exchangeCallsServed },
      formula: '0.8 × 100 × docsFetched / (docsFetched + docsAsked) + 20 if exchangeCallsServed > 0',
    },
    {
      name: 'reliability',
      value: stored.reliability,
      weight: m.weights.reliability,
      inputs: {
        availabilityPct: f.availabilityPct === null ? null : Math.round(f.availabilityPct * 100) / 100,
        latencyP95Ms: f.latencyP95Ms === null ? null : Math.round(f.latencyP95Ms),
        availabilityTarget: m.targets.availabilityPct,
        latencyTargetMs: m.targets.latencyP95Ms,
      },
      formula: '0.6 × clamp(100 − 20 × (target − availability)) + 0.4 × min(100, 100 × latencyTarget / p95)',
    },
    {
      name: 'experience',
      value: stored.experience,
      weight: m.weights.experience,
      inputs: { satisfactionSum: f.satisfactionSum, satisfactionCount: f.satisfactionCount, requests: f.requests, completed: f.completed },
      formula: '0.5 × 100 × (mean rating − 1) / 4 + 0.5 × 100 × completed / requests',
    },
  ];
}
