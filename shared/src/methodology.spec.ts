import { describe, expect, it } from 'vitest';
import { type AgencyWeekFacts, METHODOLOGY_V1, expectedCoverage, rankScores, scoreAgencyWeek } from './methodology.js';

const base: AgencyWeekFacts = {
  agencyId: 'ncr',
  deadline: null,
  servicesTotal: 4,
  servicesLive: 2,
  keyTotal: 2,
  keyLive: 1,
  liveWithSso: 1,
  metricDays: 28,
  requests: 1000,
  completed: 900,
  satisfactionSum: 400,
  satisfactionCount: 100,
  docsAsked: 30,
  docsFetched: 70,
  availabilityPct: 99.0,
  latencyP95Ms: 4000,
  exchangeCallsServed: 10,
};

describe('methodology v1', () => {
  it('computes each component as documented', () => {
    const s = scoreAgencyWeek(METHODOLOGY_V1, base, '2026-11-27');
    // coverage: (2 live + 1 key live) / (4 + 2) = 50%
    expect(s.components.coverage).toBe(50);
    // identity: 1 of 2 live services on national sign-on
    expect(s.components.identity).toBe(50);
    // exchange: 0.8 × 70% fetched + 20 for serving others
    expect(s.components.exchange).toBe(76);
    // reliability: availability 0.5 below target → 90; latency 2000/4000 → 50; 0.6×90 + 0.4×50
    expect(s.components.reliability).toBe(74);
    // experience: satisfaction mean 4 → 75; completion 90% → 0.5×75 + 0.5×90
    expect(s.components.experience).toBe(82.5);
    // index: (50×35 + 50×15 + 76×20 + 74×15 + 82.5×15) / 100
    expect(s.index).toBe(63.7); // 63.675 rounds to one decimal
  });

  it('draws the trajectory from programme start to the deadline', () => {
    expect(expectedCoverage(METHODOLOGY_V1, '2025-03-21', null)).toBe(0);
    expect(expectedCoverage(METHODOLOGY_V1, '2027-03-20', null)).toBe(100);
    expect(expectedCoverage(METHODOLOGY_V1, '2030-01-01', null)).toBe(100);
    expect(expectedCoverage(METHODOLOGY_V1, '2026-03-21', '2026-03-21')).toBe(100);
  });

  it('applies the status rules in order of precedence', () => {
    const week = '2026-11-27'; // expected coverage ≈ 84.5, so on track needs ≥ 74.5
    const status = (f: Partial<AgencyWeekFacts>) => scoreAgencyWeek(METHODOLOGY_V1, { ...base, ...f }, week).status;
    expect(status({ metricDays: 0, keyLive: 2 })).toBe('silent');
    expect(status({ keyLive: 2, servicesLive: 3 })).toBe('joined');
    expect(status({ servicesLive: 0, keyLive: 0, liveWithSso: 0 })).toBe('not_started');
    expect(status({})).toBe('lagging'); // coverage 50 < 74.5
    expect(status({ servicesTotal: 10, servicesLive: 9, keyTotal: 2, keyLive: 1 })).toBe('on_track'); // 10/12 = 83.3
    // past its own deadline and not joined: lagging whatever the coverage
    expect(status({ servicesTotal: 10, servicesLive: 9, keyTotal: 2, keyLive: 1, deadline: '2026-06-01' })).toBe('lagging');
  });

  it('scores a silent week from what is known, without metrics', () => {
    const s = scoreAgencyWeek(METHODOLOGY_V1, { ...base, metricDays: 0, requests: 0, completed: 0, satisfactionCount: 0, satisfactionSum: 0, availabilityPct: null, latencyP95Ms: null, docsAsked: 0, docsFetched: 0, exchangeCallsServed: 0 }, '2026-11-27');
    expect(s.components.reliability).toBe(0);
    expect(s.components.experience).toBe(0);
    expect(s.components.exchange).toBe(80); // no documents needed counts as 100% once-only
  });

  it('ranks with shared ranks for equal indexes', () => {
    const ranked = rankScores([
      { agencyId: 'b', index: 50 },
      { agencyId: 'a', index: 70 },
      { agencyId: 'c', index: 50 },
      { agencyId: 'd', index: 10 },
    ]);
    expect(ranked.map((r) => [r.agencyId, r.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 2],
      ['d', 4],
    ]);
  });
});
