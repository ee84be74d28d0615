/**
 * Hostile SQL against the real server: the real pipelines fill a real warehouse from the simulator,
 * the analysis replica is published from it, and every statement goes through `POST /api/v1/query`
 * to a real sandbox worker process. Each hostile statement must be refused or stopped with a
 * sentence that explains it; afterwards the warehouse is unchanged (fingerprint), the server still
 * answers, and ordinary analyst queries return the same numbers as the warehouse itself gives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryError, QueryResult } from '@hamgam/shared';
import { QueryService } from '@hamgam/server';
import { REPLICA_FILE, warehouseFingerprint } from '@hamgam/warehouse';
import { startTestHamgam, type TestHamgam } from '../support/start-hamgam.js';

// Short limits so resource bombs end quickly; set before the server reads them.
process.env.HAMGAM_QUERY_TIMEOUT_MS = '4000';
process.env.HAMGAM_QUERY_GRACE_MS = '3000';
process.env.HAMGAM_QUERY_DUCKDB_MEMORY = '256MB';
process.env.HAMGAM_QUERY_WORKER_MEMORY_MB = '1536';
process.env.HAMGAM_QUERY_ROW_LIMIT = '1000';

let t: TestHamgam;
let before: Record<string, string>;

async function query(sql: string, user = 'analyst'): Promise<{ status: number; body: QueryResult & QueryError }> {
  const res = await fetch(`${t.hamgam.url}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: await t.as(user).cookie() },
    body: JSON.stringify({ sql }),
  });
  return { status: res.status, body: (await res.json()) as QueryResult & QueryError };
}

/** The same SQL straight on the warehouse, as JSON rows the same way the sandbox converts them. */
async function onWarehouse(sql: string): Promise<unknown[][]> {
  const connection = await t.hamgam.warehouse.instance.connect();
  try {
    await connection.run("set TimeZone = 'Asia/Tehran'");
    const reader = await connection.runAndReadAll(sql);
    return reader.getRowsJson() as unknown[][];
  } finally {
    connection.closeSync();
  }
}

/** The workbench's and sign-in's own records, written by using the API. */
const NOT_DATA = ['query_audit', 'user_session', 'audit_log', 'app_user', 'api_token', 'audit_log_seq'];

beforeAll(async () => {
  t = await startTestHamgam({}, { pulled: true });
  // Signing in writes sessions and the audit log: the callers sign in first, and those tables are left out.
  await Promise.all(['analyst', 'analyst:someone-else'].map((who) => t.as(who).cookie()));
  before = await warehouseFingerprint(t.hamgam.warehouse.db, NOT_DATA);
});

afterAll(async () => {
  await t?.stop();
});

const W = () => t.hamgam.warehouse.path;
const R = () => `${W()}.analysis/${REPLICA_FILE}`;

