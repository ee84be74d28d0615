// Ingest benchmark (issue 3): rows per second from an HTTP feed to the warehouse through the real
// pipeline (runSource: fetch, parse, land, validate in SQL, load in one transaction), for CSV and
// Arrow feeds, beside DuckDB's own COPY … FROM of the same rows as a CSV file, in the same run.
//
// Build first:  npx -y pnpm@12.4.2 build
// Run:          node pipelines/bench/ingest.bench.mjs [rows=1000000]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openWarehouse } from '@hamgam/warehouse';
import { runSource, sourcesForFeedServer, syncRegistry } from '../dist/index.js';
import { toCsv } from '../dist/testing/test-feed.js';
import { agencies, metricRows, now, startBenchFeed } from './bench-feed.mjs';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const rows = metricRows(ROWS);

const loadBefore = loadavg()[0];
const dir = mkdtempSync(join(tmpdir(), 'hamgam-ingest-bench-'));
const { feed, rendering } = await startBenchFeed(rows);
const results = [];

// Native reference: DuckDB's COPY of the same rows from a CSV file into the same table.
{
  const wh = await openWarehouse({ path: join(dir, 'copy.duckdb') });
  await migrateToLatest(wh.db);
  const csvPath = join(dir, 'rows.csv');
  writeFileSync(csvPath, toCsv(rows.map((r) => ({ ...r, agencyId: 'ncr', runId: 'copy' })), {
    columns: ['date', 'serviceId', 'agencyId', 'requests', 'completed', 'failed', 'availabilityPct', 'latencyP50Ms', 'latencyP95Ms', 'satisfactionSum', 'satisfactionCount', 'docsAsked', 'docsFetched', 'runId'],
  }));
  const connection = await wh.instance.connect();
  const columns = 'date, service_id, agency_id, requests, completed, failed, availability_pct, latency_p50_ms, latency_p95_ms, satisfaction_sum, satisfaction_count, docs_asked, docs_fetched, run_id';
  const t0 = performance.now();
  await connection.run(`copy service_daily (${columns}) from '${csvPath}' (header true)`);
  const s = (performance.now() - t0) / 1000;
  const n = (await connection.runAndReadAll('select count(*) as n from service_daily')).getRowObjectsJS()[0].n;
  connection.closeSync();
  results.push({ path: 'DuckDB COPY … FROM (CSV file)', rows: Number(n), seconds: s });
  await wh.close();
}

for (const format of ['csv', 'arrow']) {
  const wh = await openWarehouse({ path: join(dir, `${format}.duckdb`) });
  await migrateToLatest(wh.db);
  await syncRegistry(wh, agencies);
  const sources = Object.fromEntries(sourcesForFeedServer(feed.url, agencies, () => 't').map((s) => [s.dataset, { ...s, format }]));
  await runSource(wh, sources.services, { now });
  const t0 = performance.now();
  const result = await runSource(wh, sources['service-metrics'], { now, pageSize: 100_000, timeoutMs: 300_000, runTimeoutMs: 900_000 });
  const s = (performance.now() - t0) / 1000;
  if (result.status !== 'succeeded') console.error(`${format}: ${result.error}`);
  results.push({ path: `pipeline, ${format.toUpperCase()} feed over HTTP`, rows: result.loaded, seconds: s });
  await wh.close();
}
await feed.close();
rmSync(dir, { recursive: true, force: true });

const native = results[0].rows / results[0].seconds;
console.log(`\ningest of ${ROWS.toLocaleString('en')} service-day rows (node ${process.version}, ${cpus().length} cores, load average ${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)})\n`);
console.log('| path | rows | seconds | rows/s | ratio to COPY |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const r of results) {
  const rate = r.rows / r.seconds;
  console.log(`| ${r.path} | ${r.rows.toLocaleString('en')} | ${r.seconds.toFixed(2)} | ${Math.round(rate).toLocaleString('en')} | ${(rate / native).toFixed(2)} |`);
}
console.log(`\nthe feed's own rendering of the pages (done once before timing, not in the figures above): CSV ${rendering.csv.toFixed(2)} s, Arrow ${rendering.arrow.toFixed(2)} s`);
