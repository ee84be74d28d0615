/** Response shapes of the scoreboard's history, movers, drill-down and reports (`/api/v1`). */
import type { AgencyStatus, Components, ServiceStage } from './domain.js';
import type { AgencyWeekFacts } from './methodology.js';
import type { WeekRef } from './api.js';

/** Fields each scoreboard row carries besides the skeleton's: last week's rank and status. */
export interface ScoreboardRowHistory {
  previousRank: number | null;
  previousStatus: AgencyStatus | null;
  /** previousRank − rank: positive when the agency climbed. */
  rankChange: number | null;
  indexChange: number | null;
}

export interface ScoreboardWeekListItem extends WeekRef {
  methodologyVersion: string;
  agencies: number;
}

export interface ScoreboardWeeksResponse {
  weeks: ScoreboardWeekListItem[]; // newest first
}

export interface TrendPoint {
  week: WeekRef;
  joined: number;
  onTrack: number;
  lagging: number;
  notStarted: number;
  silent: number;
  agencies: number;
  servicesLive: number;
  servicesTotal: number;
  /** Share (0–100) of all services live on the window. */
  servicesLivePct: number;
  /** Coverage expected on the national trajectory at the week's end (0–100). */
  expectedPct: number;
  meanIndex: number;
}

export interface TrendResponse {
  programmeStart: string;
  nationalDeadline: string;
  /** Days from the latest week's end to the national deadline (negative once past). */
  daysLeft: number;
  points: TrendPoint[]; // oldest first
}

export interface MoverRow {
  agencyId: string;
  nameFa: string;
  nameEn: string;
  status: AgencyStatus;
  previousStatus: AgencyStatus | null;
  rank: number;
  previousRank: number | null;
  index: number;
  indexChange: number | null;
}

export interface MoversResponse {
  week: WeekRef;
  previousWeek: WeekRef | null;
  joined: MoverRow[];
  slippedToLagging: MoverRow[];
  wentSilent: MoverRow[];
  gains: MoverRow[];
  falls: MoverRow[];
}

export interface BreakdownService {
  serviceId: string;
  nameFa: string;
  nameEn: string;
  isKey: boolean;
  usesNationalSso: boolean;
  usesExchange: boolean;
  /** Stage when the week ended, from integration events. */
  stage: ServiceStage;
  stageSince: string | null;
  days: number;
  requests: number;
  completed: number;
  availabilityPct: number | null;
  latencyP95Ms: number | null;
  docsAsked: number;
  docsFetched: number;
}

export interface BreakdownDay {
  date: string;
  serviceId: string;
  requests: number;
  completed: number;
  failed: number;
  availabilityPct: number;
  latencyP95Ms: number;
  satisfactionSum: number;
  satisfactionCount: number;
  docsAsked: number;
  docsFetched: number;
  runId: string;
}

export interface ComponentExplanation {
  name: keyof Components;
  value: number;
  weight: number;
  /** The inputs of the formula, by name (see docs/methodology.md). */
  inputs: Record<string, number | null>;
  formula: string;
}

export interface BreakdownResponse {
  week: WeekRef;
  methodologyVersion: string;
  agency: { agencyId: string; nameFa: string; nameEn: string; kind: string; sector: string; deadline: string | null };
  rank: number;
  index: number;
  status: AgencyStatus;
  expectedCoverage: number;
  /** The facts the methodology scored, recomputed from the warehouse now. */
  facts: AgencyWeekFacts;
  components: ComponentExplanation[];
  /** True when today's facts no longer give the stored snapshot (a restated fact). */
  revised: boolean;
  services: BreakdownService[];
  days: BreakdownDay[];
  exchangeServed: { consumerAgencyId: string; dataService: string; calls: number; failures: number }[];
}
