import { describe, expect, it } from 'vitest';
import { type ServiceWeek, improvementsOf } from './improvements.js';
import { type AgencyWeekFacts, METHODOLOGY_V1, scoreAgencyWeek } from './methodology.js';

const svc = (s: Partial<ServiceWeek> & Pick<ServiceWeek, 'serviceId'>): ServiceWeek => ({
  nameFa: s.serviceId,
  nameEn: s.serviceId,
  isKey: false,
  stage: 'live',
  usesNationalSso: false,
  days: 0,
  requests: 0,
  completed: 0,
  satisfactionSum: 0,
  satisfactionCount: 0,
  docsAsked: 0,
  docsFetched: 0,
  availabilityPct: null,
  latencyP95Ms: null,
  ...s,
});

// Two key services (one live), two others (one live); the facts are the services' sums and means.
const services: ServiceWeek[] = [
  svc({ serviceId: 'a', isKey: true, usesNationalSso: true, days: 7, requests: 600, completed: 590, satisfactionSum: 240, satisfactionCount: 60, docsAsked: 10, docsFetched: 50, availabilityPct: 99.9, latencyP95Ms: 1000 }),
  svc({ serviceId: 'b', isKey: true, stage: 'developing' }),
  svc({ serviceId: 'c', days: 7, requests: 400, completed: 310, satisfactionSum: 160, satisfactionCount: 40, docsAsked: 20, docsFetched: 20, availabilityPct: 98.1, latencyP95Ms: 7000 }),
  svc({ serviceId: 'd', stage: 'testing' }),
];
const facts: AgencyWeekFacts = {
  agencyId: 'x',
  deadline: null,
  servicesTotal: 4,
  servicesLive: 2,
  keyTotal: 2,
  keyLive: 1,
  liveWithSso: 1,
  metricDays: 14,
  requests: 1000,
  completed: 900,
  satisfactionSum: 400,
  satisfactionCount: 100,
  docsAsked: 30,
  docsFetched: 70,
  availabilityPct: 99.0,
  latencyP95Ms: 4000,
  exchangeCallsServed: 0,
};
const WEEK = '2026-11-27';
const now = scoreAgencyWeek(METHODOLOGY_V1, facts, WEEK);
const list = improvementsOf(METHODOLOGY_V1, facts, services, now.components);
const of = (kind: string) => list.find((c) => c.kind === kind)!;
/** The methodology's own component after changing the facts: what each gain must agree with. */
const gain = (change: Partial<AgencyWeekFacts>, component: keyof typeof now.components) =>
  Math.round((scoreAgencyWeek(METHODOLOGY_V1, { ...facts, ...change }, WEEK).components[component] - now.components[component]) * 10) / 10;

describe('what it would take to improve', () => {
  it('lists the services not live, key ones first, each worth what the methodology gives for it', () => {
    const c = of('services_not_live');
    expect(c.items.map((i) => i.serviceId)).toEqual(['b', 'd']);
    expect(c.keyServicesNotLive).toBe(1);
    expect(c.items[0].componentGain).toBe(gain({ servicesLive: 3, keyLive: 2 }, 'coverage'));
    expect(c.items[1].componentGain).toBe(gain({ servicesLive: 3 }, 'coverage'));
    expect(c.items[0].indexGain).toBe(11.7); // 33.3 coverage points × 35 / 100
  });

  it('lists live services without national sign-on', () => {
    const c = of('live_without_sso');
    expect(c.items.map((i) => i.serviceId)).toEqual(['c']);
    expect(c.items[0].componentGain).toBe(gain({ liveWithSso: 2 }, 'identity'));
  });

  it('lists the services still asking citizens for documents, and whether the agency serves others', () => {
    const c = of('documents_asked');
    expect(c.items.map((i) => [i.serviceId, i.detail.docsAsked])).toEqual([
      ['c', 20],
      ['a', 10],
    ]);
    expect(c.items[0].componentGain).toBe(gain({ docsAsked: 10, docsFetched: 90 }, 'exchange'));
    expect(c.servesOthers).toBe(false);
  });

  it('lists services below the availability target and above the latency target, by their share of the days', () => {
    const a = of('availability_below_target');
    expect(a.items.map((i) => i.serviceId)).toEqual(['c']);
    expect(a.items[0].detail).toEqual({ availabilityPct: 98.1, target: 99.5 });
    // c holds half the service-days: its days at 99.5 lift the mean from 99.0 to 99.7.
    expect(a.items[0].componentGain).toBe(gain({ availabilityPct: 99.7 }, 'reliability'));
    const l = of('latency_above_target');
    expect(l.items.map((i) => i.serviceId)).toEqual(['c']);
    expect(l.items[0].componentGain).toBe(gain({ latencyP95Ms: 1500 }, 'reliability'));
  });

  it('lists requests not completed, service by service', () => {
    const c = of('experience_gaps');
    expect(c.items.map((i) => i.serviceId)).toEqual(['c', 'a']);
    expect(c.items[0].componentGain).toBe(gain({ completed: 990 }, 'experience'));
    expect(c.items[0].detail).toMatchObject({ notCompleted: 90, completionPct: 77.5, meanRating: 4 });
  });

  it('gives the headroom of each component in index points, and nothing to do for a perfect agency', () => {
    expect(of('services_not_live').headroom).toBe(Math.round(((100 - now.components.coverage) * 35) / 100 * 10) / 10);
    const perfect = services.map((s) => ({ ...s, stage: 'live' as const, usesNationalSso: true, docsAsked: 0, completed: s.requests, availabilityPct: s.days ? 100 : null, latencyP95Ms: s.days ? 500 : null }));
    const f = { ...facts, servicesLive: 4, keyLive: 2, liveWithSso: 4, docsAsked: 0, completed: 1000, availabilityPct: 100, latencyP95Ms: 500 };
    const all = improvementsOf(METHODOLOGY_V1, f, perfect, scoreAgencyWeek(METHODOLOGY_V1, f, WEEK).components);
    expect(all.flatMap((c) => c.items)).toEqual([]);
  });
});
