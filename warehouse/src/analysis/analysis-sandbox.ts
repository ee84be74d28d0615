/**
 * The DuckDB side of the analyst sandbox, run inside the sandbox worker process (never in the
 * server): the analysis replica opened read-only with file, network and extension access off and
 * the configuration locked; one fresh connection per query so temporary macros, views, variables
 * and session settings cannot outlive it (the gate refuses them anyway); results read as DuckDB's
 * columnar chunks up to the row cap.
 *
 * Exports to files (CSV, Parquet) are written by a second, in-memory DuckDB instance that never
 * sees analyst text: the vetted query's chunks are appended into it, and it alone may write, into
 * the export folder only. The replica's instance keeps `allowed_directories` empty.
 */
import { join } from 'node:path';
import {
  type DuckDBConnection,
  type DuckDBDataChunk,
  DuckDBInstance,
  type DuckDBType,
  JsonDuckDBValueConverter,
  type Json,
} from '@duckdb/node-api';
import { ANALYSIS_TABLE_NAMES } from './analysis-dictionary.js';
import { toArrowIpc } from './arrow-ipc.js';
import { type Refusal, readDuckDBError, vetStatement } from './statement-gate.js';

export interface SandboxLimits {
  /** DuckDB's own memory limit, e.g. '512MB' (the process also has an address-space cap from outside). */
  memoryLimit: string;
  threads: number;
  /** Spill space for large sorts and joins, e.g. '1GB'. */
  maxTempDirectorySize: string;
}

export interface SandboxColumn {
  name: string;
  /** DuckDB's type, e.g. 'BIGINT', 'DATE', 'VARCHAR[]'. */
  type: string;
}

export type SandboxFormat = 'json' | 'arrow';

export interface RunOptions {
  rowLimit: number;
  format: SandboxFormat;
  timeoutMs: number;
}

export type RunOutcome =
  | { status: 'succeeded'; columns: SandboxColumn[]; rowCount: number; truncated: boolean; rows?: Json[][]; arrow?: Uint8Array }
  | { status: 'refused'; refusal: Refusal }
  | { status: 'failed'; message: string; position: number | null }
  | { status: 'timed_out' | 'cancelled'; message: string };

export type ExportFileFormat = 'csv' | 'parquet';

const TEHRAN = 'Asia/Tehran';

function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** Settings that must hold before the configuration is locked (the lock also freezes TimeZone and threads). */
async function lockDown(connection: DuckDBConnection, extra: string[]): Promise<void> {
  for (const statement of [`set TimeZone = '${TEHRAN}'`, ...extra, 'set lock_configuration = true']) await connection.run(statement);
}

