// Rows per second from a local HTTP feed to the warehouse, through runSource, per format.
// Build first: (cd shared && npx tsc -p tsconfig.build.json) && (cd warehouse && …) && (cd pipelines && …)
// Run: node pipelines/bench/load.bench.mjs [rows=200000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWarehouse, migrateToLatest } from '@hamgam/warehouse';
import { runSource, sourcesForFeedServer, syncRegistry } from '../dist/index.js';
import { startTestFeed } from '../dist/testing/test-feed.js';

const ROWS = Number(process.argv[2] ?? 200_000);
const SERVICES = 1000;
const agencies = [{ agencyId: 'ncr', nameFa: 'ثبت', nameEn: 'NCR', kind: 'organization', sector: 's', parentId: null, deadline: null }];
const now = new Date('2026-11-28T08:00:00Z');
const day = (d) => new Date(Date.UTC(2026, 10, 27) - d * 86_400_000).toISOString().slice(0, 10);
const rows = Array.from({ length: ROWS }, (_, n) => ({
  date: day(Math.floor(n / SERVICES)), serviceId: `ncr-${n % SERVICES}`, requests: 100 + (n % 7), completed: 90, failed: 5, availabilityPct: 99.5,
  latencyP50Ms: 120.5, latencyP95Ms: 480.25, satisfactionSum: 40, satisfactionCount: 10, docsAsked: 2, docsFetched: 6,
}));
const feed = await startTestFeed();
feed.set('ncr', 'services', { rows: Array.from({ length: SERVICES }, (_, i) => ({ serviceId: `ncr-${i}`, agencyId: 'ncr', nameFa: 'خ', nameEn: 'S', isKey: false, stage: 'live', usesNationalSso: true, usesExchange: false })) });
feed.set('ncr', 'service-metrics', { rows });
const dir = mkdtempSync(join(tmpdir(), 'hamgam-bench-'));
for (const format of ['json', 'csv', 'arrow']) {
  const wh = await openWarehouse({ path: join(dir, `${format}.duckdb`) });
  await migrateToLatest(wh.db);
  await syncRegistry(wh, agencies);
  const sources = Object.fromEntries(sourcesForFeedServer(feed.url, agencies, () => 't').map((s) => [s.dataset, { ...s, format }]));
  await runSource(wh, sources.services, { now });
  const t0 = performance.now();
  const result = await runSource(wh, sources['service-metrics'], { now, pageSize: 50_000 });
  const s = (performance.now() - t0) / 1000;
  console.log(`${format}: ${result.status} ${result.loaded} rows loaded in ${s.toFixed(2)} s = ${Math.round(result.loaded / s).toLocaleString('en')} rows/s ${result.error ?? ''}`);
  await wh.close();
}
await feed.close();
rmSync(dir, { recursive: true, force: true });
