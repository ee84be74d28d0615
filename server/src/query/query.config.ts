/**
 * Limits of the analyst sandbox, from the environment (HamgamConfig belongs to the whole server;
 * these are the query module's own knobs). Defaults suit a laptop with the dashboard on it.
 */
export interface QueryConfig {
  /** Sandbox worker processes: analyst queries running at once, in total. */
  workers: number;
  /** Queries one user may have running at once. */
  perUser: number;
  /** Queries that may wait for a free worker; beyond this, 429. */
  queueLimit: number;
  timeoutMs: number;
  /** Time a worker gets to answer after its timeout or a cancel before it is killed. */
  graceMs: number;
  defaultRowLimit: number;
  maxRowLimit: number;
  /** Data-segment cap of each worker process (ulimit -d: heap and writable mappings), enforced by the kernel from outside. */
  workerMemoryMb: number;
  /** DuckDB's own memory_limit inside the worker. */
  duckdbMemoryLimit: string;
  duckdbThreads: number;
  maxTempDirectorySize: string;
  /** Quiet time after the warehouse's data version moves before the replica is republished. */
  publishDebounceMs: number;
  maxSqlLength: number;
  /** Bytes of results not yet downloaded that one user, and all together, may hold before new queries wait (held-results.ts). */
  resultsPerUserBytes: number;
  resultsTotalBytes: number;
  /** Where workers write results for the server to send; unset, tmpfs when there is one (result-spool.ts). */
  resultDir?: string;
}

export function loadQueryConfig(env: NodeJS.ProcessEnv = process.env): QueryConfig {
  const num = (name: string, fallback: number) => {
    const value = Number(env[name]);
    return Number.isFinite(value) && value > 0 ? value : fallback;
  };
  return {
    workers: num('HAMGAM_QUERY_WORKERS', 2),
    perUser: num('HAMGAM_QUERY_PER_USER', 1),
    queueLimit: num('HAMGAM_QUERY_QUEUE', 4),
    timeoutMs: num('HAMGAM_QUERY_TIMEOUT_MS', 30_000),
    graceMs: num('HAMGAM_QUERY_GRACE_MS', 3_000),
    defaultRowLimit: num('HAMGAM_QUERY_ROW_LIMIT', 10_000),
    maxRowLimit: num('HAMGAM_QUERY_MAX_ROW_LIMIT', 1_000_000),
    workerMemoryMb: num('HAMGAM_QUERY_WORKER_MEMORY_MB', 2048),
    duckdbMemoryLimit: env.HAMGAM_QUERY_DUCKDB_MEMORY ?? '1GB',
    duckdbThreads: num('HAMGAM_QUERY_THREADS', 1),
    maxTempDirectorySize: env.HAMGAM_QUERY_TEMP_SIZE ?? '2GB',
    publishDebounceMs: num('HAMGAM_QUERY_PUBLISH_DEBOUNCE_MS', 2_000),
    maxSqlLength: num('HAMGAM_QUERY_MAX_SQL', 100_000),
    resultsPerUserBytes: num('HAMGAM_QUERY_RESULTS_PER_USER_MB', 1024) * 1024 * 1024,
    resultsTotalBytes: num('HAMGAM_QUERY_RESULTS_TOTAL_MB', 2048) * 1024 * 1024,
    resultDir: env.HAMGAM_QUERY_RESULT_DIR || undefined,
  };
}
