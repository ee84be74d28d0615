/**
 * Loading feed rows. Every write is idempotent and reports what it changed, so a pipeline run can
 * record received = loaded + rejected + duplicate, and a re-load of the same window loads 0.
 */
import type { Insertable } from 'kysely';
import type { ExchangeDailyTable, IntegrationEventTable, ServiceDailyTable, ServiceTable } from '../schema.js';
import { stagedUpsert, type Db, type UpsertSpec, type WriteCounts } from './staged-upsert.js';

type ServiceInsert = Insertable<ServiceTable>;
type ServiceDailyInsert = Insertable<ServiceDailyTable>;
type ExchangeDailyInsert = Insertable<ExchangeDailyTable>;
type IntegrationEventInsert = Insertable<IntegrationEventTable>;

export const SERVICE_UPSERT: UpsertSpec<ServiceInsert> = {
  table: 'service',
  columns: ['service_id', 'agency_id', 'name_fa', 'name_en', 'is_key', 'stage', 'uses_national_sso', 'uses_exchange', 'updated_at', 'run_id'],
  key: ['service_id'],
  // A catalogue re-served with a new timestamp but the same content is not a change.
  notCompared: ['updated_at', 'run_id'],
};

export const SERVICE_DAILY_UPSERT: UpsertSpec<ServiceDailyInsert> = {
  table: 'service_daily',
  columns: [
    'date', 'service_id', 'agency_id', 'requests', 'completed', 'failed', 'availability_pct', 'latency_p50_ms',
    'latency_p95_ms', 'satisfaction_sum', 'satisfaction_count', 'docs_asked', 'docs_fetched', 'run_id',
  ],
  key: ['date', 'service_id'],
  notCompared: ['run_id'],
};

export const EXCHANGE_DAILY_UPSERT: UpsertSpec<ExchangeDailyInsert> = {
  table: 'exchange_daily',
  columns: ['date', 'provider_agency_id', 'consumer_agency_id', 'data_service', 'calls', 'failures', 'latency_p50_ms', 'latency_p95_ms', 'run_id'],
  key: ['date', 'provider_agency_id', 'consumer_agency_id', 'data_service'],
  notCompared: ['run_id'],
};

export const INTEGRATION_EVENT_UPSERT: UpsertSpec<IntegrationEventInsert> = {
  table: 'integration_event',
  columns: ['event_id', 'service_id', 'agency_id', 'occurred_at', 'from_stage', 'to_stage', 'source_id', 'run_id'],
  key: ['event_id'],
  notCompared: ['run_id'],
};

export function upsertServices(db: Db, rows: ServiceInsert[]): Promise<WriteCounts> {
  return stagedUpsert(db, SERVICE_UPSERT, rows);
}

export function upsertServiceDaily(db: Db, rows: ServiceDailyInsert[]): Promise<WriteCounts> {
  return stagedUpsert(db, SERVICE_DAILY_UPSERT, rows);
}

export function upsertExchangeDaily(db: Db, rows: ExchangeDailyInsert[]): Promise<WriteCounts> {
  return stagedUpsert(db, EXCHANGE_DAILY_UPSERT, rows);
}

/**
 * Events are facts with their own id: a re-sent event is unchanged; one re-sent with different
 * content (an agency correcting its feed) replaces the stored one.
 */
export function insertIntegrationEvents(db: Db, rows: IntegrationEventInsert[]): Promise<WriteCounts> {
  return stagedUpsert(db, INTEGRATION_EVENT_UPSERT, rows);
}
