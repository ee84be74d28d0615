/**
 * Opening the warehouse. DuckDB must see one instance per file per process (two instances on one
 * file do not fail, they corrupt each other's view), so instances are shared by path and closed
 * when the last warehouse on that path closes. ':memory:' is always a fresh private database.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { CompiledQuery, Kysely, type LogConfig } from 'kysely';
import { TEHRAN_TZ } from '@hamgam/shared';
import { DuckDBDialect } from './dialect/duckdb-dialect.js';
import type { Database } from './schema.js';

export const MEMORY_PATH = ':memory:';

export interface OpenWarehouseOptions {
  /** A file path, or ':memory:' for a private in-memory database (tests). */
  path: string;
  /** Pooled connections for Kysely; default 4. */
  maxConnections?: number;
  /** Kysely's query log (levels or a function), e.g. to record the SQL each repository runs. */
  log?: LogConfig;
  /**
   * DuckDB's `memory_limit` for the file's instance (e.g. '384MB'); DuckDB's default is 80 % of the
   * machine's memory, and its buffer pool keeps what it read up to that limit, so a long-running
   * server over a large file grows to hold most of it. Beyond the limit DuckDB evicts cached
   * blocks and spills large operators to `<file>.tmp`. Applies when the instance is created (the
   * first open of a path in a process).
   */
  memoryLimit?: string;
  /** DuckDB's worker threads for the instance (default: one per core). */
  threads?: number;
}

export interface Warehouse {
  db: Kysely<Database>;
  /** The resolved file path, or ':memory:'. */
  path: string;
  /** The DuckDB instance, for connections Kysely must not share (analyst SQL, exports). */
  instance: DuckDBInstance;
  /** Advances the data version; call after each committed load. Returns the new version. */
  bumpDataVersion(): number;
  getDataVersion(): number;
  close(): Promise<void>;
}

interface SharedInstance {
  instance: DuckDBInstance;
  users: number;
}

const instances = new Map<string, Promise<SharedInstance>>();
/** Outlives close/reopen so the version never goes backwards within a process (caches key on it). */
const dataVersions = new Map<string, { value: number }>();

function dataVersionOf(path: string): { value: number } {
  if (path === MEMORY_PATH) return { value: 0 };
  let version = dataVersions.get(path);
  if (!version) {
    version = { value: 0 };
    dataVersions.set(path, version);
  }
  return version;
}

function instanceOptions(options: OpenWarehouseOptions): Record<string, string> | undefined {
  const settings: Record<string, string> = {};
  if (options.memoryLimit) settings.memory_limit = options.memoryLimit;
  if (options.threads) settings.threads = String(options.threads);
  return Object.keys(settings).length ? settings : undefined;
}

async function acquireInstance(path: string, options: OpenWarehouseOptions): Promise<SharedInstance> {
  if (path === MEMORY_PATH) return { instance: await DuckDBInstance.create(MEMORY_PATH, instanceOptions(options)), users: 1 };
  let pending = instances.get(path);
  if (!pending) {
    mkdirSync(dirname(path), { recursive: true });
    pending = DuckDBInstance.create(path, instanceOptions(options)).then((instance) => ({ instance, users: 0 }));
    instances.set(path, pending);
    pending.catch(() => instances.delete(path));
  }
  const shared = await pending;
  shared.users++;
  return shared;
}

function releaseInstance(path: string, shared: SharedInstance): void {
  shared.users--;
  if (shared.users > 0) return;
  if (path !== MEMORY_PATH) instances.delete(path);
  shared.instance.closeSync();
}

export async function openWarehouse(options: OpenWarehouseOptions): Promise<Warehouse> {
  const path = options.path === MEMORY_PATH ? MEMORY_PATH : resolve(options.path);
  const shared = await acquireInstance(path, options);
  const db = new Kysely<Database>({
    log: options.log,
    dialect: new DuckDBDialect({
      instance: shared.instance,
      maxConnections: options.maxConnections,
      // Calendar days are Tehran days: `::date` of a timestamp must agree whatever the host's TZ.
      onCreateConnection: (c) => c.executeQuery(CompiledQuery.raw(`set TimeZone = '${TEHRAN_TZ}'`)).then(() => undefined),
    }),
  });
  const version = dataVersionOf(path);
  let closed = false;
  return {
    db,
    path,
    instance: shared.instance,
    bumpDataVersion: () => ++version.value,
    getDataVersion: () => version.value,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      releaseInstance(path, shared);
    },
  };
}
