// How long the first full pull from the simulator takes (what `pnpm start` does on its own).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWarehouse, migrateToLatest } from '@hamgam/warehouse';
import { loadAgencyRegistry, runSources, sourcesForFeedServer, startSimulator, syncRegistry } from '../dist/index.js';

const dir = mkdtempSync(join(tmpdir(), 'hamgam-sync-'));
const wh = await openWarehouse({ path: join(dir, 'w.duckdb'), maxConnections: 8 });
await migrateToLatest(wh.db);
const agencies = loadAgencyRegistry();
await syncRegistry(wh, agencies);
const sim = await startSimulator({ seed: 1405 });
const sources = sourcesForFeedServer(sim.url, agencies, sim.tokenFor);
const t0 = performance.now();
const runs = await runSources(wh, sources, { concurrency: 4 });
const rows = runs.reduce((n, r) => n + r.received, 0);
console.log(`${runs.length} runs, ${rows} rows, ${runs.filter((r) => r.status === 'failed').length} failed, in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
await sim.close();
await wh.close();
rmSync(dir, { recursive: true, force: true });
