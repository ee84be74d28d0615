/** Runtime configuration, from the environment, with embedded defaults for a laptop. */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface HamgamConfig {
  port: number;
  host: string;
  /** The DuckDB file; ':memory:' for throwaway runs. */
  warehousePath: string;
  /**
   * DuckDB's memory_limit for the server's warehouse instance (HAMGAM_DUCKDB_MEMORY_LIMIT, default
   * 192MB; 'off' leaves DuckDB's default of 80 % of the machine). Without it the buffer pool keeps
   * what the analysis replica copy and the aggregates read, and the server held 603–742 MB over
   * the 1 GB national warehouse (issue 8, benchmark 7); beyond the limit DuckDB evicts and spills.
   * On a quiet machine the load test peaked at 524 MB with 256MB and at 397 MB with 192MB.
   */
  duckdbMemoryLimit: string | null;
  /** DuckDB threads for the warehouse instance (HAMGAM_DUCKDB_THREADS; default one per core). */
  duckdbThreads: number | null;
  /** Start the built-in agency simulator and pull from it. */
  simulator: { enabled: boolean; port: number; seed: number };
  /** A feed server to pull from instead of the simulator (serves /agencies/:id/v1/...). */
  feedUrl: string | null;
  /** Cron (six fields, Asia/Tehran) for pulling every source, unless the sources file says otherwise. */
  pullSchedule: string;
  /** Pull every source once at start, without waiting for the first cron tick. */
  pullOnStart: boolean;
  /** Schedules on or off (tests drive runs themselves). */
  schedulesEnabled: boolean;
  /** Most sources running at once, across every agency. */
  pipelineConcurrency: number;
  /** A JSON file overriding schedule, format, enabled (and base URL) per agency or dataset. */
  sourcesFile: string | null;
  /** Per feed request (body included), and for a run's whole fetch. */
  requestTimeoutMs: number;
  runTimeoutMs: number;
  /** Retries of a transient failure (backoff with jitter from retryBaseMs). */
  retries: number;
  retryBaseMs: number;
  /** Consecutive failures that open a source's circuit breaker, and its cool-down. */
  breakerThreshold: number;
  breakerCoolDownMs: number;
  /** Days before the watermark pulled again for late rows and restatements. */
  lookbackDays: number;
  /** The built dashboard, served at / (null: API only). */
  webDist: string | null;
  auth: AuthConfig;
  /** Origins allowed to call the API from a browser (none: same origin only). */
  corsOrigins: string[];
  /** Largest JSON body accepted (bigger: 413). */
  bodyLimit: string;
}

export type HamgamMode = 'demo' | 'production';

export interface AuthConfig {
  /** demo (the default start) seeds one user per role; production seeds none and needs a session secret. */
  mode: HamgamMode;
  /** Signs session cookies; demo mode makes a random one per process when absent. */
  sessionSecret: string | null;
  sessionTtlMs: number;
  /** The first admin in production mode (created when the warehouse has no users). */
  adminUsername: string | null;
  adminPassword: string | null;
  /** Demo passwords per role (env HAMGAM_DEMO_PASSWORD_<ROLE>, else the fixed ones in the README). */
  demoPasswords: Partial<Record<'minister' | 'analyst' | 'agency' | 'admin', string>>;
  /** Failed sign-ins allowed per username and per IP address within the window, then 429. */
  signInMaxPerUser: number;
  signInMaxPerIp: number;
  signInWindowMs: number;
}

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): HamgamConfig {
  const dataDir = resolve(env.HAMGAM_DATA_DIR ?? resolve(repoRoot, 'data'));
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    warehousePath: env.HAMGAM_WAREHOUSE ?? resolve(dataDir, 'hamgam.duckdb'),
    duckdbMemoryLimit: env.HAMGAM_DUCKDB_MEMORY_LIMIT === 'off' ? null : (env.HAMGAM_DUCKDB_MEMORY_LIMIT || '192MB'),
    duckdbThreads: Number(env.HAMGAM_DUCKDB_THREADS) > 0 ? Number(env.HAMGAM_DUCKDB_THREADS) : null,
    simulator: {
      enabled: (env.HAMGAM_SIMULATOR ?? 'on') !== 'off',
      port: Number(env.HAMGAM_SIMULATOR_PORT ?? 0),
      seed: Number(env.HAMGAM_SEED ?? 1405),
    },
    feedUrl: env.HAMGAM_FEED_URL ?? null,
    pullSchedule: env.HAMGAM_PULL_SCHEDULE ?? '0 */15 * * * *',
    pullOnStart: (env.HAMGAM_PULL_ON_START ?? 'on') !== 'off',
    schedulesEnabled: (env.HAMGAM_SCHEDULES ?? 'on') !== 'off',
    pipelineConcurrency: Number(env.HAMGAM_PIPELINE_CONCURRENCY ?? 4),
    sourcesFile: env.HAMGAM_SOURCES_FILE ? resolve(env.HAMGAM_SOURCES_FILE) : null,
    requestTimeoutMs: Number(env.HAMGAM_REQUEST_TIMEOUT_MS ?? 30_000),
    runTimeoutMs: Number(env.HAMGAM_RUN_TIMEOUT_MS ?? 10 * 60_000),
    retries: Number(env.HAMGAM_RETRIES ?? 3),
    retryBaseMs: Number(env.HAMGAM_RETRY_BASE_MS ?? 250),
    breakerThreshold: Number(env.HAMGAM_BREAKER_THRESHOLD ?? 3),
    breakerCoolDownMs: Number(env.HAMGAM_BREAKER_COOL_DOWN_MS ?? 10 * 60_000),
    lookbackDays: Number(env.HAMGAM_LOOKBACK_DAYS ?? 3),
    webDist: env.HAMGAM_WEB_DIST === 'off' ? null : resolve(env.HAMGAM_WEB_DIST ?? resolve(repoRoot, 'web/dist')),
    auth: {
      mode: env.HAMGAM_MODE === 'production' ? 'production' : 'demo',
      sessionSecret: env.HAMGAM_SESSION_SECRET || null,
      sessionTtlMs: Number(env.HAMGAM_SESSION_TTL_HOURS ?? 12) * 3600_000,
      adminUsername: env.HAMGAM_ADMIN_USERNAME || null,
      adminPassword: env.HAMGAM_ADMIN_PASSWORD || null,
      demoPasswords: {
        minister: env.HAMGAM_DEMO_PASSWORD_MINISTER || undefined,
        analyst: env.HAMGAM_DEMO_PASSWORD_ANALYST || undefined,
        agency: env.HAMGAM_DEMO_PASSWORD_AGENCY || undefined,
        admin: env.HAMGAM_DEMO_PASSWORD_ADMIN || undefined,
      },
      signInMaxPerUser: Number(env.HAMGAM_SIGNIN_MAX_PER_USER ?? 5),
      signInMaxPerIp: Number(env.HAMGAM_SIGNIN_MAX_PER_IP ?? 20),
      signInWindowMs: Number(env.HAMGAM_SIGNIN_WINDOW_MS ?? 60_000),
    },
    corsOrigins: (env.HAMGAM_CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    bodyLimit: env.HAMGAM_BODY_LIMIT ?? '256kb',
  };
}
