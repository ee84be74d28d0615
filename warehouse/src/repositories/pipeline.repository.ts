/** Pipeline bookkeeping: runs, quarantined rows and each source's state and watermark. */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { PipelineRunTable, RejectedRowTable, SourceStateTable } from '../schema.js';
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
