/**
 * The physical order of the daily fact tables, and rewriting it in (day, agency) order (issue 8).
 *
 * Why: DuckDB skips a row group (122,880 rows) whose min/max zone map of `date` misses a query's
 * range, and nothing else narrows a scan of these tables (their primary keys' ART indexes serve
 * key lookups and the merge's conflicts, not ranges). Scheduled runs append each new day at the
 * end (a run's few days, in no particular order within it; restated days are updated in place),
 * so a warehouse fed day by day keeps each row group to a few days by itself; a first load or a backfill
 * pulls source by source — three years of one agency at a time — and leaves every row group
 * spanning every day. On the national warehouse (5.5M service-days, 10M exchange-days loaded so)
 * each of the 45 + 82 row groups covered all 1,096 days, and a one-week read scanned the tables
 * whole: a week's facts of every agency took 64 ms on DuckDB against 62 ms on PostgreSQL with
 * its (agency_id, date) indexes. Rewritten in (date, agency) order, a week touches 1–2 row groups
 * of each table (docs/benchmarks.md has the figures before and after).
 *
 * How: a new table from the catalogue's own DDL (every column, NOT NULL and primary key as
 * declared), filled in order, then swapped for the old one, with any secondary index rebuilt, in
 * one transaction: a failure leaves the table as it was, and readers on other connections see
 * the old table or the new one, never a mix. Delete-and-reinsert in place was tried first: DuckDB
 * never vacuums row groups of a table with an index, so the 45 emptied row groups stayed behind
 * (and it took 4 minutes instead of 1).
 */
import { sql } from 'kysely';
import { inTransaction, type Db } from './staged-upsert.js';

/** Each clustered table and its storage order: the day first, then the agency, then the rest of the key. */
export const FACT_TABLE_ORDER = {
  service_daily: ['date', 'agency_id', 'service_id'],
  exchange_daily: ['date', 'provider_agency_id', 'consumer_agency_id', 'data_service'],
} as const;

export type FactTable = keyof typeof FACT_TABLE_ORDER;
export const FACT_TABLES = Object.keys(FACT_TABLE_ORDER) as FactTable[];

export interface FactTableLayout {
  table: FactTable;
  rows: number;
  /** Row groups of the table (DuckDB's unit of skipping). */
  rowGroups: number;
  /** Mean number of days between the smallest and the largest `date` of a row group, both included. */
  meanDaysPerRowGroup: number | null;
  /**
   * Places where, in storage order, a row's (date, agency) is below the previous row's: 0 when the
   * table is in (day, agency) order; a table loaded agency by agency has one per series restart.
   */
  orderBreaks: number;
}

/** How the fact tables lie on disk: what decides whether a date range can skip row groups. */
export async function getFactTableLayout(db: Db): Promise<FactTableLayout[]> {
  const out: FactTableLayout[] = [];
  for (const table of FACT_TABLES) {
    const [day, agency] = FACT_TABLE_ORDER[table];
    const t = sql.table(table);
    // `rowid` is the storage position; the zone maps are the `stats` of each row group's date segments.
    const { rows } = await sql<{ rows: number; order_breaks: number }>`
      select count(*) as rows,
             count(*) filter (where ${sql.ref(day)} < prev_day or (${sql.ref(day)} = prev_day and ${sql.ref(agency)} < prev_agency)) as order_breaks
      from (
        select ${sql.ref(day)}, ${sql.ref(agency)},
               lag(${sql.ref(day)}) over (order by rowid) as prev_day,
               lag(${sql.ref(agency)}) over (order by rowid) as prev_agency
        from ${t}
      )
    `.execute(db);
    const groups = await sql<{ row_groups: number; mean_days: number | null }>`
      select count(*) as row_groups,
             avg(date_diff('day', cast(regexp_extract(stats, 'Min: ([0-9-]+)', 1) as date), cast(regexp_extract(stats, 'Max: ([0-9-]+)', 1) as date)) + 1) as mean_days
      from pragma_storage_info(${table})
      where column_name = ${day} and segment_type = 'DATE' and stats like '%Min: %'
    `.execute(db);
    out.push({
      table,
      rows: rows[0].rows,
      rowGroups: groups.rows[0].row_groups,
      meanDaysPerRowGroup: groups.rows[0].mean_days === null ? null : Math.round(groups.rows[0].mean_days * 10) / 10,
      orderBreaks: rows[0].order_breaks,
    });
  }
  return out;
}

export interface ClusteredTable {
  table: FactTable;
  rows: number;
}

/**
 * Rewrites each fact table in its (day, agency) storage order, in one transaction (the caller's
 * when given one). The contents, the columns, the constraints and the indexes are unchanged; only
 * where each row lies on disk moves. The rewrite sorts the whole table: run it after a backfill or
 * a large first load, not after every scheduled run (those append in date order already).
 */
export async function clusterFactTables(db: Db, tables: readonly FactTable[] = FACT_TABLES): Promise<ClusteredTable[]> {
  return inTransaction(db, async (trx) => {
    const done: ClusteredTable[] = [];
    for (const table of tables) {
      const order = FACT_TABLE_ORDER[table];
      if (!order) throw new Error(`${table} is not a fact table with a storage order`);
      const scratch = `${table}__clustered`;
      const ddl = await sql<{ sql: string }>`select sql from duckdb_tables() where schema_name = 'main' and table_name = ${table}`.execute(trx);
      const create = ddl.rows[0]?.sql;
      const head = `CREATE TABLE ${table}(`;
      if (!create?.startsWith(head)) throw new Error(`unexpected DDL for ${table}: ${create?.slice(0, 80) ?? 'no such table'}`);
      const indexes = await sql<{ sql: string }>`select sql from duckdb_indexes() where schema_name = 'main' and table_name = ${table} and sql is not null`.execute(trx);
      await sql.raw(`CREATE TABLE ${scratch}(${create.slice(head.length).replace(/;\s*$/, '')}`).execute(trx);
      // Insertion order is kept (DuckDB's preserve_insertion_order, on by default), so the rows land as sorted.
      await sql`insert into ${sql.table(scratch)} select * from ${sql.table(table)} order by ${sql.join(order.map((c) => sql.ref(c)))}`.execute(trx);
      const counts = await sql<{ before: number; after: number }>`
        select (select count(*) from ${sql.table(table)}) as before, (select count(*) from ${sql.table(scratch)}) as after
      `.execute(trx);
      const { before, after } = counts.rows[0];
      if (before !== after) throw new Error(`${table}: ${after} rows rewritten for ${before}`);
      await sql`drop table ${sql.table(table)}`.execute(trx);
      await sql.raw(`alter table ${scratch} rename to ${table}`).execute(trx);
      for (const index of indexes.rows) await sql.raw(index.sql).execute(trx);
      done.push({ table, rows: after });
    }
    return done;
  });
}
