/** Medium tests: the fact tables rewritten in (day, agency) order on a real, migrated DuckDB. */
import { addDays } from '@hamgam/shared';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Warehouse } from '../connection.js';
import { openMigratedWarehouse } from '../testing.js';
import { upsertAgencies } from './agency.repository.js';
import { clusterFactTables, getFactTableLayout } from './fact-layout.repository.js';
import { upsertExchangeDaily, upsertServiceDaily, upsertServices } from './ingest.repository.js';
import { getAgencyWeekFacts } from './scoreboard.repository.js';
import { listAgencyExchangeServed, listAgencyServiceDays } from './scoreboard-history.repository.js';

const AGENCIES = ['gamma', 'alpha', 'beta']; // loaded in this order, as a backfill pulls source by source
const DAYS = Array.from({ length: 14 }, (_, i) => addDays('2026-03-14', i)); // two Iranian weeks
const WEEK = { weekStart: '2026-03-21', weekEnd: '2026-03-27' };

const agency = (id: string) => ({ agency_id: id, name_fa: id, name_en: id, kind: 'ministry', sector: 'public', parent_id: null, deadline: null });
const service = (id: string, agencyId: string) => ({
  service_id: id, agency_id: agencyId, name_fa: id, name_en: id, is_key: true, stage: 'live', uses_national_sso: true, uses_exchange: false,
  updated_at: '2026-03-01T00:00:00Z', run_id: 'r0',
});
const daily = (date: string, serviceId: string, agencyId: string, n: number, runId: string) => ({
  date, service_id: serviceId, agency_id: agencyId, requests: 100 + n, completed: 90 + n, failed: 5, availability_pct: 99 + (n % 10) / 10,
  latency_p50_ms: 100, latency_p95_ms: 400 + n, satisfaction_sum: 40, satisfaction_count: 10, docs_asked: 2, docs_fetched: n % 7, run_id: runId,
});
const exchange = (date: string, provider: string, consumer: string, n: number, runId: string) => ({
  date, provider_agency_id: provider, consumer_agency_id: consumer, data_service: 'identity', calls: 1000 + n, failures: n % 5,
  latency_p50_ms: 20, latency_p95_ms: 90, run_id: runId,
});

let wh: Warehouse;

/** Three agencies' history, each agency's whole range in its own load, as the generator and a backfill do. */
async function loadAgencyByAgency() {
  await upsertAgencies(wh.db, AGENCIES.map(agency));
  await upsertServices(wh.db, AGENCIES.flatMap((a) => [service(`${a}-1`, a), service(`${a}-2`, a)]));
  let n = 0;
  for (const a of AGENCIES) {
    await upsertServiceDaily(wh.db, DAYS.flatMap((d) => [daily(d, `${a}-1`, a, n++, `run-${a}`), daily(d, `${a}-2`, a, n++, `run-${a}`)]));
    await upsertExchangeDaily(wh.db, DAYS.flatMap((d) => AGENCIES.filter((c) => c !== a).map((c) => exchange(d, a, c, n++, `run-${a}`))));
  }
}

/** Every row of both tables, in key order, and the aggregates the scoreboard and the breakdown read. */
async function everything() {
  const table = async (t: 'service_daily' | 'exchange_daily') => (await sql<Record<string, unknown>>`select * from ${sql.table(t)} order by all`.execute(wh.db)).rows;
  return {
    serviceDaily: await table('service_daily'),
    exchangeDaily: await table('exchange_daily'),
    facts: await getAgencyWeekFacts(wh.db, WEEK),
    days: await listAgencyServiceDays(wh.db, 'beta', WEEK.weekStart, WEEK.weekEnd),
    served: await listAgencyExchangeServed(wh.db, 'alpha', WEEK.weekStart, WEEK.weekEnd),
  };
}

/** What the catalogue says of a table: its DDL, its constraints and its indexes. */
async function definition(table: string) {
  const ddl = await sql<{ sql: string }>`select sql from duckdb_tables() where table_name = ${table}`.execute(wh.db);
  const constraints = await sql`select constraint_type, constraint_text from duckdb_constraints() where table_name = ${table} order by all`.execute(wh.db);
  const indexes = await sql`select index_name, sql from duckdb_indexes() where table_name = ${table} order by all`.execute(wh.db);
  return { ddl: ddl.rows, constraints: constraints.rows, indexes: indexes.rows };
}

beforeEach(async () => {
  wh = await openMigratedWarehouse();
  await loadAgencyByAgency();
});
afterEach(async () => wh.close());

