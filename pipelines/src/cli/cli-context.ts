/**
 * What every command needs, built as the server builds it (server/src/config.ts, hamgam.ts): the
 * warehouse (migrated, registry synced), and the sources — the built-in simulator or a feed server,
 * with the sources file applied — plus the run settings from the same environment variables.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Agency } from '@hamgam/shared';
import { type Warehouse, migrateToLatest, openWarehouse } from '@hamgam/warehouse';
import { syncRegistry } from '../registry.js';
import type { SourceRunnerOptions } from '../source-runner.js';
import { DEFAULT_SCHEDULE, type SourceConfig, sourcesForFeedServer } from '../sources.js';
import { applySourceOverrides, loadSourcesFile } from '../sources-file.js';
import { DEFAULT_SIMULATOR_SEED, loadAgencyRegistry, startSimulator } from '../simulator/index.js';
import { type OptionValues, UsageError } from './cli-args.js';
import { chosenAgencies } from './cli-checks.js';

/** The warehouse cannot be opened: exit 3. */
export class WarehouseUnavailable extends Error {}

export interface CliContext {
  wh: Warehouse;
  /** The whole registry (every agency is known to validation), and the agencies asked for. */
  registry: Agency[];
  agencies: Agency[];
  sources: SourceConfig[];
  runOptions: SourceRunnerOptions;
  feed: string;
  close(): Promise<void>;
}

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

/** Relative paths are the operator's: under `pnpm … cli` the script runs in pipelines/, so use where pnpm was called from. */
function operatorPath(path: string, env: NodeJS.ProcessEnv): string {
  const base = env.npm_lifecycle_event && env.INIT_CWD ? env.INIT_CWD : process.cwd();
  return resolve(base, path);
}

export function warehousePathOf(values: OptionValues, env: NodeJS.ProcessEnv): string {
  if (typeof values.warehouse === 'string') return operatorPath(values.warehouse, env);
  if (env.HAMGAM_WAREHOUSE) return resolve(env.HAMGAM_WAREHOUSE);
  return resolve(env.HAMGAM_DATA_DIR ?? resolve(repoRoot, 'data'), 'hamgam.duckdb');
}

const num = (env: NodeJS.ProcessEnv, name: string, fallback: number) => {
  const n = Number(env[name] ?? fallback);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${name} must be a number, got ${JSON.stringify(env[name])}`);
  return n;
};

/** The same variables and defaults as the server's config. */
export function runOptionsFromEnv(env: NodeJS.ProcessEnv): SourceRunnerOptions {
  return {
    maxConcurrent: Math.max(1, num(env, 'HAMGAM_PIPELINE_CONCURRENCY', 4)),
    timeoutMs: num(env, 'HAMGAM_REQUEST_TIMEOUT_MS', 30_000),
    runTimeoutMs: num(env, 'HAMGAM_RUN_TIMEOUT_MS', 10 * 60_000),
    retries: num(env, 'HAMGAM_RETRIES', 3),
    retryBaseMs: num(env, 'HAMGAM_RETRY_BASE_MS', 250),
    lookbackDays: num(env, 'HAMGAM_LOOKBACK_DAYS', 3),
    breaker: { failureThreshold: num(env, 'HAMGAM_BREAKER_THRESHOLD', 3), coolDownMs: num(env, 'HAMGAM_BREAKER_COOL_DOWN_MS', 10 * 60_000) },
  };
}

async function openWarehouseForCli(path: string, maxConnections: number): Promise<Warehouse> {
  let wh: Warehouse;
  try {
    wh = await openWarehouse({ path, maxConnections });
  } catch (err) {
    const message = (err as Error).message;
    const holder = /Conflicting lock is held in (.*?\(PID \d+\))/.exec(message)?.[1];
    if (/lock/i.test(message)) {
      throw new WarehouseUnavailable(
        `cannot open the warehouse ${path}: another process holds it${holder ? ` (${holder})` : ''}, most likely the Hamgam server. ` +
          'DuckDB allows one writer at a time: stop the server or point --warehouse elsewhere.',
      );
    }
    throw new WarehouseUnavailable(`cannot open the warehouse ${path}: ${message.split('\n')[0]}`);
  }
  try {
    await migrateToLatest(wh.db);
  } catch (err) {
    await wh.close();
    throw new WarehouseUnavailable(`cannot migrate the warehouse ${path}: ${(err as Error).message.split('\n')[0]}`);
  }
  return wh;
}

export async function openContext(values: OptionValues, env: NodeJS.ProcessEnv = process.env, { feed = true }: { feed?: boolean } = {}): Promise<CliContext> {
  // Everything that can be a usage error is checked before the warehouse is touched.
  const registry = loadAgencyRegistry();
  const agencies = chosenAgencies(registry, values);
  const runOptions = runOptionsFromEnv(env);
  const sourcesFilePath = typeof values['sources-file'] === 'string' ? operatorPath(values['sources-file'], env) : env.HAMGAM_SOURCES_FILE ? resolve(env.HAMGAM_SOURCES_FILE) : null;
  let overrides: ReturnType<typeof loadSourcesFile> | null = null;
  if (sourcesFilePath) {
    try {
      overrides = loadSourcesFile(sourcesFilePath, new Set(registry.map((a) => a.agencyId)));
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  const feedUrl = typeof values['feed-url'] === 'string' ? values['feed-url'] : (env.HAMGAM_FEED_URL ?? null);
  if (feed && feedUrl === null && env.HAMGAM_SIMULATOR === 'off') throw new UsageError('no feed to pull from: HAMGAM_SIMULATOR is off and neither --feed-url nor HAMGAM_FEED_URL is set');
  if (feedUrl !== null && !/^https?:\/\//.test(feedUrl)) throw new UsageError(`--feed-url must be an http(s) URL, got ${JSON.stringify(feedUrl)}`);

  const wh = await openWarehouseForCli(warehousePathOf(values, env), (runOptions.maxConcurrent ?? 4) + 2);
  await syncRegistry(wh, registry);
  let simulator: Awaited<ReturnType<typeof startSimulator>> | null = null;
  let sources: SourceConfig[];
  const schedule = env.HAMGAM_PULL_SCHEDULE ?? DEFAULT_SCHEDULE;
  if (!feed) {
    sources = [];
  } else if (feedUrl) {
    sources = sourcesForFeedServer(feedUrl, agencies, () => env.HAMGAM_FEED_TOKEN ?? null, schedule);
  } else {
    // The whole registry, as the server's simulator has it, so both serve the same world.
    simulator = await startSimulator({ seed: Number(env.HAMGAM_SEED ?? DEFAULT_SIMULATOR_SEED), agencies: registry });
    sources = sourcesForFeedServer(simulator.url, agencies, simulator.tokenFor, schedule);
  }
  if (overrides) sources = applySourceOverrides(sources, overrides);
  return {
    wh,
    registry,
    agencies,
    sources,
    runOptions,
    feed: !feed ? 'none' : (feedUrl ?? `built-in simulator (seed ${simulator?.world.seed})`),
    async close() {
      await simulator?.close();
      await wh.close();
    },
  };
}
