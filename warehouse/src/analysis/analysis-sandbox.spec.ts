/**
 * The sandbox's DuckDB side on a real replica published from a real (migrated, in-memory)
 * warehouse: the gate's verdicts, the locked settings, the row cap, the interrupt. The process
 * boundary, memory cap and pool are tested end to end in test/e2e/query-*.test.ts.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../connection.js';
import { openMigratedWarehouse } from '../testing.js';
import { publishAnalysisReplica } from './analysis-replica.js';
import { AnalysisSandbox, failure, OUT_OF_MEMORY, worthRerunning } from './analysis-sandbox.js';

let warehouse: Warehouse;
let sandbox: AnalysisSandbox;
let dir: string;

const opts = { rowLimit: 1000, format: 'json' as const, timeoutMs: 10_000 };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hamgam-sandbox-'));
  warehouse = await openMigratedWarehouse();
  const replica = await publishAnalysisReplica(warehouse, dir);
  sandbox = await AnalysisSandbox.open(replica.path, dir, { memoryLimit: '256MB', threads: 1, maxTempDirectorySize: '256MB' });
});

afterAll(async () => {
  sandbox?.close();
  await warehouse?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('AnalysisSandbox', () => {
  it('publishes only dictionary tables and runs queries over them', async () => {
    const out = await sandbox.run("select count(*) as days, min(date) as first from dim_date where jalali_year = 1405", opts);
    expect(out).toMatchObject({ status: 'succeeded', rowCount: 1, truncated: false, columns: [{ name: 'days', type: 'BIGINT' }, { name: 'first', type: 'DATE' }], rows: [['365', '2026-03-21']] });
    const tables = await sandbox.run('show tables', opts);
    expect(tables.status, JSON.stringify(tables)).toBe('succeeded');
    if (tables.status === 'succeeded') expect(tables.rows!.map((r) => r[0]).sort()).toEqual(['agency', 'dim_date', 'exchange_daily', 'integration_event', 'scoreboard_weekly', 'service', 'service_daily']);
  });

  it.each([
    ['select 1; select 2', 'multiple_statements'],
    ['drop table agency', 'not_a_query'],
    ["select * from read_csv('/etc/passwd')", 'table_function'],
    ["select * from '/etc/passwd'", 'file_access'],
    ['select * from source_state', 'unknown_table'],
    ["select * from query('select 1')", 'table_function'],
    ['explain analyze select 1', 'explain_analyze'],
    ['select $1', 'parameters'],
    ['select * fro agency', 'syntax'],
    ['', 'empty'],
  ])('refuses %j (%s)', async (sql, code) => {
    const out = await sandbox.run(sql, opts);
    expect(out.status).toBe('refused');
    if (out.status === 'refused') expect(out.refusal.code).toBe(code);
  });

  it('gives the position DuckDB reports', async () => {
    const out = await sandbox.run('select *\nfrom agency a, read_text(\'/etc/hostname\')', opts);
    expect(out).toMatchObject({ status: 'refused', refusal: { code: 'table_function', position: 24 } });
  });

  it('runs EXPLAIN of a query, DESCRIBE and SUMMARIZE', async () => {
    for (const sql of ['explain select * from agency', '/* plan */ EXPLAIN\n select 1', 'describe agency', 'summarize select * from dim_date', 'pivot (select 1 as a, \'x\' as b) on b in (\'x\') using sum(a)']) {
      const out = await sandbox.run(sql, opts);
      expect(out.status, sql).toBe('succeeded');
    }
  });

  it('caps rows and flags the truncation', async () => {
    const out = await sandbox.run('select * from range(5000)', { ...opts, rowLimit: 100 });
    expect(out).toMatchObject({ status: 'succeeded', rowCount: 100, truncated: true });
    if (out.status === 'succeeded') expect(out.rows).toHaveLength(100);
  });

  it('stops a runaway query at the timeout', async () => {
    const started = Date.now();
    const out = await sandbox.run('select count(*) from range(100000000000) a', { ...opts, timeoutMs: 500 });
    expect(out.status).toBe('timed_out');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await sandbox.run('select 42 as n', opts)).status).toBe('succeeded');
  });

  describe('a result written to a file as it is read', () => {
    // 5,000 rows cross the chunk (2,048) and cap boundaries; VARCHARs both inline (≤ 12 bytes) and
    // not, NULLs, a DATE and a BIGINT.
    const sql = `select i as n, case when i % 7 = 0 then null else 'ردیف ' || i end as label,
      repeat('x', (i % 20)::integer) as pad, date '2024-01-01' + (i % 400)::integer as day from range(5000) t(i)`;

    for (const [rowLimit, truncated] of [[10_000, false], [5000, false], [4096, true], [1000, true]] as const) {
      it(`gives the same JSON rows and Arrow bytes as in memory (row cap ${rowLimit})`, async () => {
        const jsonFile = join(dir, `r-${rowLimit}.json`);
        const arrowFile = join(dir, `r-${rowLimit}.arrow`);
        const memoryJson = await sandbox.run(sql, { ...opts, rowLimit });
        const fileJson = await sandbox.run(sql, { ...opts, rowLimit, file: jsonFile });
        const memoryArrow = await sandbox.run(sql, { ...opts, rowLimit, format: 'arrow' });
        const fileArrow = await sandbox.run(sql, { ...opts, rowLimit, format: 'arrow', file: arrowFile });
        const rows = Math.min(rowLimit, 5000);
        for (const out of [memoryJson, fileJson, memoryArrow, fileArrow]) expect(out).toMatchObject({ status: 'succeeded', rowCount: rows, truncated });
        if (memoryJson.status !== 'succeeded' || fileJson.status !== 'succeeded' || memoryArrow.status !== 'succeeded' || fileArrow.status !== 'succeeded') return;
        expect(fileJson.path).toBe(jsonFile);
        expect(fileJson.rows).toBeUndefined();
        expect(memoryJson.rows).toHaveLength(rows);
        expect(JSON.parse(readFileSync(jsonFile, 'utf8'))).toEqual(memoryJson.rows);
        expect(new Uint8Array(readFileSync(arrowFile))).toEqual(memoryArrow.arrow);
      });
    }

    it('is valid JSON for an empty result', async () => {
      const file = join(dir, 'empty.json');
      const out = await sandbox.run('select 1 as n where false', { ...opts, file });
      expect(out).toMatchObject({ status: 'succeeded', rowCount: 0, truncated: false });
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual([]);
    });

    it('fails a query that fails part-way through its rows, with DuckDB\'s reason, instead of passing off the rows before', async () => {
      // DuckDB's driver ends such a stream as if it were done; 151,552 rows came back as a success before this was caught.
      const boom = "select i, case when i = 190000 then error('boom at row 190000') end as e from range(200000) t(i)";
      const cast = "select (case when i < 150000 then i::varchar else 'x' || i end)::integer as n from range(200000) t(i)";
      for (const [sql, reason] of [[boom, 'boom at row 190000'], [cast, 'Could not convert string']]) {
        for (const format of ['arrow', 'json'] as const) {
          const file = join(dir, `midway.${format}`);
          const out = await sandbox.run(sql, { ...opts, rowLimit: 200000, format, file });
          expect(out.status).toBe('failed');
          if (out.status === 'failed') expect(out.message).toContain(reason);
          expect(existsSync(file)).toBe(false);
        }
      }
      // Stopping at the row cap before the failing row is no failure; the connection is fine after.
      expect(await sandbox.run(boom, { ...opts, rowLimit: 1000 })).toMatchObject({ status: 'succeeded', rowCount: 1000, truncated: true });
      expect(await sandbox.run('select * from range(200000)', { ...opts, rowLimit: 200000, format: 'arrow' })).toMatchObject({ status: 'succeeded', rowCount: 200000, truncated: false });
    });

    it('leaves no file behind when the query fails or is stopped', async () => {
      const failed = join(dir, 'failed.arrow');
      const out = await sandbox.run("select 1 / 0 as n, error('boom') from range(10)", { ...opts, format: 'arrow', file: failed });
      expect(out.status).toBe('failed');
      expect(existsSync(failed)).toBe(false);
      const stopped = join(dir, 'stopped.json');
      const slow = await sandbox.run('select count(*) from range(100000000000) a', { ...opts, timeoutMs: 300, file: stopped });
      expect(slow.status).toBe('timed_out');
      expect(existsSync(stopped)).toBe(false);
    });
  });
});

describe('worthRerunning', () => {
  it('reruns a failed query for its reason only while the time left covers the time it took', () => {
    expect(worthRerunning(100, 30_000)).toBe(true);
    expect(worthRerunning(15_000, 30_000)).toBe(true);
    expect(worthRerunning(15_001, 30_000)).toBe(false);
    expect(worthRerunning(29_000, 30_000)).toBe(false);
  });
});

describe('failure', () => {
  it("puts running out of memory in the workbench's sentence, wherever DuckDB said it, and keeps other errors as DuckDB gives them", () => {
    const duckdb = 'Out of Memory Error: Failed to allocate block of 2147483648 bytes (bad allocation)\n\nPossible solutions:\n* Reducing the number of threads';
    expect(failure(duckdb, 7)).toEqual({ status: 'failed', message: OUT_OF_MEMORY, position: null });
    expect(failure('std::bad_alloc', null).message).toBe(OUT_OF_MEMORY);
    expect(failure('Binder Error: Referenced column "nosuch" not found', 7)).toEqual({ status: 'failed', message: 'Binder Error: Referenced column "nosuch" not found', position: 7 });
  });
});
