// Where one large run spends its time, statement by statement (Kysely query log), for CSV and Arrow feeds.
// Build first (npx -y pnpm@12.4.2 build); run: node pipelines/bench/profile.mjs [rows=200000] [formats=csv,arrow]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openWarehouse } from '@hamgam/warehouse';
import { runSource, sourcesForFeedServer, syncRegistry } from '../dist/index.js';
import { agencies, metricRows, now, startBenchFeed } from './bench-feed.mjs';

const ROWS = Number(process.argv[2] ?? 200_000);
const formats = (process.argv[3] ?? 'csv,arrow').split(',');
const rows = metricRows(ROWS);
const dir = mkdtempSync(join(tmpdir(), 'hamgam-prof-'));
const { feed, rendering } = await startBenchFeed(rows);
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
