/** Public API response shapes (`/api/v1`). Additive changes only. */
import type { Agency, AgencyStatus, Components, Service } from './domain.js';
import type { ScoreboardRowHistory } from './api-scoreboard.js';

export interface WeekRef {
  start: string; // Saturday, YYYY-MM-DD
  end: string; // Friday, YYYY-MM-DD — the week's name
  labelFa: string; // «هفته منتهی به ۷ آذر ۱۴۰۵»
  labelEn: string; // "Week ending 28 Nov 2026"
}

export interface ScoreboardRow extends ScoreboardRowHistory {
  agencyId: string;
  nameFa: string;
  nameEn: string;
  kind: string;
  sector: string;
  rank: number;
  index: number; // 0–100, one decimal
  status: AgencyStatus;
  components: Components;
  expectedCoverage: number;
  servicesLive: number;
  servicesTotal: number;
  /** Open disputes an agency raised on this week's figures (0 when none); the figures stay as published. */
  openDisputes: number;
  /** The figures under open dispute: `index` or a component name. */
  disputedFigures: string[];
}

export interface ScoreboardSummary {
  joined: number;
  onTrack: number;
  lagging: number;
  notStarted: number;
  silent: number;
}

export interface ScoreboardResponse {
  week: WeekRef;
  methodologyVersion: string;
  computedAt: string;
  summary: ScoreboardSummary;
  rows: ScoreboardRow[];
}

export interface AgencyDetailResponse {
  agency: Agency;
  services: Service[];
}

export interface HealthResponse {
  status: 'ok';
  warehouse: { open: boolean; migrations: string[]; pending: number };
}

/** A pipeline run's outcome (`running` until it ends). */
export const PIPELINE_RUN_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type PipelineRunStatus = (typeof PIPELINE_RUN_STATUSES)[number];

/** One run of one source (`GET /api/v1/pipelines/runs`). received = loaded + rejected + duplicate. */
export interface PipelineRun {
  runId: string;
  sourceId: string;
  agencyId: string;
  /** Null when the agency is no longer in the registry. */
  nameFa: string | null;
  nameEn: string | null;
  dataset: string;
  startedAt: string; // ISO instant
  finishedAt: string | null;
  durationMs: number | null;
  status: PipelineRunStatus;
  received: number;
  loaded: number;
  rejected: number;
  duplicate: number;
  watermarkBefore: string | null;
  watermarkAfter: string | null;
  /** Why a failed run failed. */
  error: string | null;
}

export interface PipelineRunsResponse {
  runs: PipelineRun[];
  limit: number;
}

/** A quarantined row (`GET /api/v1/pipelines/rejects`): why it was refused and what was received. */
export interface RejectedRow {
  rejectId: number;
  runId: string;
  sourceId: string;
  agencyId: string;
  nameFa: string | null;
  nameEn: string | null;
  dataset: string;
  /** 1-based position of the row in the batch the run received. */
  rowNumber: number;
  reason: string;
  raw: string;
  rejectedAt: string;
}

export interface RejectedRowsResponse {
  rejects: RejectedRow[];
  limit: number;
}

/** fresh: data up to a day or two ago; late: older; silent: nothing for more than a week, or never. */
export const FRESHNESS_STATUSES = ['fresh', 'late', 'silent'] as const;
export type FreshnessStatus = (typeof FRESHNESS_STATUSES)[number];

/** A source's configuration and state. The source's token is never part of it. */
export interface PipelineSource {
  sourceId: string;
  agencyId: string;
  dataset: string;
  format: string;
  schedule: string;
  enabled: boolean;
  watermark: string | null;
  lastRunId: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  /** Null when the warehouse does not track it (yet). */
  consecutiveFailures: number | null;
  breakerState: string | null;
}

export interface AgencyFreshness {
  agencyId: string;
  nameFa: string;
  nameEn: string;
  /** Last day of daily service metrics stored for the agency (YYYY-MM-DD, Tehran), or null. */
  lastDataDay: string | null;
  /** Days from lastDataDay to today in Tehran; null when there is no data at all. */
  daysBehind: number | null;
  status: FreshnessStatus;
  silent: boolean;
  /** Latest successful run of any of the agency's sources. */
  lastSuccessAt: string | null;
  /** The error of a source whose latest run failed, if any. */
  lastError: string | null;
  sources: number;
  failingSources: number;
}

export interface PipelineSourcesResponse {
  /** Today in Tehran, the day daysBehind counts to. */
  today: string;
  /** An agency is silent when its last data day is more than this many days ago. */
  silentAfterDays: number;
  /** Worst first: silent, then late, then fresh; most days behind first. */
  agencies: AgencyFreshness[];
  sources: PipelineSource[];
  /** The last `reportingDays` days up to today, oldest first: agencies that sent daily metrics, and rows. */
  daily: DailyReporting[];
}

export interface DailyReporting {
  day: string;
  agencies: number;
  rows: number;
}
