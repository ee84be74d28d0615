// Builds the national-scale warehouse (issue 8) through the pipelines' own load path: the world is
// served as CSV pages by an in-process feed on loopback, and the real SourceRunner pulls every
// source of every agency (fetch, stage, validate in SQL, merge, one transaction per run), then the
// real snapshot backfill closes every week of the history. Nothing is written around the pipeline.
// Between the two, the pipelines' own maintenance step after a large load (clusterFacts, the CLI's
// `cluster`) rewrites the fact tables in (day, agency) order, as an operator does after a backfill:
// loaded source by source, every row group would span all three years.
//
//   npx -y pnpm@12.4.2 build
//   node test/bench/national/generate-national.mjs --out data/national.duckdb [--seed 1405]
//        [--scale full|tiny] [--concurrency 2] [--force]
//
// The file is built as <out>.building and renamed when complete, so a half-built file is never
// reused; <out>.meta.json records the seed, the counts and how long each phase took.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { ProgressBar, SourceRunner, backfillWeeklySnapshots, clusterFacts, describeClusterResult, loadAgencyRegistry, sourcesForFeedServer, syncRegistry } from '@hamgam/pipelines';
import { migrateToLatest, openWarehouse } from '@hamgam/warehouse';
import { startNationalFeed } from './national-feed.mjs';
import { FULL_SCALE, TINY_SCALE, nationalWorld, worldTotals } from './national-world.mjs';

/** Reads `--name value` and `--flag` arguments. */
export function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) continue;
    if (m[2] !== undefined) out[m[1]] = m[2];
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) out[m[1]] = argv[++i];
    else out[m[1]] = true;
  }
  return out;
}

export async function generateNational({ out, seed = 1405, scale = FULL_SCALE, concurrency = 2, resume = false, log = (t) => process.stderr.write(`${t}\n`) }) {
  const path = resolve(out);
  const building = `${path}.building`;
  const loadedMark = `${building}.load.json`;
  mkdirSync(dirname(path), { recursive: true });
  // --resume: a build whose load phase completed (its mark says so) goes on with the snapshots.
  const resumed = resume && existsSync(loadedMark) ? JSON.parse(readFileSync(loadedMark, 'utf8')) : null;
  if (!resumed) for (const f of [building, `${building}.wal`, loadedMark]) rmSync(f, { force: true });
  const world = nationalWorld({ seed, registry: loadAgencyRegistry(), scale });
  const totals = worldTotals(world);
  log(`national world (seed ${seed}): ${totals.agencies} agencies, ${totals.services} services, ${world.days} days (${world.firstDay}..${world.endDay}), ` +
    `${totals.serviceDaily.toLocaleString('en')} service-day rows, ${totals.exchangeDaily.toLocaleString('en')} exchange-day rows, ${totals.integrationEvents.toLocaleString('en')} events`);
  const t0 = performance.now();
  const wh = await openWarehouse({ path: building, maxConnections: concurrency + 2 });
  const loaded = resumed ?? (await loadThroughPipelines(wh, world, concurrency, log));
  if (resumed) log(`resuming: the load phase finished earlier (${resumed.loaded.toLocaleString('en')} rows in ${resumed.seconds} s)`);
  else writeFileSync(loadedMark, JSON.stringify(loaded));
  const load = [...loaded.loadAverage];

  // After the load, as after any backfill: the facts in (day, agency) order (a resumed build may
  // have done it already; it changes no row, so doing it again is harmless).
  const tc = performance.now();
  const clustered = await clusterFacts(wh);
  for (const line of describeClusterResult(clustered)) log(line);
  const clusterSeconds = (performance.now() - tc) / 1000;
  load.push(loadavg()[0]);

  const t1 = performance.now();
  const weeksBar = new ProgressBar('snapshots', world.scale.weeks);
  const { built } = await backfillWeeklySnapshots(wh, { from: world.firstDay, to: world.endDay, onProgress: (_d, _t, week) => weeksBar.tick(week.end) });
  weeksBar.finish();
  const snapshotSeconds = (performance.now() - t1) / 1000;
  load.push(loadavg()[0]);
  await wh.close();
  renameSync(building, path);
  if (existsSync(`${building}.wal`)) renameSync(`${building}.wal`, `${path}.wal`);
  rmSync(loadedMark, { force: true });
  const meta = {
    seed,
    scale: world.scale,
    firstDay: world.firstDay,
    endDay: world.endDay,
    totals,
    received: loaded.received,
    loaded: loaded.loaded,
    weeksBuilt: built.length,
    seconds: { load: loaded.seconds, cluster: round(clusterSeconds), snapshots: round(snapshotSeconds), total: round(loaded.seconds + clusterSeconds + snapshotSeconds) },
    ...(resumed && { resumed: true, secondsSinceResume: round((performance.now() - t0) / 1000) }),
    feedRenderSeconds: loaded.feedRenderSeconds,
    loadAverage: load.map(round),
    builtAt: new Date().toISOString(),
  };
  writeFileSync(`${path}.meta.json`, `${JSON.stringify(meta, null, 2)}\n`);
  log(`built ${path}: ${loaded.loaded.toLocaleString('en')} rows loaded in ${meta.seconds.load} s, clustered in ${meta.seconds.cluster} s, ${built.length} weekly snapshots in ${meta.seconds.snapshots} s (load average ${meta.loadAverage.join(' → ')})`);
  return meta;
}

