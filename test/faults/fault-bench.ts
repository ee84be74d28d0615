/**
 * The bench the fault tests share: the real simulator over real HTTP, the real pipelines, a DuckDB
 * file in a temp folder, and a reference warehouse loaded from the same simulator with no fault, so a
 * test can say "this agency's tables are exactly what a clean load gives".
 *
 * The world is small on purpose (six agencies, fifty days from programme start) so that each test
 * runs in seconds; `NOW` is the runs' clock, on the simulator's today, so "future" means the same to
 * both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Dataset, FeedFormat } from '@hamgam/shared';
import {
  type RunAllOptions,
  type RunResult,
  type RunningSimulator,
  type SourceConfig,
  loadAgencyRegistry,
  runSources,
  sourcesForFeedServer,
  startSimulator,
  syncRegistry,
} from '@hamgam/pipelines';
import { type Warehouse, migrateToLatest, openWarehouse } from '@hamgam/warehouse';

/** Core providers (with exchange rows) and three other agencies of different sizes. */
export const AGENCY_IDS = ['ncr', 'sso', 'dpr', 'inta', 'mfa', 'moe'] as const;
export const TODAY = '2025-06-10';
export const NOW = new Date('2025-06-10T08:00:00Z'); // 11:30 in Tehran, on TODAY

/** Small timeouts and retries keep a test of a dead feed to seconds, not minutes. */
export const RUN_OPTIONS: RunAllOptions = { now: NOW, timeoutMs: 2_500, retries: 1, retryBaseMs: 50, concurrency: AGENCY_IDS.length };

/** A re-pull of the whole history, as an operator's backfill does once an agency has fixed its feed. */
export const BACKFILL_OPTIONS: RunAllOptions = { ...RUN_OPTIONS, lookbackDays: 400 };

export const FACT_TABLES = ['service', 'service_daily', 'exchange_daily', 'integration_event'] as const;
export type FactTable = (typeof FACT_TABLES)[number];

export const TABLE_OF: Record<Dataset, FactTable> = {
  services: 'service',
  'service-metrics': 'service_daily',
  exchange: 'exchange_daily',
  'integration-events': 'integration_event',
};

/** The column that says which agency a fact belongs to. */
const AGENCY_COLUMN: Record<FactTable, string> = {
  service: 'agency_id',
  service_daily: 'agency_id',
  exchange_daily: 'provider_agency_id',
  integration_event: 'agency_id',
};

/** Bookkeeping of the load, not the fact: differs between two loads of the same data by design. */
const NOT_CONTENT = new Set(['run_id', 'updated_at', 'loaded_at', 'first_run_id', 'last_run_id', 'restated_at']);

export async function query<T = Record<string, unknown>>(wh: Warehouse, text: string): Promise<T[]> {
  const conn = await wh.instance.connect();
  try {
    return (await conn.runAndReadAll(text)).getRowObjectsJson() as T[];
  } finally {
    conn.closeSync();
  }
}

/** Per table and agency: row count and a sum of row hashes over every content column. */
export type Fingerprints = Record<FactTable, Record<string, { n: number; h: string }>>;

export async function fingerprints(wh: Warehouse): Promise<Fingerprints> {
  const out = {} as Fingerprints;
  for (const table of FACT_TABLES) {
    const columns = (await query<{ column_name: string }>(wh, `select column_name from information_schema.columns where table_name = '${table}' order by ordinal_position`))
      .map((c) => c.column_name)
      .filter((c) => !NOT_CONTENT.has(c));
    const rows = await query<{ agency: string; n: string | number; h: string }>(
      wh,
      `select ${AGENCY_COLUMN[table]} as agency, count(*) as n, sum(hash(${columns.map((c) => `"${c}"`).join(', ')})::hugeint)::varchar as h from ${table} group by 1`,
    );
    out[table] = Object.fromEntries(rows.map((r) => [r.agency, { n: Number(r.n), h: r.h }]));
  }
  return out;
}

export function fingerprintOf(all: Fingerprints, agencyId: string): Record<FactTable, { n: number; h: string } | null> {
  return Object.fromEntries(FACT_TABLES.map((t) => [t, all[t][agencyId] ?? null])) as Record<FactTable, { n: number; h: string } | null>;
}

export interface Bench {
  sim: RunningSimulator;
  wh: Warehouse;
  sources: SourceConfig[];
  /** What a clean load of the same simulator gives, table by table and agency by agency. */
  reference: Fingerprints;
  run(opts?: RunAllOptions): Promise<RunResult[]>;
  close(): Promise<void>;
}

