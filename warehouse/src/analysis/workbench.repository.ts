/**
 * The workbench's records in the warehouse: the audit of analyst queries and saved queries. Their
 * tables live beside the warehouse schema (not in the data dictionary, so never in the replica).
 */
import { type ColumnType, type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { Database } from '../schema.js';
import type { Db } from '../repositories/staged-upsert.js';

type Timestamp = ColumnType<string, string | Date, string | Date>;

export interface QueryAuditTable {
  query_id: string;
  user_id: string;
  role: string;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  duration_ms: number | null;
  sql_text: string;
  /** running | succeeded | refused | failed | timed_out | cancelled | busy | abandoned */
  status: string;
  refused: boolean;
  reason: string | null;
  error_position: number | null;
  row_count: number | null;
  truncated: boolean | null;
  data_version: number | null;
  format: string;
}

export interface SavedQueryTable {
  saved_query_id: string;
  owner_id: string;
  name: string;
  description: string;
  sql_text: string;
  shared: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WorkbenchTables {
  query_audit: QueryAuditTable;
  saved_query: SavedQueryTable;
}

export type QueryAuditRow = Selectable<QueryAuditTable>;
export type SavedQueryRow = Selectable<SavedQueryTable>;

/** The warehouse's Kysely, seen with the workbench tables (added by migration 1795863129810). */
function wb(db: Db): Kysely<Database & WorkbenchTables> {
  return db as unknown as Kysely<Database & WorkbenchTables>;
}

/** Recorded before the query runs, so even a query that brings its worker down leaves a trace. */
export async function insertQueryAudit(db: Db, row: Insertable<QueryAuditTable>): Promise<void> {
  await wb(db).insertInto('query_audit').values(row).execute();
}

export async function finishQueryAudit(
  db: Db,
  queryId: string,
  end: Pick<QueryAuditTable, 'status' | 'refused' | 'reason' | 'error_position' | 'row_count' | 'truncated' | 'duration_ms'> & { finished_at: string | Date },
): Promise<void> {
  await wb(db).updateTable('query_audit').set(end).where('query_id', '=', queryId).execute();
}

export function getQueryAudit(db: Db, queryId: string): Promise<QueryAuditRow | undefined> {
  return wb(db).selectFrom('query_audit').selectAll().where('query_id', '=', queryId).executeTakeFirst();
}

/** A user's own queries, newest first. */
export function listQueryHistory(db: Db, userId: string, limit: number): Promise<QueryAuditRow[]> {
  return wb(db).selectFrom('query_audit').selectAll().where('user_id', '=', userId).orderBy('started_at', 'desc').orderBy('query_id', 'desc').limit(limit).execute();
}

/** Queries still marked running when the server starts were cut off by a stop or a crash. */
export async function abandonRunningQueries(db: Db): Promise<number> {
  const result = await wb(db).updateTable('query_audit').set({ status: 'abandoned', reason: 'The server stopped while the query ran.' }).where('status', '=', 'running').executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function insertSavedQuery(db: Db, row: Insertable<SavedQueryTable>): Promise<void> {
  await wb(db).insertInto('saved_query').values(row).execute();
}

export async function updateSavedQuery(db: Db, id: string, change: Partial<Pick<SavedQueryTable, 'name' | 'description' | 'sql_text' | 'shared'>> & { updated_at: string }): Promise<void> {
  await wb(db).updateTable('saved_query').set(change).where('saved_query_id', '=', id).execute();
}

export async function deleteSavedQuery(db: Db, id: string): Promise<void> {
  await wb(db).deleteFrom('saved_query').where('saved_query_id', '=', id).execute();
}

export function getSavedQuery(db: Db, id: string): Promise<SavedQueryRow | undefined> {
  return wb(db).selectFrom('saved_query').selectAll().where('saved_query_id', '=', id).executeTakeFirst();
}

/** The user's own queries and those other analysts shared, by name. */
export function listVisibleSavedQueries(db: Db, userId: string): Promise<SavedQueryRow[]> {
  return wb(db)
    .selectFrom('saved_query')
    .selectAll()
    .where((eb) => eb.or([eb('owner_id', '=', userId), eb('shared', '=', true)]))
    .orderBy('name')
    .orderBy('saved_query_id')
    .execute();
}

export interface AnalysisColumnType {
  table_name: string;
  column_name: string;
  data_type: string;
  ordinal_position: number;
}

/** Column types of the warehouse tables named, in table order (for the schema answer and the dictionary check). */
export async function listWarehouseColumns(db: Db, tables: readonly string[]): Promise<AnalysisColumnType[]> {
  const result = await sql<AnalysisColumnType>`
    select table_name, column_name, data_type, ordinal_position
    from information_schema.columns
    where table_catalog = current_database() and table_schema = 'main' and table_name in (${sql.join(tables)})
    order by table_name, ordinal_position`.execute(db);
  return result.rows.map((r) => ({ ...r, ordinal_position: Number(r.ordinal_position) }));
}

/**
 * A fingerprint of everything in the warehouse: each table's row count and an order-free hash of
 * its rows, plus the list of tables, views, macros and sequences. Tests compare it before and after
 * hostile SQL; publishing the replica must not change it either.
 */
export async function warehouseFingerprint(db: Db, except: readonly string[] = []): Promise<Record<string, string>> {
  const objects = await sql<{ kind: string; name: string }>`
    select 'table' as kind, table_name as name from duckdb_tables() where database_name = current_database()
    union all select 'view', view_name from duckdb_views() where database_name = current_database() and not internal
    union all select 'function', function_name from duckdb_functions() where database_name = current_database() and not internal
    union all select 'sequence', sequence_name from duckdb_sequences() where database_name = current_database()
    order by 1, 2`.execute(db);
  const print: Record<string, string> = {};
  for (const o of objects.rows) {
    if (except.includes(o.name)) continue;
    if (o.kind !== 'table') {
      print[`${o.kind}:${o.name}`] = 'present';
      continue;
    }
    const row = await sql<{ n: string; h: string }>`select count(*)::varchar as n, coalesce(bit_xor(hash(t)), 0)::varchar as h from ${sql.table(o.name)} t`.execute(db);
    print[`table:${o.name}`] = `${row.rows[0].n}:${row.rows[0].h}`;
  }
  return print;
}
