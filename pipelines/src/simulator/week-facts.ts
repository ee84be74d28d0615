/**
 * Aggregates one agency's feed rows into the methodology's `AgencyWeekFacts`, the way the
 * warehouse is meant to. The simulator's own tests use it to check that the world scores as
 * planned; it is deliberately plain so it can be read against the methodology side by side.
 */
import type { Agency, AgencyWeekFacts, FeedIntegrationEvent, FeedService, FeedServiceMetric, IranWeek, ServiceStage } from '@hamgam/shared';

export interface WeekRows {
  services: readonly FeedService[];
  'service-metrics': readonly FeedServiceMetric[];
  exchange: readonly { date: string; calls: number }[];
  'integration-events': readonly FeedIntegrationEvent[];
}

/** Each service's stage at the end of `day`, replaying events in time order from not_started. */
export function stagesAsOf(services: readonly FeedService[], events: readonly FeedIntegrationEvent[], day: string): Map<string, ServiceStage> {
  const stages = new Map<string, ServiceStage>(services.map((s) => [s.serviceId, 'not_started']));
  const ordered = [...events].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
  for (const e of ordered) {
    // The offset is Tehran's, so the first ten characters are the Tehran calendar day.
    if (e.occurredAt.slice(0, 10) <= day && stages.has(e.serviceId)) stages.set(e.serviceId, e.toStage);
  }
  return stages;
}

export function aggregateWeekFacts(agency: Agency, rows: WeekRows, week: IranWeek): AgencyWeekFacts {
  const stages = stagesAsOf(rows.services, rows['integration-events'], week.end);
  const live = rows.services.filter((s) => stages.get(s.serviceId) === 'live');
  const inWeek = <T extends { date: string }>(r: T) => r.date >= week.start && r.date <= week.end;
  const metrics = rows['service-metrics'].filter(inWeek);
  const sum = (pick: (m: FeedServiceMetric) => number) => metrics.reduce((total, m) => total + pick(m), 0);
  return {
    agencyId: agency.agencyId,
    deadline: agency.deadline,
    servicesTotal: rows.services.length,
    servicesLive: live.length,
    keyTotal: rows.services.filter((s) => s.isKey).length,
    keyLive: live.filter((s) => s.isKey).length,
    liveWithSso: live.filter((s) => s.usesNationalSso).length,
    metricDays: metrics.length,
    requests: sum((m) => m.requests),
    completed: sum((m) => m.completed),
    satisfactionSum: sum((m) => m.satisfactionSum),
    satisfactionCount: sum((m) => m.satisfactionCount),
    docsAsked: sum((m) => m.docsAsked),
    docsFetched: sum((m) => m.docsFetched),
    availabilityPct: metrics.length ? sum((m) => m.availabilityPct) / metrics.length : null,
    latencyP95Ms: metrics.length ? sum((m) => m.latencyP95Ms) / metrics.length : null,
    exchangeCallsServed: rows.exchange.filter(inWeek).reduce((total, r) => total + r.calls, 0),
  };
}
