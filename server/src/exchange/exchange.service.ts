import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  type AgencyExchangeResponse,
  type ExchangeNetworkResponse,
  type ExchangeNode,
  type ExchangeRange,
  type OnceOnlyPoint,
  type OnceOnlyResponse,
  addDays,
  daysBetween,
  isIsoDay,
  latestCompleteWeek,
} from '@hamgam/shared';
import {
  type Warehouse,
  getAgency,
  listAgencies,
  listConsumedServices,
  listExchangeEdges,
  listOnceOnlyByService,
  listOnceOnlyByWeek,
  listProvidedServices,
} from '@hamgam/warehouse';
import { WAREHOUSE } from '../tokens.js';
import { type AgencyScope, EVERY_AGENCY, inScope } from '../auth/caller.js';

/** Longest range one request may aggregate: three years of days. */
const MAX_RANGE_DAYS = 3 * 366;
const pct = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

@Injectable()
export class ExchangeService {
  constructor(@Inject(WAREHOUSE) private readonly warehouse: Warehouse) {}

  /** `from`/`to` as given, or the four weeks ending with the latest complete week. */
  parseRange(from?: string, to?: string): ExchangeRange {
    const end = to || latestCompleteWeek().end;
    const start = from || addDays(end, -27);
    for (const [name, value] of [['from', start], ['to', end]] as const)
      if (!isIsoDay(value)) throw new BadRequestException(`${name} must be a day YYYY-MM-DD, got "${value}"`);
    if (start > end) throw new BadRequestException(`from (${start}) is after to (${end})`);
    if (daysBetween(start, end) > MAX_RANGE_DAYS) throw new BadRequestException(`the range may span at most ${MAX_RANGE_DAYS} days`);
    return { from: start, to: end };
  }

  async network(range: ExchangeRange, sector?: string, scope: AgencyScope = EVERY_AGENCY): Promise<ExchangeNetworkResponse> {
    const [agencies, allEdges] = await Promise.all([listAgencies(this.warehouse.db), listExchangeEdges(this.warehouse.db, range)]);
    const bySector = sector ? new Set(agencies.filter((a) => a.sector === sector).map((a) => a.agency_id)) : null;
    if (sector && bySector!.size === 0) throw new BadRequestException(`no agency is in sector "${sector}"`);
    // With a sector, keep the pairs that touch it: its agencies and whom they serve or use.
    const inSector = allEdges.filter((e) => !bySector || bySector.has(e.provider_agency_id) || bySector.has(e.consumer_agency_id));
    // An agency user sees its own pairs (and so its partners); everyone else's pairs only as a sum.
    const own = (e: (typeof allEdges)[number]) => inScope(scope, e.provider_agency_id) || inScope(scope, e.consumer_agency_id);
    const edges = scope.agencyIds ? inSector.filter(own) : inSector;
    const others = scope.agencyIds ? inSector.filter((e) => !own(e)) : null;
    const nodes = new Map<string, ExchangeNode>();
    const node = (id: string) => {
      let n = nodes.get(id);
      if (!n) {
        const a = agencies.find((x) => x.agency_id === id);
        n = { agencyId: id, nameFa: a?.name_fa ?? id, nameEn: a?.name_en ?? id, sector: a?.sector ?? '', callsServed: 0, callsMade: 0, failureRatePct: null, consumers: 0 };
        nodes.set(id, n);
      }
      return n;
    };
    const failuresServed = new Map<string, number>();
    for (const e of edges) {
      const provider = node(e.provider_agency_id);
      provider.callsServed += e.calls;
      provider.consumers += 1;
      failuresServed.set(provider.agencyId, (failuresServed.get(provider.agencyId) ?? 0) + e.failures);
      node(e.consumer_agency_id).callsMade += e.calls;
    }
    for (const n of nodes.values()) n.failureRatePct = pct(failuresServed.get(n.agencyId) ?? 0, n.callsServed);
    const list = [...nodes.values()].sort((a, b) => b.callsServed + b.callsMade - (a.callsServed + a.callsMade) || a.agencyId.localeCompare(b.agencyId));
    return {
      range,
      sector: sector ?? null,
      nodes: list,
      edges: edges.map((e) => ({
        providerAgencyId: e.provider_agency_id,
        consumerAgencyId: e.consumer_agency_id,
        calls: e.calls,
        failures: e.failures,
        failureRatePct: pct(e.failures, e.calls) ?? 0,
        dataServices: e.data_services,
        latencyP95Ms: e.latency_p95_ms === null ? null : Math.round(e.latency_p95_ms),
      })),
      topProviders: list
        .filter((n) => n.consumers > 0)
        .sort((a, b) => b.consumers - a.consumers || b.callsServed - a.callsServed || a.agencyId.localeCompare(b.agencyId))
        .slice(0, 10),
      ...(others && {
        othersAggregated: { pairs: others.length, calls: others.reduce((n, e) => n + e.calls, 0), failures: others.reduce((n, e) => n + e.failures, 0) },
      }),
    };
  }