describe('the fact tables in (day, agency) order', () => {
  it('rewrites both tables in (date, agency) storage order, leaving every row and every aggregate as it was', async () => {
    const before = await everything();
    const layoutBefore = await getFactTableLayout(wh.db);
    // Loaded agency by agency: every agency after the first starts again at the first day (and
    // the merge writes a batch in no particular order).
    expect(layoutBefore.map((l) => [l.table, l.rows])).toEqual([
      ['service_daily', 84],
      ['exchange_daily', 84],
    ]);
    for (const l of layoutBefore) expect(l.orderBreaks, l.table).toBeGreaterThanOrEqual(2);
    expect(before.facts.find((f) => f.agencyId === 'beta')).toMatchObject({ metricDays: 14, exchangeCallsServed: expect.any(Number) });

    expect(await clusterFactTables(wh.db)).toEqual([
      { table: 'service_daily', rows: 84 },
      { table: 'exchange_daily', rows: 84 },
    ]);
    const layoutAfter = await getFactTableLayout(wh.db);
    expect(layoutAfter.map((l) => [l.table, l.rows, l.orderBreaks])).toEqual([
      ['service_daily', 84, 0],
      ['exchange_daily', 84, 0],
    ]);
    // In storage order the first rows are the first day's, agency by agency.
    const head = await sql<{ date: string; agency_id: string }>`select date, agency_id from service_daily order by rowid limit 6`.execute(wh.db);
    expect(head.rows.map((r) => `${r.date} ${r.agency_id}`)).toEqual(['2026-03-14 alpha', '2026-03-14 alpha', '2026-03-14 beta', '2026-03-14 beta', '2026-03-14 gamma', '2026-03-14 gamma']);
    expect(await everything()).toEqual(before);
  });

  it('keeps the columns, NOT NULLs, primary keys and any secondary index', async () => {
    await sql`create index service_daily_run_idx on service_daily (run_id)`.execute(wh.db);
    const before = { service: await definition('service_daily'), exchange: await definition('exchange_daily') };
    expect(before.service.indexes).toHaveLength(1);
    await clusterFactTables(wh.db);
    expect({ service: await definition('service_daily'), exchange: await definition('exchange_daily') }).toEqual(before);
    // The primary key still refuses a second row of a key.
    await expect(sql`insert into service_daily select * from service_daily limit 1`.execute(wh.db)).rejects.toThrow(/primary key|duplicate key/i);
    await expect(sql`insert into service_daily (date, service_id, agency_id) values ('2026-04-01', 'x', null)`.execute(wh.db)).rejects.toThrow(/NOT NULL/i);
  });

  it('still converges afterwards: the same rows again change nothing, a changed row is written, a new day appended', async () => {
    await clusterFactTables(wh.db);
    const rows = DAYS.map((d, i) => daily(d, 'alpha-1', 'alpha', 1000 + i, 'run-again'));
    const original = (await listAgencyServiceDays(wh.db, 'alpha', DAYS[0], DAYS.at(-1)!)).filter((r) => r.service_id === 'alpha-1');
    const reload = original.map((r) => ({ ...daily(r.date, 'alpha-1', 'alpha', 0, 'run-again'), requests: r.requests, completed: r.completed, availability_pct: r.availability_pct, latency_p95_ms: r.latency_p95_ms, docs_fetched: r.docs_fetched }));
    expect(await upsertServiceDaily(wh.db, reload)).toEqual({ written: 0, unchanged: 14 });
    expect(await upsertServiceDaily(wh.db, [rows[3]])).toEqual({ written: 1, unchanged: 0 });
    expect(await upsertServiceDaily(wh.db, [daily('2026-03-28', 'alpha-1', 'alpha', 7, 'run-next')])).toEqual({ written: 1, unchanged: 0 });
    const stored = await listAgencyServiceDays(wh.db, 'alpha', DAYS[3], DAYS[3]);
    expect(stored.find((r) => r.service_id === 'alpha-1')).toMatchObject({ requests: rows[3].requests, run_id: 'run-again' });
    expect((await getFactTableLayout(wh.db))[0]).toMatchObject({ rows: 85, orderBreaks: 0 });
  });

  it('leaves the tables as they were when the transaction it runs in fails', async () => {
    const before = await everything();
    const breaks = (await getFactTableLayout(wh.db)).map((l) => l.orderBreaks);
    expect(Math.min(...breaks)).toBeGreaterThan(0);
    await expect(
      wh.db.transaction().execute(async (trx) => {
        await clusterFactTables(trx);
        throw new Error('the caller failed after the rewrite');
      }),
    ).rejects.toThrow('the caller failed');
    expect((await getFactTableLayout(wh.db)).map((l) => l.orderBreaks)).toEqual(breaks);
    expect(await everything()).toEqual(before);
  });
});
