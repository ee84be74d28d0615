/**
 * The load's staging queries must not touch databases other than their own: the analysis replica
 * is published by attaching a new file to the same DuckDB instance, copying, and detaching it. A
 * load's transaction that scanned every catalogue while that file was attached (duckdb_columns()
 * does) held it open past the DETACH: its copy stayed in the WAL, its lock stayed with the server,
 * and analyst queries during a pull failed (500, or a sandbox worker that could not open the file).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Warehouse } from '../connection.js';
import { openMigratedWarehouse } from '../testing.js';
import { appendRawRows, createRawStage, loadRawStage } from './feed-load.repository.js';

let dir: string;
let warehouse: Warehouse;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hamgam-feed-load-'));
  warehouse = await openMigratedWarehouse(join(dir, 'warehouse.duckdb'));
});

afterEach(async () => {
  await warehouse.close();
  rmSync(dir, { recursive: true, force: true });
});

it("a load's transaction leaves a database attached meanwhile free to detach cleanly", async () => {
  const other = join(dir, 'attached.duckdb');
  const publisher = await warehouse.instance.connect();
  await publisher.run(`attach '${other}' as attached_meanwhile`);
  await publisher.run('create table attached_meanwhile.main.t as select * from range(50000)');
  let released: () => void = () => undefined;
  const holding = new Promise<void>((resolve) => (released = resolve));
  let staged!: () => void;
  const stagedNow = new Promise<void>((resolve) => (staged = resolve));
  const load = warehouse.db.transaction().execute(async (tx) => {
    await createRawStage(tx, 'service-metrics');
    await appendRawRows(tx, [[1n], ['{}'], [null], ['2026-03-21'], ['x'], ['2'], ['1'], ['0'], ['100'], ['1'], ['2'], ['5'], ['1'], ['0'], ['1']]);
    await loadRawStage(tx, { runId: 'r1', sourceId: 's', dataset: 'service-metrics', agencyId: 'a', today: '2026-03-21', now: new Date('2026-03-21T00:00:00Z') });
    staged();
    // The load's transaction stays open while the other database is detached.
    await holding;
  });
  await stagedNow;
  await publisher.run('detach attached_meanwhile');
  expect(existsSync(`${other}.wal`)).toBe(false);
  released();
  await load;
  publisher.closeSync();
});
