// Where one large run spends its time, statement by statement (Kysely query log), for CSV and Arrow feeds.
// Build first (npx -y pnpm@12.4.2 build); run: node pipelines/bench/profile.mjs [rows=200000] [formats=csv,arrow]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openWarehouse } from '@hamgam/warehouse';
import { runSource, sourcesForFeedServer, syncRegistry } from '../dist/index.js';
import { fetchPages } from '../dist/feed-client.js';
import { startTestFeed } from '../dist/testing/test-feed.js';

const ROWS = Number(process.argv[2] ?? 200_000);
const formats = (process.argv[3] ?? 'csv,arrow').split(',');
const SERVICES = 1000;
const agencies = [{ agencyId: 'ncr', nameFa: 'ثبت احوال', nameEn: 'NCR', kind: 'organization', sector: 'identity', parentId: null, deadline: null }];
const now = new Date('2026-11-28T08:00:00Z');
const day = (d) => new Date(Date.UTC(2026, 10, 27) - d * 86_400_000).toISOString().slice(0, 10);
const rows = Array.from({ length: ROWS }, (_, n) => ({
  date: day(Math.floor(n / SERVICES)), serviceId: `ncr-${n % SERVICES}`, requests: 100 + (n % 7), completed: 90, failed: 5, availabilityPct: 99.5,
  latencyP50Ms: 120.5, latencyP95Ms: 480.25, satisfactionSum: 40, satisfactionCount: 10, docsAsked: 2, docsFetched: 6,
}));
const services = Array.from({ length: SERVICES }, (_, i) => ({ serviceId: `ncr-${i}`, agencyId: 'ncr', nameFa: 'خدمت', nameEn: 'Service', isKey: false, stage: 'live', usesNationalSso: true, usesExchange: false }));
const dir = mkdtempSync(join(tmpdir(), 'hamgam-prof-'));
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
console.log(`feed rendering (before timing): CSV ${rendering.csv.toFixed(2)} s, Arrow ${rendering.arrow.toFixed(2)} s`);
let t0;
let lastCpu = process.cpuUsage();
for (const format of formats) {
  t0 = undefined;
  const log = (e) => {
    if (e.level !== 'query') return;
    const at = t0 === undefined ? '' : `@${((performance.now() - t0) / 1000).toFixed(1).padStart(5)} s`;
    // CPU of the whole process (JS and DuckDB's threads) since the previous statement ended: steadier than wall time on a shared machine.
    const cpu = process.cpuUsage(lastCpu);
    lastCpu = process.cpuUsage();
    const cpuMs = `cpu ${((cpu.user + cpu.system) / 1000).toFixed(0).padStart(5)} ms`;
    console.log(`  ${format} ${e.queryDurationMillis.toFixed(0).padStart(6)} ms ${cpuMs} ${at}  ${(process.env.FULLSQL ? e.query.sql : e.query.sql.replace(/\s+/g, " ").slice(0, 90))}`);
  };
  const wh = await openWarehouse({ path: join(dir, `${format}.duckdb`), log });
  await migrateToLatest(wh.db);
  await syncRegistry(wh, agencies);
  const sources = Object.fromEntries(sourcesForFeedServer(feed.url, agencies, () => 't').map((s) => [s.dataset, { ...s, format }]));
  await runSource(wh, sources.services, { now });
  console.log(`--- ${format}`);
  t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const cpuSince = () => { const c = process.cpuUsage(cpu0); return `${((c.user + c.system) / 1e6).toFixed(2)} s cpu`; };
  const result = await runSource(wh, sources['service-metrics'], { now, pageSize: 100_000, timeoutMs: 300_000, runTimeoutMs: 900_000, hooks: { afterFetch: () => console.log(`  ${format} fetched+parsed in ${((performance.now() - t0) / 1000).toFixed(2)} s, ${cpuSince()}`) } });
  console.log(`${format}: ${result.status} ${result.loaded}/${result.received} in ${((performance.now() - t0) / 1000).toFixed(2)} s, ${cpuSince()} ${result.error ?? ''}`);
  await wh.close();
}
await feed.close();
rmSync(dir, { recursive: true, force: true });
