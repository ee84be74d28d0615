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
import { fetchPages } from '../dist/feed-client.js';
import { startTestFeed, toCsv } from '../dist/testing/test-feed.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const SERVICES = 1000;
const agencies = [{ agencyId: 'ncr', nameFa: 'ثبت احوال', nameEn: 'NCR', kind: 'organization', sector: 'identity', parentId: null, deadline: null }];
const now = new Date('2026-11-28T08:00:00Z');
const day = (d) => new Date(Date.UTC(2026, 10, 27) - d * 86_400_000).toISOString().slice(0, 10);
const rows = Array.from({ length: ROWS }, (_, n) => ({
  date: day(Math.floor(n / SERVICES)), serviceId: `ncr-${n % SERVICES}`, requests: 100 + (n % 7), completed: 90, failed: 5, availabilityPct: 99.5,
  latencyP50Ms: 120.5, latencyP95Ms: 480.25, satisfactionSum: 40, satisfactionCount: 10, docsAsked: 2, docsFetched: 6,
}));
const services = Array.from({ length: SERVICES }, (_, i) => ({ serviceId: `ncr-${i}`, agencyId: 'ncr', nameFa: 'خدمت', nameEn: 'Service', isKey: false, stage: 'live', usesNationalSso: true, usesExchange: false }));

const loadBefore = loadavg()[0];
const dir = mkdtempSync(join(tmpdir(), 'hamgam-ingest-bench-'));
const feed = await startTestFeed();
feed.set('ncr', 'services', { rows: services });
// The feed renders each page once and then serves the same bytes: what is timed below is the
// pipeline, not this in-process feed's rendering (the reference COPY reads a file rendered in advance).
feed.set('ncr', 'service-metrics', { rows, cachePages: true });
const rendering = {};
for (const format of ['csv', 'arrow']) {
  const t0 = performance.now();
  for await (const _page of fetchPages({ baseUrl: `${feed.url}/agencies/ncr`, dataset: 'service-metrics', token: 't', since: null, format, pageSize: 100_000, timeoutMs: 300_000 }, (p) => p.headerCursor));
  rendering[format] = (performance.now() - t0) / 1000;
}
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
