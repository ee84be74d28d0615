/**
 * Upsert throughput of service_daily into a migrated file warehouse. Not a test: a figure to watch.
 *   cd /work/main/warehouse && npx tsc -p tsconfig.bench.json && node dist-bench/bench/upsert.bench.js
 * (Node 20 runs no TypeScript itself, and vitest's bench runner hides a failing setup.)
 * Prints rows/s for a first load (all new), a re-load (all unchanged) and a load that changes every row.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays } from '@hamgam/shared';
import { openMigratedWarehouse, upsertServiceDaily, type Warehouse } from '../src/index.js';

const ROWS = 50_000;
const SERVICES = 500; // × 100 days

function makeRows(runId: string, bump: number) {
  return Array.from({ length: ROWS }, (_, i) => ({
    date: addDays('2026-01-01', Math.floor(i / SERVICES)),
    service_id: `svc-${i % SERVICES}`,
    agency_id: `agency-${i % 50}`,
    requests: 1000 + (i % 97) + bump,
    completed: 900 + (i % 89),
    failed: 10 + (i % 7),
    availability_pct: 99 + (i % 10) / 10,
    latency_p50_ms: 120.5,
    latency_p95_ms: 800 + (i % 300),
    satisfaction_sum: 400 + (i % 13),
    satisfaction_count: 100,
    docs_asked: i % 5,
    docs_fetched: i % 11,
    run_id: runId,
  }));
}

async function timed(label: string, warehouse: Warehouse, rows: ReturnType<typeof makeRows>): Promise<void> {
  const started = performance.now();
  const counts = await upsertServiceDaily(warehouse.db, rows);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${label}: ${ROWS.toLocaleString('en')} rows in ${seconds.toFixed(2)} s = ${Math.round(ROWS / seconds).toLocaleString('en')} rows/s`,
    counts,
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hamgam-bench-'));
  const warehouse = await openMigratedWarehouse(join(dir, 'bench.duckdb'));
  try {
    for (let round = 1; round <= 3; round++) {
      await warehouse.db.deleteFrom('service_daily').execute();
      await timed(`#${round} first load  `, warehouse, makeRows('r1', 0));
      await timed(`#${round} re-load     `, warehouse, makeRows('r2', 0));
      await timed(`#${round} changed load`, warehouse, makeRows('r3', 1));
    }
  } finally {
    await warehouse.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
