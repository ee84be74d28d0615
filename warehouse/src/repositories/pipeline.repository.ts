/** Pipeline bookkeeping: runs, quarantined rows and each source's state and watermark. */
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { BreakerState, PipelineRunTable, RejectedRowTable, RestatementTable, SourceStateTable } from '../schema.js';
import type { Db } from './staged-upsert.js';

export type PipelineRunRow = Selectable<PipelineRunTable>;
export type RejectedRowRow = Selectable<RejectedRowTable>;
export type SourceStateRow = Selectable<SourceStateTable>;
export type PipelineRunPatch = Omit<Updateable<PipelineRunTable>, 'run_id'>;

/** Rows per INSERT for rejected rows: 7 parameters each keeps statements small. */
const REJECT_CHUNK = 1000;

export async function startPipelineRun(db: Db, row: Insertable<PipelineRunTable>): Promise<void> {
  await db.insertInto('pipeline_run').values(row).execute();
}

/** Records how a run ended; throws if the run was never started (a bookkeeping bug worth seeing). */
export async function finishPipelineRun(db: Db, runId: string, patch: PipelineRunPatch): Promise<void> {
  const result = await db.updateTable('pipeline_run').set(patch).where('run_id', '=', runId).executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new Error(`no pipeline run ${runId} to finish`);
}

/** Quarantines invalid rows with their reason and raw text; returns how many were stored. */
export async function insertRejectedRows(db: Db, rows: Insertable<RejectedRowTable>[]): Promise<number> {
  for (let i = 0; i < rows.length; i += REJECT_CHUNK) {
    await db.insertInto('rejected_row').values(rows.slice(i, i + REJECT_CHUNK)).execute();
  }
  return rows.length;
}

export function listRejectedRows(db: Db, filter: { runId?: string; sourceId?: string; limit: number }): Promise<RejectedRowRow[]> {
  let query = db.selectFrom('rejected_row').selectAll();
  if (filter.runId) query = query.where('run_id', '=', filter.runId);
  if (filter.sourceId) query = query.where('source_id', '=', filter.sourceId);
  return query.orderBy('reject_id', 'desc').limit(filter.limit).execute();
}

/** Most recent first. */
export function listPipelineRuns(db: Db, options: { limit: number; sourceId?: string }): Promise<PipelineRunRow[]> {
  let query = db.selectFrom('pipeline_run').selectAll();
  if (options.sourceId) query = query.where('source_id', '=', options.sourceId);
  return query.orderBy('started_at', 'desc').orderBy('run_id', 'desc').limit(options.limit).execute();
}

export function getSourceState(db: Db, sourceId: string): Promise<SourceStateRow | undefined> {
  return db.selectFrom('source_state').selectAll().where('source_id', '=', sourceId).executeTakeFirst();
}

export async function upsertSourceState(db: Db, row: Insertable<SourceStateTable>): Promise<void> {
  const { source_id: _key, ...rest } = row;
  await db
    .insertInto('source_state')
    .values(row)
    .onConflict((oc) => oc.column('source_id').doUpdateSet(rest))
    .execute();
}

export function listSourceStates(db: Db): Promise<SourceStateRow[]> {
  return db.selectFrom('source_state').selectAll().orderBy('source_id').execute();
}

/**
 * Records a run once it has ended, in the transaction that carries its rows (or, for a failed
 * run, in a small one of its own): no run is ever left 'running' by a crash.
 */
export async function recordPipelineRun(db: Db, row: Insertable<PipelineRunTable>): Promise<void> {
  await db.insertInto('pipeline_run').values(row).execute();
}

export function getPipelineRun(db: Db, runId: string): Promise<PipelineRunRow | undefined> {
  return db.selectFrom('pipeline_run').selectAll().where('run_id', '=', runId).executeTakeFirst();
}

/** Marks a source's circuit breaker (half-open while the trial run after a cool-down goes on). */
export async function setSourceBreakerState(db: Db, sourceId: string, state: BreakerState): Promise<void> {
  await db.updateTable('source_state').set({ breaker_state: state }).where('source_id', '=', sourceId).execute();
}

export type RestatementRow = Selectable<RestatementTable>;

/** Most recent first. */
export function listRestatements(db: Db, filter: { runId?: string; sourceId?: string; limit: number }): Promise<RestatementRow[]> {
  let query = db.selectFrom('restatement').selectAll();
  if (filter.runId) query = query.where('run_id', '=', filter.runId);
  if (filter.sourceId) query = query.where('source_id', '=', filter.sourceId);
  return query.orderBy('restatement_id', 'desc').limit(filter.limit).execute();
}

export interface DatasetFreshness {
  dataset: string;
  /** The latest day of data stored for the dataset (null for the catalogue, or none yet). */
  lastDataDay: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  breakerState: BreakerState | null;
}

export interface AgencyFreshness {
  agencyId: string;
  /** The latest day of service metrics stored: what the scoreboard's silence is judged on. */
  lastDataDay: string | null;
  /** The latest successful run of any of the agency's sources. */
  lastSuccessAt: string | null;
  datasets: DatasetFreshness[];
}

interface FreshnessRow {
  agency_id: string;
  dataset: string;
  last_data_day: string | null;
  last_success_at: string | null;
  last_error: string | null;
  breaker_state: BreakerState | null;
}

/**
 * Each registered agency's last data day and last successful run, per dataset. Data days come
 * from the facts themselves, so a feed that answers successfully but with nothing new stays stale.
 */
export async function listAgencyFreshness(db: Db): Promise<AgencyFreshness[]> {
  const { rows } = await sql<FreshnessRow>`
    with data_days as (
      select agency_id, 'service-metrics' as dataset, max(date) as last_data_day from service_daily group by agency_id
      union all
      select provider_agency_id, 'exchange', max(date) from exchange_daily group by provider_agency_id
      union all
      select agency_id, 'integration-events', max(cast(occurred_at as date)) from integration_event group by agency_id
    ),
    datasets as (
      select agency_id, dataset from data_days
      union
      select agency_id, dataset from source_state
    )
    select a.agency_id, d.dataset, cast(dd.last_data_day as date) as last_data_day, s.last_success_at, s.last_error, s.breaker_state
    from agency a
    left join datasets d on d.agency_id = a.agency_id
    left join data_days dd on dd.agency_id = d.agency_id and dd.dataset = d.dataset
    left join source_state s on s.agency_id = d.agency_id and s.dataset = d.dataset
    order by a.agency_id, d.dataset
  `.execute(db);
  return toAgencyFreshness(rows);
}

function toAgencyFreshness(rows: FreshnessRow[]): AgencyFreshness[] {
  const byAgency = new Map<string, AgencyFreshness>();
  for (const r of rows) {
    let agency = byAgency.get(r.agency_id);
    if (!agency) {
      agency = { agencyId: r.agency_id, lastDataDay: null, lastSuccessAt: null, datasets: [] };
      byAgency.set(r.agency_id, agency);
    }
    if (r.dataset === null) continue;
    agency.datasets.push({ dataset: r.dataset, lastDataDay: r.last_data_day, lastSuccessAt: r.last_success_at, lastError: r.last_error, breakerState: r.breaker_state });
    if (r.dataset === 'service-metrics') agency.lastDataDay = r.last_data_day;
    if (r.last_success_at && (!agency.lastSuccessAt || r.last_success_at > agency.lastSuccessAt)) agency.lastSuccessAt = r.last_success_at;
  }
  return [...byAgency.values()];
}