/** Every source of every agency through the real SourceRunner, from the in-process feed. */
async function loadThroughPipelines(wh, world, concurrency, log) {
  const load = [loadavg()[0]];
  const t0 = performance.now();
  await migrateToLatest(wh.db);
  await syncRegistry(wh, world.agencies);
  const feed = await startNationalFeed(world);
  const sources = sourcesForFeedServer(feed.url, world.agencies, () => null).map((s) => ({ ...s, format: 'csv' }));
  const bar = new ProgressBar('load', sources.length);
  const failed = [];
  let received = 0;
  let loaded = 0;
  let rejected = 0;
  const runner = new SourceRunner(wh, sources, {
    maxConcurrent: concurrency,
    // One page holds an agency's whole history of a dataset (≤ 21k rows): fewer round trips.
    pageSize: 25_000,
    timeoutMs: 300_000,
    runTimeoutMs: 900_000,
    retries: 1,
    onResult: (r) => {
      received += r.received;
      loaded += r.loaded;
      rejected += r.rejected;
      if (r.status !== 'succeeded') failed.push(`${r.sourceId}: ${r.error}`);
      bar.tick(`${r.sourceId} ${r.loaded} rows`);
    },
  });
  await runner.runAll();
  bar.finish();
  await feed.close();
  const loadSeconds = (performance.now() - t0) / 1000;
  load.push(loadavg()[0]);
  if (failed.length) throw new Error(`${failed.length} runs failed, e.g. ${failed.slice(0, 3).join('; ')}`);
  if (rejected) throw new Error(`${rejected} rows were rejected: the generator must serve only valid rows`);
  log(`loaded ${loaded.toLocaleString('en')} rows in ${round(loadSeconds)} s (${sources.length} pipeline runs)`);
  return { received, loaded, seconds: round(loadSeconds), loadAverage: load.map(round), feedRenderSeconds: round(feed.stats.renderMs / 1000) };
}

const round = (x) => Math.round(x * 100) / 100;

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = parseArgs(process.argv.slice(2));
  const out = args.out ?? 'data/national.duckdb';
  if (existsSync(resolve(out)) && !args.force && !args.resume) {
    console.error(`${out} exists (pass --force to rebuild it)`);
  } else {
    if (args.force && !args.resume) for (const f of [out, `${out}.wal`, `${out}.meta.json`]) rmSync(resolve(f), { force: true });
    await generateNational({ out, seed: Number(args.seed ?? 1405), scale: args.scale === 'tiny' ? TINY_SCALE : args.agencies ? { ...FULL_SCALE, agencies: Number(args.agencies), exchangeRows: Math.round((FULL_SCALE.exchangeRows * Number(args.agencies)) / FULL_SCALE.agencies) } : FULL_SCALE, concurrency: Number(args.concurrency ?? 2), resume: Boolean(args.resume) });
  }
}
