import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  type AgencyDetailResponse,
  type AgencyKind,
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
  listAgencyExchangeServed,
  listAgencyServiceDays,
  listAgencyServicesAsOf,
  listServicesOfAgency,
} from '@hamgam/warehouse';
import { ScoreboardService, weekRef } from '../scoreboard/scoreboard.service.js';
import { WAREHOUSE } from '../tokens.js';
import { type AgencyScope, EVERY_AGENCY, inScope } from '../auth/caller.js';

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
    const [allFacts, services, days, served] = await Promise.all([
      getAgencyWeekFacts(db, { weekStart: start, weekEnd: end }),
      listAgencyServicesAsOf(db, agencyId, end),
      listAgencyServiceDays(db, agencyId, start, end),
      listAgencyExchangeServed(db, agencyId, start, end),
    ]);
    const facts = allFacts.find((f) => f.agencyId === agencyId)!;
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
