/**
 * What it would take an agency to improve each component of its index, from the same facts the
 * methodology scores (methodology.ts). Pure, so the server computes it and the web only shows it:
 * the web never recomputes a score. Each item carries the exact gain to its component and to the
 * index if that one thing were fixed and nothing else changed (the methodology's rounding aside).
 */
import type { ComponentName, ServiceStage } from './domain.js';
import type { AgencyWeekFacts, Methodology } from './methodology.js';

/** One service as it stood in the week, with its week's totals (the breakdown's service row). */
export interface ServiceWeek {
  serviceId: string;
  nameFa: string;
  nameEn: string;
  isKey: boolean;
  stage: ServiceStage;
  usesNationalSso: boolean;
  /** Service-day rows received this week. */
  days: number;
  requests: number;
  completed: number;
  satisfactionSum: number;
  satisfactionCount: number;
  docsAsked: number;
  docsFetched: number;
  /** Mean over the service's days of the week; null without rows. */
  availabilityPct: number | null;
  latencyP95Ms: number | null;
}

/** A service named in a to-do list, with what fixing it alone would add. */
export interface ImprovementItem {
  serviceId: string;
  nameFa: string;
  nameEn: string;
  isKey: boolean;
  stage: ServiceStage;
  /** Points this component would gain (0–100 scale). */
  componentGain: number;
  /** Points the index would gain. */
  indexGain: number;
  /** The figures that put the service on the list (documents asked, availability, …). */
  detail: Record<string, number | null>;
}