async function openMigrated(dir: string, name: string): Promise<Warehouse> {
  const wh = await openWarehouse({ path: join(dir, name) });
  await migrateToLatest(wh.db);
  return wh;
}

/**
 * Starts the simulator and a fresh warehouse; loads the reference in JSON first, so the bench's
 * other formats are checked against JSON as well as against the faults.
 */
export async function openBench(formats: Partial<Record<(typeof AGENCY_IDS)[number], FeedFormat>>): Promise<Bench> {
  const agencies = loadAgencyRegistry().filter((a) => (AGENCY_IDS as readonly string[]).includes(a.agencyId));
  const sim = await startSimulator({ seed: 1405, today: TODAY, agencies });
  const dir = mkdtempSync(join(tmpdir(), 'hamgam-faults-'));
  const jsonSources = sourcesForFeedServer(sim.url, agencies, sim.tokenFor);

  const refWh = await openMigrated(dir, 'reference.duckdb');
  await syncRegistry(refWh, agencies);
  const refRuns = await runSources(refWh, jsonSources, RUN_OPTIONS);
  expect(refRuns.filter((r) => r.status !== 'succeeded' || r.rejected > 0), 'the clean reference load').toEqual([]);
  const reference = await fingerprints(refWh);
  await refWh.close();

  const wh = await openMigrated(dir, 'hamgam.duckdb');
  await syncRegistry(wh, agencies);
  const sources = jsonSources.map((s) => ({ ...s, format: formats[s.agencyId as (typeof AGENCY_IDS)[number]] ?? 'json' }));
  return {
    sim,
    wh,
    sources,
    reference,
    run: (opts = RUN_OPTIONS) => runSources(wh, sources, opts),
    async close() {
      await wh.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// --- assertions every fault test makes --------------------------------------------------------

/** Every run, returned and recorded, satisfies received = loaded + rejected + duplicate. */
export async function expectReconciled(wh: Warehouse, results: RunResult[]): Promise<void> {
  for (const r of results) expect(r.received, `${r.sourceId} ${r.status}: ${r.error ?? ''}`).toBe(r.loaded + r.rejected + r.duplicate);
  const recorded = await query<{ run_id: string; received: number; loaded: number; rejected: number; duplicate: number }>(
    wh,
    `select run_id, received, loaded, rejected, duplicate from pipeline_run where run_id in (${results.map((r) => `'${r.runId}'`).join(', ')})`,
  );
  expect(recorded).toHaveLength(results.length);
  for (const r of recorded) expect(Number(r.received), r.run_id).toBe(Number(r.loaded) + Number(r.rejected) + Number(r.duplicate));
}

/** The agency's tables hold exactly what the simulator serves: same counts, same contents as the clean load. */
export async function expectLoadedLikeReference(bench: Bench, agencyId: string, datasets: readonly Dataset[] = ['services', 'service-metrics', 'exchange', 'integration-events']): Promise<void> {
  const now = fingerprintOf(await fingerprints(bench.wh), agencyId);
  const ref = fingerprintOf(bench.reference, agencyId);
  for (const dataset of datasets) {
    const table = TABLE_OF[dataset];
    const served = bench.sim.world.feed(agencyId)![dataset].length;
    expect(now[table]?.n ?? 0, `${agencyId} ${dataset}: rows loaded vs served`).toBe(served);
    expect(now[table], `${agencyId} ${dataset}: contents vs a clean load`).toEqual(ref[table]);
  }
}

export function resultOf(results: RunResult[], agencyId: string, dataset: Dataset): RunResult {
  const found = results.find((r) => r.sourceId === `${agencyId}:${dataset}`);
  expect(found, `a run of ${agencyId}:${dataset}`).toBeDefined();
  return found!;
}

export async function rejectsOf(wh: Warehouse, runId: string): Promise<{ row_number: number; reason: string; raw: string }[]> {
  return query(wh, `select row_number, reason, raw from rejected_row where run_id = '${runId}' order by row_number`);
}

export async function countOf(wh: Warehouse, table: FactTable, agencyId: string): Promise<number> {
  const [row] = await query<{ n: string | number }>(wh, `select count(*) as n from ${table} where ${AGENCY_COLUMN[table]} = '${agencyId}'`);
  return Number(row.n);
}

/** After the faults are cleared, the whole warehouse equals the clean load, agency by agency. */
export async function expectConverged(bench: Bench): Promise<void> {
  expect(await fingerprints(bench.wh)).toEqual(bench.reference);
}

export const CLEAN_AGENCIES = (faulted: readonly string[]) => AGENCY_IDS.filter((a) => !faulted.includes(a));
