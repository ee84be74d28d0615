/**
 * Table types of schema v1 (Kysely's `Database`). Column names are the SQL names; DATE columns are
 * `YYYY-MM-DD` strings (a calendar day in Asia/Tehran, never shifted by a time zone); TIMESTAMPTZ
 * columns are ISO strings on read and accept strings or Dates on write; BIGINT counts come back
 * as JavaScript numbers from the dialect.
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<string, string | Date, string | Date>;

export interface AgencyTable {
  agency_id: string;
  name_fa: string;
  name_en: string;
  kind: string;
  sector: string;
  parent_id: string | null;
  deadline: string | null;
}

export interface ServiceTable {
  service_id: string;
  agency_id: string;
  name_fa: string;
  name_en: string;
  is_key: boolean;
  stage: string;
  uses_national_sso: boolean;
  uses_exchange: boolean;
  updated_at: Timestamp;
  run_id: string | null;
}

export interface ServiceDailyTable {
  date: string;
  service_id: string;
  agency_id: string;
  requests: number;
  completed: number;
  failed: number;
  availability_pct: number;
  latency_p50_ms: number;
  latency_p95_ms: number;
  satisfaction_sum: number;
  satisfaction_count: number;
  docs_asked: number;
  docs_fetched: number;
  run_id: string;
}

export interface ExchangeDailyTable {
  date: string;
  provider_agency_id: string;
  consumer_agency_id: string;
  data_service: string;
  calls: number;
  failures: number;
  latency_p50_ms: number;
  latency_p95_ms: number;
  run_id: string;
}

export interface IntegrationEventTable {
  event_id: string;
  service_id: string;
  agency_id: string;
  occurred_at: Timestamp;
  from_stage: string;
  to_stage: string;
  source_id: string;
  run_id: string;
}

export interface ScoreboardWeeklyTable {
  week_end: string; // Friday
  agency_id: string;
  methodology_version: string;
  coverage: number;
  identity: number;
  exchange: number;
  reliability: number;
  experience: number;
  index: number;
  rank: number;
  status: string;
  expected_coverage: number;
  services_total: number;
  services_live: number;
  computed_at: Timestamp;
}

export interface PipelineRunTable {
  run_id: string;
  source_id: string;
  agency_id: string;
  dataset: string;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  status: string; // succeeded | failed (written once, when the run ends)
  received: number;
  loaded: number;
  rejected: number;
  duplicate: number;
  watermark_before: string | null;
  watermark_after: string | null;
  error: string | null;
  format: string | null;
  /** Stored rows this run replaced with different values (each recorded in `restatement`). */
  restated: ColumnType<number, number | undefined, number>;
  /** JSON array of notes that did not fail the run, e.g. an unknown column ignored. */
  warnings: string | null;
}

export interface RejectedRowTable {
  reject_id: Generated<number>;
  run_id: string;
  source_id: string;
  dataset: string;
  row_number: number;
  reason: string;
  raw: string;
  rejected_at: Timestamp;
}

export interface SourceStateTable {
  source_id: string; // `${agency_id}:${dataset}`
  agency_id: string;
  dataset: string;
  base_url: string;
  format: string; // json (csv and arrow later)
  token: string | null;
  schedule: string; // cron, Asia/Tehran
  enabled: boolean;
  watermark: string | null; // last day fully loaded (YYYY-MM-DD)
  last_run_id: string | null;
  last_success_at: Timestamp | null;
  last_error: string | null;
  /** Failed runs since the last success; the breaker opens at the configured threshold. */
  consecutive_failures: ColumnType<number, number | undefined, number>;
  breaker_state: ColumnType<BreakerState, BreakerState | undefined, BreakerState>;
  breaker_opened_at: ColumnType<string | null, string | Date | null | undefined, string | Date | null>;
}

export type BreakerState = 'closed' | 'open' | 'half_open';

/** A stored fact replaced by a restatement: the key and both versions, as JSON. */
export interface RestatementTable {
  restatement_id: Generated<number>;
  run_id: string;
  source_id: string;
  dataset: string;
  key: string;
  old_values: string;
  new_values: string;
  restated_at: Timestamp;
}

/** One row per calendar day: Solar Hijri parts and the Iranian week (Saturday–Friday). */
export interface DimDateTable {
  date: string;
  jalali_year: number;
  jalali_month: number;
  jalali_day: number;
  iran_weekday: number; // Saturday = 0 … Friday = 6
  week_start: string;
  week_end: string;
  is_nowruz_holiday: boolean;
}

export interface Database {
  agency: AgencyTable;
  service: ServiceTable;
  service_daily: ServiceDailyTable;
  exchange_daily: ExchangeDailyTable;
  integration_event: IntegrationEventTable;
  scoreboard_weekly: ScoreboardWeeklyTable;
  pipeline_run: PipelineRunTable;
  rejected_row: RejectedRowTable;
  source_state: SourceStateTable;
  restatement: RestatementTable;
  dim_date: DimDateTable;
}