/** [family, statement] — every one must be refused (or stopped, for bombs). */
const HOSTILE: [string, string | (() => string)][] = [
  ['write', "insert into agency values ('x', 'x', 'x', 'ministry', 's', null, null)"],
  ['write', "update agency set name_en = 'pwned'"],
  ['write', 'delete from service_daily'],
  ['write', 'insert into agency select * from agency'],
  ['write', 'with x as (select 1) delete from agency'],
  ['write', 'truncate agency'],
  ['write', "update scoreboard_weekly set rank = 1 where true returning *"],
  ['ddl', 'drop table agency'],
  ['ddl', 'create table t as select 1'],
  ['ddl', 'alter table agency add column x int'],
  ['ddl', 'create view v as select 1'],
  ['ddl', 'create or replace macro m(x) as x'],
  ['ddl', 'create sequence s'],
  ['ddl', 'create schema s'],
  ['ddl', "create type mood as enum ('a')"],
  ['ddl', 'create index i on agency (agency_id)'],
  ['settings', 'set enable_external_access = true'],
  ['settings', "set global memory_limit = '100GB'"],
  ['settings', 'reset threads'],
  ['settings', 'pragma database_list'],
  ['settings', 'pragma enable_profiling'],
  ['settings', 'select * from duckdb_settings()'],
  ['settings', "select current_setting('temp_directory')"],
  ['settings', 'set variable secret = 1'],
  ['settings', 'call pragma_version()'],
  ['settings', 'checkpoint'],
  ['settings', 'vacuum'],
  ['attach', "attach '/tmp/hamgam-evil.duckdb' as evil"],
  ['attach', "attach ':memory:' as m"],
  ['attach', () => `attach '${W()}' as warehouse`],
  ['attach', 'detach database main'],
  ['attach', 'use memory'],
  ['attach', 'select * from duckdb_databases()'],
  ['extensions', 'install httpfs'],
  ['extensions', 'load httpfs'],
  ['extensions', "force install httpfs from 'http://127.0.0.1:9/'"],
  ['extensions', 'update extensions'],
  ['files', "select * from read_csv('/etc/passwd')"],
  ['files', "select * from read_csv_auto('/etc/passwd')"],
  ['files', "select * from read_text('/etc/passwd')"],
  ['files', "select * from read_blob('/proc/self/environ')"],
  ['files', "select * from '/etc/passwd'"],
  ['files', "select * from 'https://example.com/data.csv'"],
  ['files', "select * from read_parquet('s3://bucket/x.parquet')"],
  ['files', "select * from read_json('/etc/hosts')"],
  ['files', "select * from glob('/*')"],
  ['files', "select * from sniff_csv('/etc/passwd')"],
  ['files', "copy agency to '/tmp/hamgam-leak.csv'"],
  ['files', "copy (select 1) to '/tmp/hamgam-leak.parquet' (format parquet)"],
  ['files', "copy agency from '/etc/passwd'"],
  ['files', "export database '/tmp/hamgam-dump'"],
  ['files', "import database '/tmp/hamgam-dump'"],
  ['own files', () => `select * from read_blob('${R()}')`],
  ['own files', () => `select * from read_text('${R()}.wal')`],
  ['own files', () => `select * from '${R()}'`],
  ['own files', () => `select * from '${W()}'`],
  ['own files', () => `select * from read_blob('${W()}.wal')`],
  ['own files', () => `select * from read_duckdb('${W()}', table_name = 'source_state')`],
  ['secrets', 'select * from source_state'],
  ['secrets', 'summarize source_state'],
  ['secrets', 'select * from information_schema.tables'],
  ['secrets', 'select * from pg_catalog.pg_tables'],
  ['secrets', 'select * from duckdb_secrets()'],
  ['secrets', "select getenv('HAMGAM_FEED_TOKEN')"],
  ['dynamic sql', "select * from query('drop table agency')"],
  ['dynamic sql', "select * from query_table('source_state')"],
  ['dynamic sql', "select * from json_execute_serialized_sql(json_serialize_sql('select 1'))"],
  ['dynamic sql', 'prepare p as select 1'],
  ['dynamic sql', 'execute p'],
  ['dynamic sql', 'explain analyze select * from agency'],
  ['multi-statement', 'select 1; drop table agency'],
  ['multi-statement', "select 1; -- harmless\nattach ':memory:' as x"],
  ['multi-statement', 'select 1;;; select 2'],
  ['multi-statement', "/* a */ select 1; copy agency to '/tmp/hamgam-x.csv'"],
  ['multi-statement', "select ';' as s; drop table agency"],
  ['shadowing', "create temp macro agency() as table select 'fake' as agency_id"],
  ['shadowing', "create temp view agency as select 'fake' as agency_id"],
  ['shadowing', 'create temp table service as select 1 as x'],
  ['shadowing', "create macro lower(x) as 'pwned'"],
];

/** Resource bombs: stopped by the timeout, the memory caps, or the row cap. */
const BOMBS: string[] = [
  'select count(*) from range(1000000000) a, range(1000000000) b',
  "select length(string_agg(repeat('x', 1000000), ',')) from range(100000)",
  "select length(repeat('x', 2000000000)) as n",
  'with recursive r(n) as (select 1 union all select n + 1 from r) select count(*) from r',
  'select length(list(range)::varchar) from range(1000000000)',
  'select * from range(1000000000000) order by random() limit 5',
];

describe('hostile SQL through POST /api/v1/query', () => {
  it(`refuses ${HOSTILE.length} hostile statements of every family, each with a sentence that explains it`, async () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(50);
    const families = new Set<string>();
    for (const [family, statement] of HOSTILE) {
      const sql = typeof statement === 'string' ? statement : statement();
      const { status, body } = await query(sql);
      expect([status, body.status], `${family}: ${sql} → ${JSON.stringify(body)}`).toEqual([400, 'refused']);
      expect(body.message.length, sql).toBeGreaterThan(30);
      expect(body.message).toMatch(/^[A-Z]/);
      families.add(family);
    }
    expect(families.size).toBe(11);
  });

  it('gives the position of what it refuses, with line and column', async () => {
    const { body } = await query("select a.agency_id\nfrom agency a, read_csv('/etc/passwd')");
    expect(body).toMatchObject({ status: 'refused', code: 'table_function', position: 34, line: 2, column: 16 });
    expect(body.message).toContain('read_csv');
    const syntax = await query('select * fro agency');
    expect(syntax.body).toMatchObject({ status: 'refused', code: 'syntax', position: 13 });
    const unknownColumn = await query('select nosuch from agency');
    expect(unknownColumn.body).toMatchObject({ status: 'failed', position: 7 });
    expect(unknownColumn.body.message).toContain('nosuch');
  });

  it('explains why a PIVOT without an IN list counts as two statements', async () => {
    const { body } = await query('pivot service on stage using count(*)');
    expect(body).toMatchObject({ status: 'refused', code: 'multiple_statements' });
    expect(body.message).toContain('IN (');
  });

  it('stops resource bombs, and the server and other users carry on', async () => {
    const workers = t.hamgam.app.get(QueryService);
    let outOfMemory = 0;
    for (const sql of BOMBS) {
      const started = Date.now();
      const spawned = workers.sandboxWorkers().spawned;
      const { status, body } = await query(sql);
      expect(['timed_out', 'failed'], `${sql} → ${status} ${JSON.stringify(body)}`).toContain(body.status);
      expect(body.message).toMatch(/longer than|more memory/);
      expect(Date.now() - started, sql).toBeLessThan(15_000);
      // The worker a bomb strained is replaced, whether it ran out of time or of memory: memory a
      // bomb grew is not all given back, and the next query on it would fail for want of it.
      await expect.poll(() => workers.sandboxWorkers().spawned, { timeout: 10_000 }).toBeGreaterThan(spawned);
      if (/more memory/.test(body.message)) outOfMemory++;
      expect((await t.get('/health')).status).toBe(200);
      const other = await query('select count(*) as n from agency', 'analyst:someone-else');
      expect(other.status, JSON.stringify(other.body)).toBe(200);
    }
    expect(outOfMemory).toBeGreaterThan(0);
    const huge = await query('select * from range(1000000000000)');
    expect(huge.body).toMatchObject({ rowCount: 1000, truncated: true });
  });

  it('starts every query from a clean session: nothing a query does is seen by the next', async () => {
    const real = await query('select count(*) as n from agency');
    expect(real.status).toBe(200);
    await query("create temp macro agency() as table select 'fake' as agency_id");
    await query('set variable x = 42');
    const again = await query('select count(*) as n from agency');
    expect(again.body.rows).toEqual(real.body.rows);
    expect((await query("select getvariable('x') as x")).body.rows).toEqual([[null]]);
  });

  it('leaves the warehouse exactly as it was, and the replica without any secret table', async () => {
    expect(await warehouseFingerprint(t.hamgam.warehouse.db, NOT_DATA)).toEqual(before);
    const tables = await query('show tables');
    expect(tables.status, JSON.stringify(tables.body)).toBe(200);
    expect(tables.body.rows.map((r) => r[0]).sort()).toEqual(['agency', 'dim_date', 'exchange_daily', 'integration_event', 'scoreboard_weekly', 'service', 'service_daily']);
  });
});

