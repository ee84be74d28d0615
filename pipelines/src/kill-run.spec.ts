/**
 * kill -9 during a run: a child process (node, the built packages) loads a large, slowly served
 * batch into a DuckDB file and is killed with SIGKILL — while fetching, while loading, and with
 * every write done but not committed. Each time the reopened file shows exactly the state before
 * the run, and the next run completes from the last committed watermark.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, type Agency } from '@hamgam/shared';
import { type Warehouse, migrateToLatest, openWarehouse } from '@hamgam/warehouse';
import { syncRegistry } from './registry.js';
import { runSource } from './run-source.js';
import { type SourceConfig, sourcesForFeedServer } from './sources.js';
import { type Row, type TestFeed, startTestFeed } from './testing/test-feed.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = resolve(here, '../..');
const child = join(here, 'testing/kill-run.child.mjs');
const now = new Date('2026-11-28T08:00:00Z');
const agencies: Agency[] = [{ agencyId: 'ncr', nameFa: 'ثبت احوال', nameEn: 'NCR', kind: 'organization', sector: 's', parentId: null, deadline: null }];
const SERVICES = 500;
const DAYS = 100; // 50,000 rows
const FIRST_DAY = '2026-08-01';

const service = (i: number): Row => ({ serviceId: `ncr-${i}`, agencyId: 'ncr', nameFa: 'خدمت', nameEn: `S${i}`, isKey: i < 5, stage: 'live', usesNationalSso: true, usesExchange: false });
const metric = (day: string, i: number, requests: number): Row => ({
  date: day, serviceId: `ncr-${i}`, requests, completed: requests - 1, failed: 1, availabilityPct: 99.5, latencyP50Ms: 100, latencyP95Ms: 300,
  satisfactionSum: 8, satisfactionCount: 2, docsAsked: 1, docsFetched: 3,
});
function metrics(days: number, requests: number): Row[] {
  const rows: Row[] = [];
  for (let d = 0; d < days; d++) for (let i = 0; i < SERVICES; i++) rows.push(metric(addDays(FIRST_DAY, d), i, requests));
  return rows;
}

let feed: TestFeed;
let dir: string;
let path: string;
let sources: Record<string, SourceConfig>;

/** The built packages the child runs: rebuilt here so they hold the code under test. */
function buildPackages() {
  for (const pkg of ['shared', 'warehouse', 'pipelines']) {
    try {
      execFileSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: join(repoRoot, pkg), stdio: 'pipe' });
    } catch {
      // tsc still emits when another part of the package does not typecheck; the check below decides.
    }
  }
  if (!readFileSync(join(repoRoot, 'pipelines/dist/run-source.js'), 'utf8').includes('beforeCommit')) throw new Error('pipelines/dist is not built from the current sources');
}

async function withWarehouse<T>(work: (wh: Warehouse) => Promise<T>): Promise<T> {
  const wh = await openWarehouse({ path });
  try {
    return await work(wh);
  } finally {
    await wh.close(); // the child must be able to open the file
  }
}

async function snapshot(wh: Warehouse) {
  const out: Record<string, unknown> = {};
  for (const table of ['service', 'service_daily', 'rejected_row', 'restatement', 'pipeline_run', 'source_state'] as const) {
    out[table] = (await wh.db.selectFrom(table).selectAll().execute()).map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

/** Starts the child and SIGKILLs it when its output shows `marker` (after `delayMs`). */
function killDuring(source: SourceConfig, marker: string, opts: { hold?: boolean; delayMs?: number } = {}): Promise<{ output: string; signal: NodeJS.Signals | null }> {
  return new Promise((resolvePromise, reject) => {
    const proc: ChildProcess = spawn(process.execPath, [child, path, JSON.stringify(source), now.toISOString(), opts.hold ? 'hold' : ''], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let killing = false;
    const onData = (d: Buffer) => {
      output += d;
      if (!killing && output.includes(marker)) {
        killing = true;
        setTimeout(() => proc.kill('SIGKILL'), opts.delayMs ?? 0);
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (d) => (output += d));
    proc.on('error', reject);
    proc.on('exit', (_code, signal) => resolvePromise({ output, signal }));
  });
}

beforeAll(async () => {
  buildPackages();
  feed = await startTestFeed();
  dir = mkdtempSync(join(tmpdir(), 'hamgam-kill-'));
  path = join(dir, 'warehouse.duckdb');
  sources = Object.fromEntries(sourcesForFeedServer(feed.url, agencies, () => 't').map((s) => [s.dataset, s]));
  feed.set('ncr', 'services', { rows: Array.from({ length: SERVICES }, (_, i) => service(i)) });
  feed.set('ncr', 'service-metrics', { rows: metrics(10, 50) });
  await withWarehouse(async (wh) => {
    await migrateToLatest(wh.db);
    await syncRegistry(wh, agencies);
    expect((await runSource(wh, sources.services, { now })).status).toBe('succeeded');
    expect(await runSource(wh, sources['service-metrics'], { now })).toMatchObject({ status: 'succeeded', loaded: 5_000, watermarkAfter: addDays(FIRST_DAY, 9) });
  });
  // The next window: 50,000 rows (half of them restating the days already loaded), served slowly.
  feed.set('ncr', 'service-metrics', { rows: metrics(DAYS, 70), delayMs: 40 });
}, 180_000);

afterAll(async () => {
  await feed?.close();
  if (dir && existsSync(dir)) rmSync(dir, { recursive: true, force: true });
});

describe('kill -9 during a run', () => {
  it('leaves the warehouse exactly as before the run, whenever it strikes; the next run resumes from the committed watermark', async () => {
    const before = await withWarehouse(snapshot);
    const moments = [
      { marker: 'fetching', delayMs: 300 }, // pages still arriving
      { marker: 'fetched', delayMs: 150 }, // inside the load: staging, validation, merge
      { marker: 'before-commit', hold: true }, // every write done, nothing committed
    ];
    for (const moment of moments) {
      const { output, signal } = await killDuring(sources['service-metrics'], moment.marker, moment);
      expect(signal, `the child should have been killed (${moment.marker}); it said:\n${output}`).toBe('SIGKILL');
      expect(output).not.toMatch(/^result /m);
      expect(await withWarehouse(snapshot), `after kill -9 at ${moment.marker}`).toEqual(before);
    }

    const next = await withWarehouse((wh) => runSource(wh, sources['service-metrics'], { now }));
    expect(next).toMatchObject({ status: 'succeeded', watermarkBefore: addDays(FIRST_DAY, 9), watermarkAfter: addDays(FIRST_DAY, DAYS - 1), rejected: 0 });
    expect(next.received).toBe(next.loaded + next.rejected + next.duplicate);
    // Asked from the watermark less a lookback of 3 days: days 6…99, of which 6…9 were loaded and are now restated.
    expect(next).toMatchObject({ received: (DAYS - 6) * SERVICES, loaded: (DAYS - 6) * SERVICES, restated: 4 * SERVICES });
  }, 180_000);
});
