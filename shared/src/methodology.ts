/**
 * Integration Index, methodology v1 (see docs/methodology.md). Pure: the warehouse aggregates the
 * facts of one agency-week into `AgencyWeekFacts`; this module turns them into components, index
 * and status. The web never calls it to compute a score; the server and pipelines do.
 */
import type { AgencyStatus, Components } from './domain.js';
import { METHODOLOGY_VERSIONS } from './methodology-versions.js';

export interface Methodology {
  version: string;
  /** First day of the programme (YYYY-MM-DD): the trajectory starts at 0% here. */
  programmeStart: string;
  /** National deadline (YYYY-MM-DD): the trajectory reaches 100% here. */
  nationalDeadline: string;
  weights: Components;
  targets: { availabilityPct: number; latencyP95Ms: number };
  /** Points of coverage an agency may fall below the trajectory and still be on track. */
  tolerance: number;
}

/** Version 1.0.0 from the methodology file (methodology-versions.ts). */
export const METHODOLOGY_V1: Methodology = METHODOLOGY_VERSIONS['1.0.0'];

/** What the warehouse knows of one agency in one week (Saturday–Friday, Asia/Tehran). */
export interface AgencyWeekFacts {
  agencyId: string;
  /** The agency's own deadline, or null for the national one. */
  deadline: string | null;
  /** Services as of the week's last day; key services count twice in coverage. */
  servicesTotal: number;
  servicesLive: number;
  keyTotal: number;
  keyLive: number;
  liveWithSso: number;
  /** Number of service-day rows received for the week: 0 means silent. */
  metricDays: number;
  requests: number;
  completed: number;
  satisfactionSum: number;
  satisfactionCount: number;
  docsAsked: number;
  docsFetched: number;
  /** Mean availability (%) over the week's service-days, null without rows. */
  availabilityPct: number | null;
  /** Mean p95 latency (ms) over the week's service-days, null without rows. */
  latencyP95Ms: number | null;
  /** Calls this agency served to other agencies in the week. */
  exchangeCallsServed: number;
}

export interface AgencyWeekScore {
  agencyId: string;
  components: Components;
  index: number;
  status: AgencyStatus;
  expectedCoverage: number;
}

const clamp = (x: number, lo = 0, hi = 100) => Math.min(hi, Math.max(lo, x));
const round1 = (x: number) => Math.round(x * 10) / 10;
const DAY_MS = 86_400_000;
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;

/** Expected coverage (0–100) on the straight line from programme start to the deadline. */
export function expectedCoverage(m: Methodology, weekEnd: string, deadline: string | null): number {
  const start = dayNumber(m.programmeStart);
  const end = dayNumber(deadline ?? m.nationalDeadline);
  if (end <= start) return 100;
  return round1(clamp(((dayNumber(weekEnd) - start) / (end - start)) * 100));
}

export function scoreAgencyWeek(m: Methodology, f: AgencyWeekFacts, weekEnd: string): AgencyWeekScore {
  const weightedTotal = f.servicesTotal + f.keyTotal;
  const coverage = weightedTotal === 0 ? 0 : ((f.servicesLive + f.keyLive) / weightedTotal) * 100;
  const identity = f.servicesLive === 0 ? 0 : (f.liveWithSso / f.servicesLive) * 100;

  const docsNeeded = f.docsAsked + f.docsFetched;
  const onceOnly = docsNeeded === 0 ? 100 : (f.docsFetched / docsNeeded) * 100;
  const exchange = 0.8 * onceOnly + (f.exchangeCallsServed > 0 ? 20 : 0);

  let reliability = 0;
  if (f.availabilityPct !== null && f.latencyP95Ms !== null) {
    // Each percentage point of availability below target costs 20 points.
    const availability = clamp(100 - (m.targets.availabilityPct - f.availabilityPct) * 20);
    const latency = f.latencyP95Ms <= m.targets.latencyP95Ms ? 100 : clamp((m.targets.latencyP95Ms / f.latencyP95Ms) * 100);
    reliability = 0.6 * availability + 0.4 * latency;
  }

  let experience = 0;
  if (f.requests > 0 || f.satisfactionCount > 0) {
    const satisfaction = f.satisfactionCount === 0 ? 0 : ((f.satisfactionSum / f.satisfactionCount - 1) / 4) * 100;
    const completion = f.requests === 0 ? 0 : (f.completed / f.requests) * 100;
    experience = 0.5 * clamp(satisfaction) + 0.5 * clamp(completion);
  }

  const components = {
    coverage: round1(clamp(coverage)),
    identity: round1(clamp(identity)),
    exchange: round1(clamp(exchange)),
    reliability: round1(clamp(reliability)),
    experience: round1(clamp(experience)),
  };
  const w = m.weights;
  const weightSum = w.coverage + w.identity + w.exchange + w.reliability + w.experience;
  const index = round1(
    (components.coverage * w.coverage +
      components.identity * w.identity +
      components.exchange * w.exchange +
      components.reliability * w.reliability +
      components.experience * w.experience) /
      weightSum,
  );

  const expected = expectedCoverage(m, weekEnd, f.deadline);
  const joined = f.keyTotal > 0 ? f.keyLive === f.keyTotal : f.servicesTotal > 0 && f.servicesLive === f.servicesTotal;
  const pastDeadline = dayNumber(weekEnd) > dayNumber(f.deadline ?? m.nationalDeadline);
  let status: AgencyStatus;
  if (f.metricDays === 0) status = 'silent';
  else if (joined) status = 'joined';
  else if (f.servicesLive === 0) status = 'not_started';
  else if (pastDeadline || components.coverage < expected - m.tolerance) status = 'lagging';
  else status = 'on_track';

  return { agencyId: f.agencyId, components, index, status, expectedCoverage: expected };
}

/**
 * Ranks by index, highest first; equal indexes share a rank (1, 2, 2, 4). Silent agencies are
 * ranked too: their index still reflects what is known of them.
 */
export function rankScores<T extends { index: number; agencyId: string }>(scores: T[]): (T & { rank: number })[] {
  const sorted = [...scores].sort((a, b) => b.index - a.index || a.agencyId.localeCompare(b.agencyId));
  let rank = 0;
  return sorted.map((s, i) => {
    if (i === 0 || s.index !== sorted[i - 1].index) rank = i + 1;
    return { ...s, rank };
  });
}