  async agency(agencyId: string, range: ExchangeRange, scope: AgencyScope = EVERY_AGENCY): Promise<AgencyExchangeResponse> {
    if (!inScope(scope, agencyId) || !(await getAgency(this.warehouse.db, agencyId))) throw new NotFoundException(`No agency with id "${agencyId}".`);
    const db = this.warehouse.db;
    const [agencies, provided, consumed, weeks, services] = await Promise.all([
      listAgencies(db),
      listProvidedServices(db, agencyId, range),
      listConsumedServices(db, agencyId, range),
      listOnceOnlyByWeek(db, range, agencyId),
      listOnceOnlyByService(db, range, agencyId),
    ]);
    const names = new Map(agencies.map((a) => [a.agency_id, a]));
    return {
      range,
      agencyId,
      provided: provided.map((p) => ({
        dataService: p.data_service,
        consumers: p.consumers,
        calls: p.calls,
        failures: p.failures,
        failureRatePct: pct(p.failures, p.calls) ?? 0,
        latencyP50Ms: p.latency_p50_ms === null ? null : Math.round(p.latency_p50_ms),
        latencyP95Ms: p.latency_p95_ms === null ? null : Math.round(p.latency_p95_ms),
      })),
      consumed: consumed.map((c) => ({
        providerAgencyId: c.provider_agency_id,
        providerNameFa: names.get(c.provider_agency_id)?.name_fa ?? c.provider_agency_id,
        providerNameEn: names.get(c.provider_agency_id)?.name_en ?? c.provider_agency_id,
        dataService: c.data_service,
        calls: c.calls,
        failures: c.failures,
        failureRatePct: pct(c.failures, c.calls) ?? 0,
      })),
      onceOnly: weeks.map(toPoint),
      servicesAsking: services.filter((s) => s.docs_asked > 0).map(toService),
    };
  }

  async onceOnly(range: ExchangeRange, wanted?: string, scope: AgencyScope = EVERY_AGENCY): Promise<OnceOnlyResponse> {
    // An agency user without a filter gets its own agency; with another agency's id, 404 as if unknown.
    const agencyId = wanted ?? (scope.agencyIds ? (scope.agencyIds[0] ?? '-') : undefined);
    if (agencyId && (!inScope(scope, agencyId) || !(await getAgency(this.warehouse.db, agencyId)))) throw new NotFoundException(`No agency with id "${agencyId}".`);
    const [weeks, services] = await Promise.all([
      listOnceOnlyByWeek(this.warehouse.db, range, agencyId),
      listOnceOnlyByService(this.warehouse.db, range, agencyId),
    ]);
    const asked = weeks.reduce((n, w) => n + w.docs_asked, 0);
    const fetched = weeks.reduce((n, w) => n + w.docs_fetched, 0);
    return {
      range,
      agencyId: agencyId ?? null,
      trend: weeks.map(toPoint),
      total: { weekEnd: range.to, docsAsked: asked, docsFetched: fetched, onceOnlyPct: pct(fetched, asked + fetched) },
      services: services.map(toService),
    };
  }
}

function toPoint(w: { week_end: string; docs_asked: number; docs_fetched: number }): OnceOnlyPoint {
  return { weekEnd: w.week_end, docsAsked: w.docs_asked, docsFetched: w.docs_fetched, onceOnlyPct: pct(w.docs_fetched, w.docs_asked + w.docs_fetched) };
}

function toService(s: { agency_id: string; service_id: string; name_fa: string; name_en: string; docs_asked: number; docs_fetched: number }) {
  return {
    agencyId: s.agency_id,
    serviceId: s.service_id,
    nameFa: s.name_fa,
    nameEn: s.name_en,
    docsAsked: s.docs_asked,
    docsFetched: s.docs_fetched,
    onceOnlyPct: pct(s.docs_fetched, s.docs_asked + s.docs_fetched),
  };
}