export class AnalysisSandbox {
  private running: DuckDBConnection | null = null;
  private stopReason: 'timed_out' | 'cancelled' | null = null;
  private readonly tables = new Set(ANALYSIS_TABLE_NAMES);

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly exporter: DuckDBInstance,
    private readonly exportDir: string,
    readonly replicaPath: string,
  ) {}

  static async open(replicaPath: string, exportDir: string, limits: SandboxLimits): Promise<AnalysisSandbox> {
    const common = {
      enable_external_access: 'false',
      autoload_known_extensions: 'false',
      autoinstall_known_extensions: 'false',
      allow_community_extensions: 'false',
      memory_limit: limits.memoryLimit,
      threads: String(limits.threads),
      errors_as_json: 'true',
    };
    const instance = await DuckDBInstance.create(replicaPath, {
      ...common,
      access_mode: 'READ_ONLY',
      max_temp_directory_size: limits.maxTempDirectorySize,
    });
    const setup = await instance.connect();
    await lockDown(setup, []);
    setup.closeSync();

    // allowed_directories is a list: set in SQL, before external access goes off for good.
    const { enable_external_access: _off, ...exporterConfig } = common;
    const exporter = await DuckDBInstance.create(':memory:', exporterConfig);
    const exportSetup = await exporter.connect();
    await lockDown(exportSetup, [`set allowed_directories = [${quoteLiteral(exportDir)}]`, 'set enable_external_access = false']);
    exportSetup.closeSync();
    return new AnalysisSandbox(instance, exporter, exportDir, replicaPath);
  }

  /** Interrupts the running query, if any; the run reports why it stopped. */
  interrupt(reason: 'timed_out' | 'cancelled'): void {
    if (!this.running) return;
    this.stopReason = reason;
    this.running.interrupt();
  }

  async run(sql: string, options: RunOptions): Promise<RunOutcome> {
    const read = await this.read(sql, options.rowLimit, options.timeoutMs);
    if (read.status !== 'read') return read;
    const { columns, chunks, rowCount, truncated, types } = read;
    try {
      if (options.format === 'arrow') {
        return { status: 'succeeded', columns, rowCount, truncated, arrow: toArrowIpc(columns.map((c, i) => ({ name: c.name, type: types[i] })), chunks, rowCount) };
      }
      return { status: 'succeeded', columns, rowCount, truncated, rows: jsonRows(chunks, rowCount) };
    } finally {
      read.release();
    }
  }

  /** Runs the vetted query and writes its rows (up to the cap) to a file in the export folder. */
  async exportTo(sql: string, format: ExportFileFormat, fileName: string, options: Omit<RunOptions, 'format'>): Promise<RunOutcome & { path?: string }> {
    const read = await this.read(sql, options.rowLimit, options.timeoutMs);
    if (read.status !== 'read') return read;
    const path = join(this.exportDir, fileName);
    const connection = await this.exporter.connect();
    try {
      const tableName = `export_${fileName.replace(/\W/g, '_')}`;
      const columnList = read.columns.map((c, i) => `"col${i}" ${read.types[i].toString()}`).join(', ');
      await connection.run(`create table ${tableName} (${columnList})`);
      const appender = await connection.createAppender(tableName);
      let left = read.rowCount;
      for (const chunk of read.chunks) {
        if (left <= 0) break;
        if (chunk.rowCount > left) chunk.rowCount = left;
        appender.appendDataChunk(chunk);
        left -= chunk.rowCount;
      }
      appender.closeSync();
      const select = read.columns.map((c, i) => `"col${i}" as "${c.name.replaceAll('"', '""')}"`).join(', ');
      const options = format === 'parquet' ? '(format parquet, compression zstd)' : '(format csv, header true)';
      await connection.run(`copy (select ${select} from ${tableName}) to ${quoteLiteral(path)} ${options}`);
      await connection.run(`drop table ${tableName}`);
      return { status: 'succeeded', columns: read.columns, rowCount: read.rowCount, truncated: read.truncated, path };
    } catch (error) {
      const e = readDuckDBError(error);
      return { status: 'failed', message: `The export could not be written: ${e.message}`, position: null };
    } finally {
      connection.closeSync();
      read.release();
    }
  }

  private async read(sql: string, rowLimit: number, timeoutMs: number) {
    const connection = await this.instance.connect();
    this.running = connection;
    this.stopReason = null;
    const timer = setTimeout(() => this.interrupt('timed_out'), timeoutMs);
    const release = () => {
      clearTimeout(timer);
      if (this.running === connection) this.running = null;
      connection.closeSync();
    };
    try {
      const verdict = await vetStatement(connection, sql, { tables: this.tables });
      if (!verdict.ok) {
        release();
        // A cancel or the timeout that lands while the gate is still preparing the statement
        // interrupts the prepare: that is the stop the caller asked for, not a failure of the SQL.
        if (this.stopReason) return stopped(this.stopReason, timeoutMs);
        if (verdict.refusal.code === 'bind_error') return { status: 'failed' as const, message: verdict.refusal.message, position: verdict.refusal.position };
        return { status: 'refused' as const, refusal: verdict.refusal };
      }
      const result = await verdict.prepared.stream();
      const chunks: DuckDBDataChunk[] = [];
      let rows = 0;
      // One row past the cap tells whether there was more, without computing the rest.
      while (rows <= rowLimit) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        chunks.push(chunk);
        rows += chunk.rowCount;
      }
      const types = result.columnTypes();
      const columns = result.columnNames().map((name, i) => ({ name, type: types[i].toString() }));
      const truncated = rows > rowLimit;
      clearTimeout(timer);
      return { status: 'read' as const, columns, types, chunks, rowCount: Math.min(rows, rowLimit), truncated, release };
    } catch (error) {
      release();
      if (this.stopReason) return stopped(this.stopReason, timeoutMs);
      const e = readDuckDBError(error);
      if (isOutOfMemory(e.message)) return { status: 'failed' as const, message: OUT_OF_MEMORY, position: null };
      return { status: 'failed' as const, message: e.message, position: e.position };
    }
  }

  close(): void {
    this.instance.closeSync();
    this.exporter.closeSync();
  }
}

export const OUT_OF_MEMORY =
  'The query needed more memory than the workbench allows and was stopped. Aggregate or filter before joining, or select fewer rows.';

/** DuckDB's own limit, or an allocation refused by the worker's memory cap. */
export function isOutOfMemory(message: string): boolean {
  return /out of memory|bad.alloc|allocation failure|failed to allocate/i.test(message);
}

function stopped(reason: 'timed_out' | 'cancelled', timeoutMs: number): RunOutcome {
  return reason === 'timed_out'
    ? { status: 'timed_out', message: `The query ran longer than ${Math.round(timeoutMs / 1000)} s and was stopped. Narrow it (a WHERE on date, fewer joins) or aggregate before joining.` }
    : { status: 'cancelled', message: 'The query was cancelled.' };
}

/** JSON-safe rows: BIGINT and HUGEINT as strings, DATE as 'YYYY-MM-DD', as DuckDB's JSON converter gives. */
function jsonRows(chunks: DuckDBDataChunk[], limit: number): Json[][] {
  const rows: Json[][] = [];
  for (const chunk of chunks) {
    const converted = chunk.convertRows(JsonDuckDBValueConverter) as Json[][];
    for (const row of converted) {
      if (rows.length >= limit) return rows;
      rows.push(row);
    }
  }
  return rows;
}

export type { DuckDBType };
