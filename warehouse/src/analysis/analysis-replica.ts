/**
 * Publishing the analysis replica: a separate DuckDB file holding only the tables of the data
 * dictionary, copied from one snapshot of the warehouse, written to a new file and then renamed
 * over the published one, so a reader sees the old replica or the new one and never half of one.
 * A worker that has the old file open keeps reading it until it reopens (the rename leaves the
 * open file's data in place on POSIX systems).
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Warehouse } from '../connection.js';
import { ANALYSIS_DICTIONARY } from './analysis-dictionary.js';

export const REPLICA_FILE = 'analysis-replica.duckdb';

export interface PublishedReplica {
  path: string;
  /** The warehouse data version the copy started from (later loads are published next time). */
  dataVersion: number;
  publishedAt: string;
  rows: Record<string, number>;
  durationMs: number;
}

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

let publishCount = 0;

/** Copies the dictionary's tables into `<dir>/analysis-replica.duckdb`, atomically. */
export async function publishAnalysisReplica(warehouse: Warehouse, dir: string, opts: { signal?: AbortSignal } = {}): Promise<PublishedReplica> {
  const started = Date.now();
  mkdirSync(dir, { recursive: true });
  const dataVersion = warehouse.getDataVersion();
  const alias = `hamgam_replica_publish_${process.pid}_${++publishCount}`;
  const target = join(dir, REPLICA_FILE);
  const scratch = join(dir, `${REPLICA_FILE}.${process.pid}.${publishCount}.next`);
  rmSync(scratch, { force: true });
  rmSync(`${scratch}.wal`, { force: true });

  opts.signal?.throwIfAborted();
  const connection = await warehouse.instance.connect();
  // A stop must not close the warehouse under a running copy (the process would hang at exit).
  const interrupt = () => connection.interrupt();
  opts.signal?.addEventListener('abort', interrupt, { once: true });
  const rows: Record<string, number> = {};
  try {
    const source = String((await connection.runAndReadAll('select current_database()')).getRows()[0][0]);
    await connection.run(`attach ${literal(scratch)} as ${ident(alias)}`);
    try {
      // One transaction: every table comes from the same snapshot of the warehouse.
      await connection.run('begin transaction');
      for (const table of ANALYSIS_DICTIONARY) {
        const columns = table.columns.map((c) => ident(c.name)).join(', ');
        await connection.run(`create table ${ident(alias)}.main.${ident(table.name)} as select ${columns} from ${ident(source)}.main.${ident(table.name)}`);
        const count = await connection.runAndReadAll(`select count(*) from ${ident(alias)}.main.${ident(table.name)}`);
        rows[table.name] = Number(count.getRows()[0][0]);
      }
      await connection.run('commit');
    } catch (error) {
      await connection.run('rollback').catch(() => undefined);
      throw error;
    } finally {
      await connection.run(`detach ${ident(alias)}`).catch(() => undefined);
    }
  } finally {
    opts.signal?.removeEventListener('abort', interrupt);
    connection.closeSync();
  }
  if (opts.signal?.aborted) {
    rmSync(scratch, { force: true });
    rmSync(`${scratch}.wal`, { force: true });
    opts.signal.throwIfAborted();
  }
  // DuckDB checkpoints the attached file when it is detached, unless another connection's
  // transaction still holds that database (one that scanned every catalogue, such as
  // duckdb_columns(), while it was attached): then the copy is left in the file's WAL and the file
  // stays locked by this process until that transaction ends. Such a file is never published.
  if (existsSync(`${scratch}.wal`)) {
    rmSync(scratch, { force: true });
    rmSync(`${scratch}.wal`, { force: true });
    throw new Error(`replica ${scratch} left a write-ahead log behind (another transaction held it open); not published`);
  }
  renameSync(scratch, target);
  return { path: target, dataVersion, publishedAt: new Date().toISOString(), rows, durationMs: Date.now() - started };
}