export interface ComponentImprovement {
  component: ComponentName;
  /** The component as published in the snapshot. */
  value: number;
  weight: number;
  /** Index points left on the table: (100 − value) × weight / Σ weights. */
  headroom: number;
  /** What to do, in the words of the dictionary's `improve.<kind>`. */
  kind: 'services_not_live' | 'live_without_sso' | 'documents_asked' | 'availability_below_target' | 'latency_above_target' | 'experience_gaps';
  items: ImprovementItem[];
  /** For exchange: serving data to other agencies adds 20 points; true when it already does. */
  servesOthers?: boolean;
  /** Key services still short of live: joining needs every one of them. */
  keyServicesNotLive?: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const clamp = (x: number, lo = 0, hi = 100) => Math.min(hi, Math.max(lo, x));

function availabilityScore(m: Methodology, availability: number): number {
  return clamp(100 - (m.targets.availabilityPct - availability) * 20);
}

function latencyScore(m: Methodology, p95: number): number {
  return p95 <= m.targets.latencyP95Ms ? 100 : clamp((m.targets.latencyP95Ms / p95) * 100);
}

/**
 * The improvements of one agency-week, one entry per component in the methodology's order (coverage,
 * identity, exchange, reliability, experience; reliability has two: availability and latency).
 * Items are sorted by the gain to the index, largest first.
 */
export function improvementsOf(m: Methodology, facts: AgencyWeekFacts, services: readonly ServiceWeek[], published: Record<ComponentName, number>): ComponentImprovement[] {
  const w = m.weights;
  const weightSum = w.coverage + w.identity + w.exchange + w.reliability + w.experience;
  const toIndex = (component: ComponentName, gain: number) => round1((gain * w[component]) / weightSum);
  const base = (component: ComponentName) => ({
    component,
    value: published[component],
    weight: w[component],
    headroom: round1(((100 - published[component]) * w[component]) / weightSum),
  });
  const item = (s: ServiceWeek, component: ComponentName, gain: number, detail: ImprovementItem['detail']): ImprovementItem => ({
    serviceId: s.serviceId,
    nameFa: s.nameFa,
    nameEn: s.nameEn,
    isKey: s.isKey,
    stage: s.stage,
    componentGain: round1(gain),
    indexGain: toIndex(component, gain),
    detail,
  });
  const byGain = (a: ImprovementItem, b: ImprovementItem) => b.indexGain - a.indexGain || b.componentGain - a.componentGain || a.serviceId.localeCompare(b.serviceId);

  // Coverage: each service not live, worth twice when key.
  const weighted = facts.servicesTotal + facts.keyTotal;
  const notLive = services.filter((s) => s.stage !== 'live');
  const coverage = notLive.map((s) => item(s, 'coverage', weighted === 0 ? 0 : ((s.isKey ? 2 : 1) / weighted) * 100, {})).sort(byGain);

  // Identity: each live service without the national sign-on.
  const identity = services
    .filter((s) => s.stage === 'live' && !s.usesNationalSso)
    .map((s) => item(s, 'identity', facts.servicesLive === 0 ? 0 : 100 / facts.servicesLive, {}))
    .sort(byGain);

  // Exchange: each service still asking citizens for documents; the share fetched counts 80 points.
  const needed = facts.docsAsked + facts.docsFetched;
  const exchange = services
    .filter((s) => s.docsAsked > 0)
    .map((s) => item(s, 'exchange', needed === 0 ? 0 : (0.8 * 100 * s.docsAsked) / needed, { docsAsked: s.docsAsked, docsFetched: s.docsFetched }))
    .sort(byGain);

  // Reliability: the agency's availability and p95 are means over all its service-days; bringing
  // one service's days to target moves the mean by that service's share of the days.
  const rel = (f: 'availability' | 'latency') => {
    if (facts.availabilityPct === null || facts.latencyP95Ms === null || facts.metricDays === 0) return [];
    const now = 0.6 * availabilityScore(m, facts.availabilityPct) + 0.4 * latencyScore(m, facts.latencyP95Ms);
    return services
      .filter((s) => s.days > 0 && (f === 'availability' ? s.availabilityPct !== null && s.availabilityPct < m.targets.availabilityPct : s.latencyP95Ms !== null && s.latencyP95Ms > m.targets.latencyP95Ms))
      .map((s) => {
        const share = s.days / facts.metricDays;
        const availability = f === 'availability' ? facts.availabilityPct! + (m.targets.availabilityPct - s.availabilityPct!) * share : facts.availabilityPct!;
        const latency = f === 'latency' ? facts.latencyP95Ms! - (s.latencyP95Ms! - m.targets.latencyP95Ms) * share : facts.latencyP95Ms!;
        const after = 0.6 * availabilityScore(m, availability) + 0.4 * latencyScore(m, latency);
        const detail: ImprovementItem['detail'] =
          f === 'availability'
            ? { availabilityPct: Math.round(s.availabilityPct! * 100) / 100, target: m.targets.availabilityPct }
            : { latencyP95Ms: Math.round(s.latencyP95Ms!), target: m.targets.latencyP95Ms };
        return item(s, 'reliability', after - now, detail);
      })
      .sort(byGain);
  };

  // Experience: requests not completed and ratings below 5, service by service.
  const experienceNow = (requests: number, completed: number, sum: number, count: number) => {
    if (requests === 0 && count === 0) return 0;
    const satisfaction = count === 0 ? 0 : ((sum / count - 1) / 4) * 100;
    const completion = requests === 0 ? 0 : (completed / requests) * 100;
    return 0.5 * clamp(satisfaction) + 0.5 * clamp(completion);
  };
  const expNow = experienceNow(facts.requests, facts.completed, facts.satisfactionSum, facts.satisfactionCount);
  const experience = services
    .filter((s) => s.requests > s.completed)
    .map((s) =>
      item(s, 'experience', experienceNow(facts.requests, facts.completed + (s.requests - s.completed), facts.satisfactionSum, facts.satisfactionCount) - expNow, {
        requests: s.requests,
        notCompleted: s.requests - s.completed,
        completionPct: s.requests === 0 ? null : round1((s.completed / s.requests) * 100),
        meanRating: s.satisfactionCount === 0 ? null : Math.round((s.satisfactionSum / s.satisfactionCount) * 100) / 100,
      }),
    )
    .filter((i) => i.componentGain > 0)
    .sort(byGain);

  return [
    { ...base('coverage'), kind: 'services_not_live', items: coverage, keyServicesNotLive: facts.keyTotal - facts.keyLive },
    { ...base('identity'), kind: 'live_without_sso', items: identity },
    { ...base('exchange'), kind: 'documents_asked', items: exchange, servesOthers: facts.exchangeCallsServed > 0 },
    { ...base('reliability'), kind: 'availability_below_target', items: rel('availability') },
    { ...base('reliability'), kind: 'latency_above_target', items: rel('latency') },
    { ...base('experience'), kind: 'experience_gaps', items: experience },
  ];
}