/** Ordinary analysis: each must keep working and agree with the warehouse row for row. */
const ORDINARY: [string, string][] = [
  [
    'window: 7-day moving sum per agency',
    `select agency_id, date, sum(requests) as requests,
       sum(sum(requests)) over (partition by agency_id order by date rows between 6 preceding and current row) as requests_7d,
       rank() over (partition by date order by sum(requests) desc) as day_rank
     from service_daily group by agency_id, date order by agency_id, date limit 500`,
  ],
  [
    'CTE with a join on dim_date: Iranian weeks',
    `with weekly as (
       select d.week_end, sd.agency_id, sum(sd.requests) as requests, sum(sd.completed) as completed
       from service_daily sd join dim_date d on d.date = sd.date group by all)
     select week_end, count(*) as agencies, sum(requests) as requests, round(sum(completed) / sum(requests), 4) as completion
     from weekly group by week_end order by week_end`,
  ],
  [
    'PIVOT of stages per agency',
    `select * from (pivot service on stage in ('not_started', 'developing', 'testing', 'live') using count(*) group by agency_id) order by agency_id`,
  ],
  [
    'percentiles with quantile_cont',
    `select agency_id, quantile_cont(latency_p95_ms, 0.5) as median_p95, quantile_cont(latency_p95_ms, [0.9, 0.99]) as tail
     from service_daily group by agency_id order by agency_id`,
  ],
  ['date_trunc week grain', `select date_trunc('week', date) as iso_week, sum(requests) as requests from service_daily group by 1 order by 1`],
  ['Solar Hijri months from dim_date', `select d.jalali_year, d.jalali_month, count(distinct sd.date) as days, sum(sd.requests) as requests from service_daily sd join dim_date d using (date) group by all order by all`],
  ['UNPIVOT', `select * from (unpivot (select agency_id, sum(requests) as requests, sum(failed) as failed from service_daily group by agency_id) on requests, failed into name metric value amount) order by agency_id, metric`],
  ['VALUES and generate_series', `select v.x, g.generate_series as g from (values (1), (2)) v(x), generate_series(1, 3) g order by all`],
  ['Persian names', `select agency_id, name_fa from agency order by agency_id limit 10`],
];

describe('ordinary analyst queries', () => {
  it.each(ORDINARY)('%s', async (_name, sql) => {
    const { status, body } = await query(sql);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.rowCount).toBeGreaterThan(0);
    expect(body.rows).toEqual((await onWarehouse(sql)).slice(0, 1000));
    expect(body.columns.every((c) => c.type.length > 0)).toBe(true);
  });

  it('runs DESCRIBE, SUMMARIZE and EXPLAIN of a query', async () => {
    const describeRes = await query('describe service_daily');
    expect(describeRes.body.rows.map((r) => r[0])).toContain('requests');
    expect((await query('summarize select requests, latency_p95_ms from service_daily')).body.rowCount).toBe(2);
    const explain = await query('explain select agency_id, count(*) from service group by 1');
    expect(explain.status).toBe(200);
    expect(JSON.stringify(explain.body.rows)).toContain('HASH_GROUP_BY');
  });
});
