/**
 * Kysely driver over one DuckDB instance: a small pool of connections. A transaction keeps its
 * connection until commit or rollback (Kysely acquires once per transaction); other queries take
 * any idle connection, so readers are not queued behind a long load (DuckDB gives them a snapshot).
 */
import type { DuckDBInstance } from '@duckdb/node-api';
import { CompiledQuery, type DatabaseConnection, type Driver, type TransactionSettings } from 'kysely';
import { DuckDBDatabaseConnection } from './duckdb-connection.js';

export interface DuckDBDriverConfig {
  instance: DuckDBInstance;
  /** Most connections open at once; further acquirers wait. Default 4. */
  maxConnections?: number;
  /** Runs once on each new connection (session settings such as TimeZone). */
  onCreateConnection?: (connection: DuckDBDatabaseConnection) => Promise<void>;
}

type Waiter = { resolve: (c: DuckDBDatabaseConnection) => void; reject: (e: Error) => void };

export class DuckDBDriver implements Driver {
  readonly #config: DuckDBDriverConfig;
  readonly #all: DuckDBDatabaseConnection[] = [];
  readonly #idle: DuckDBDatabaseConnection[] = [];
  readonly #waiters: Waiter[] = [];
  #opening = 0;
  #destroyed = false;

  constructor(config: DuckDBDriverConfig) {
    this.#config = config;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.#destroyed) throw new Error('DuckDB driver has been destroyed');
    const idle = this.#idle.pop();
    if (idle) return idle;
    if (this.#all.length + this.#opening < (this.#config.maxConnections ?? 4)) return this.#open();
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  async #open(): Promise<DuckDBDatabaseConnection> {
    this.#opening++;
    try {
      const connection = new DuckDBDatabaseConnection(await this.#config.instance.connect());
      await this.#config.onCreateConnection?.(connection);
      this.#all.push(connection);
      return connection;
    } finally {
      this.#opening--;
    }
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    // DuckDB has one isolation level (snapshot); asking for another is a caller's mistake.
    if (settings.isolationLevel && settings.isolationLevel !== 'snapshot' && settings.isolationLevel !== 'serializable') {
      throw new Error(`DuckDB does not support isolation level ${settings.isolationLevel}`);
    }
    const mode = settings.accessMode === 'read only' ? ' read only' : '';
    await connection.executeQuery(CompiledQuery.raw(`begin transaction${mode}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const c = connection as DuckDBDatabaseConnection;
    if (this.#destroyed) return;
    const waiter = this.#waiters.shift();
    if (waiter) waiter.resolve(c);
    else this.#idle.push(c);
  }

  /**
   * Interrupts the queries still running (a load, a snapshot build), waits for them to give their
   * connections back to DuckDB, then closes every connection. Kysely calls this from `db.destroy()`.
   */
  async destroy(): Promise<void> {
    this.#destroyed = true;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(new Error('DuckDB driver has been destroyed'));
    const all = this.#all.splice(0);
    this.#idle.length = 0;
    await Promise.all(
      all.map(async (connection) => {
        // A caller's catch may start one more statement (a rollback) once interrupted: settle
        // until the connection is idle at the moment it is closed.
        while (connection.busy) await connection.settle();
        connection.close();
      }),
    );
  }
}
