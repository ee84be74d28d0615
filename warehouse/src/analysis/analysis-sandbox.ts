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
import { closeSync, openSync, rmSync, writeSync, writevSync } from 'node:fs';
import { join } from 'node:path';
import {
  type DuckDBConnection,
  type DuckDBDataChunk,
  DuckDBInstance,
  type DuckDBPreparedStatement,
  type DuckDBType,
  JsonDuckDBValueConverter,
  type Json,
} from '@duckdb/node-api';
import { ANALYSIS_TABLE_NAMES } from './analysis-dictionary.js';
import { ARROW_ROW_COUNT_KEY, ARROW_TRUNCATED_KEY, concatBytes } from '@hamgam/shared';
import { type ArrowIpcOptions, ArrowIpcWriter } from './arrow-ipc.js';
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
  /**
   * Write the result to this file as it is read (the Arrow IPC stream, or the JSON array of rows)
   * instead of returning it: a result is then never held whole, and each chunk is converted while
   * DuckDB computes the next one. The outcome names the file in `path`.
   */
  file?: string;
  /**
   * Told, after each write to `file`, how many bytes of it are written so far (and the result's
   * columns): the server starts sending a large result while the rest is still being read.
   */
  onProgress?: (bytes: number, columns: SandboxColumn[]) => void;
  /** Arrow only: repetitive VARCHAR columns as dictionaries (see ArrowIpcWriter). */
  dictionaries?: boolean;
}

export type RunOutcome =
  | { status: 'succeeded'; columns: SandboxColumn[]; rowCount: number; truncated: boolean; rows?: Json[][]; arrow?: Uint8Array; path?: string }
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
    const file = options.file ? new ResultFile(options.file, options.onProgress) : null;
    const parts: Uint8Array[] = [];
    const rows: Json[][] = [];
    const format =
      options.format === 'arrow'
        ? // The writer reuses its buffers batch to batch: the file takes the bytes at once, memory a copy.
          arrowSink(file ? (p) => file.bytes(p) : (p) => parts.push(concatBytes(p)), { dictionaries: options.dictionaries })
        : file
          ? jsonTextSink(file)
          : jsonValueSink(rows);
    // The file learns the columns before the first bytes (the schema) are written to it.
    const sink: ChunkSink = {
      ...format,
      start(columns, types) {
        file?.describe(columns);
        format.start(columns, types);
      },
    };
    try {
      const read = await this.read(sql, options.rowLimit, options.timeoutMs, sink);
      if (read.status !== 'read') return read;
      const { columns, rowCount, truncated } = read;
      sink.end({ rowCount, truncated });
      if (file) {
        file.finish();
        return { status: 'succeeded', columns, rowCount, truncated, path: options.file };
      }
      return options.format === 'arrow'
        ? { status: 'succeeded', columns, rowCount, truncated, arrow: concatBytes(parts) }
        : { status: 'succeeded', columns, rowCount, truncated, rows };
    } catch (error) {
      return { status: 'failed', message: `The result could not be written: ${error instanceof Error ? error.message : String(error)}`, position: null };
    } finally {
      // Anything but a finished file is removed: a half-written result is never served as a whole
      // one (a server already sending it as it grows ends the response abruptly instead).
      file?.close();
    }
  }

  /** Runs the vetted query and writes its rows (up to the cap) to a file in the export folder. */
  async exportTo(sql: string, format: ExportFileFormat, fileName: string, options: Omit<RunOptions, 'format'>): Promise<RunOutcome & { path?: string }> {
    const chunks: DuckDBDataChunk[] = [];
    let types: DuckDBType[] = [];
    const read = await this.read(sql, options.rowLimit, options.timeoutMs, {
      start: (_columns, columnTypes) => {
        types = columnTypes;
      },
      chunk: (chunk, count) => {
        if (chunk.rowCount > count) chunk.rowCount = count;
        chunks.push(chunk);
      },
      end: () => undefined,
    });
    if (read.status !== 'read') return read;
    const path = join(this.exportDir, fileName);
    const connection = await this.exporter.connect();
    try {
      const tableName = `export_${fileName.replace(/\W/g, '_')}`;
      const columnList = read.columns.map((c, i) => `"col${i}" ${types[i].toString()}`).join(', ');
      await connection.run(`create table ${tableName} (${columnList})`);
      const appender = await connection.createAppender(tableName);
      for (const chunk of chunks) appender.appendDataChunk(chunk);
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
    }
  }

  /**
   * Vets the statement and streams its rows into the sink, up to the row cap. One row past the cap
   * tells whether there was more, without computing the rest. The next chunk is asked for before
   * the sink converts the current one, so DuckDB computes it (on its own thread) meanwhile.
   */
  private async read(sql: string, rowLimit: number, timeoutMs: number, sink: ChunkSink) {
    const connection = await this.instance.connect();
    this.running = connection;
    this.stopReason = null;
    const started = Date.now();
    const timer = setTimeout(() => this.interrupt('timed_out'), timeoutMs);
    try {
      const outcome = await this.readRows(connection, sql, rowLimit, sink, () => worthRerunning(Date.now() - started, timeoutMs));
      // A cancel or the timeout that landed meanwhile (in the gate's prepare, between chunks, in
      // the rerun) is the stop the caller asked for, not a failure of the SQL.
      return this.stopReason ? stopped(this.stopReason, timeoutMs) : outcome;
    } catch (error) {
      if (this.stopReason) return stopped(this.stopReason, timeoutMs);
      const e = readDuckDBError(error);
      return failure(e.message, e.position);
    } finally {
      clearTimeout(timer);
      if (this.running === connection) this.running = null;
      connection.closeSync();
    }
  }

  private async readRows(connection: DuckDBConnection, sql: string, rowLimit: number, sink: ChunkSink, canRerun: () => boolean) {
    // An explicit transaction makes a failure in the middle of the rows detectable (see below).
    await connection.run('begin transaction');
    const verdict = await vetStatement(connection, sql, { tables: this.tables });
    if (!verdict.ok) {
      // A statement DuckDB could not bind is the analyst's mistake, not a refusal; preparing it can
      // also run out of memory, when a query before left the worker short of it.
      if (verdict.refusal.code === 'bind_error') return failure(verdict.refusal.message, verdict.refusal.position);
      return { status: 'refused' as const, refusal: verdict.refusal };
    }
    const result = await verdict.prepared.stream();
    const types = result.columnTypes();
    const columns = result.columnNames().map((name, i) => ({ name, type: types[i].toString() }));
    sink.start(columns, types);
    let rows = 0;
    let truncated = false;
    let next: Promise<DuckDBDataChunk | null> | null = result.fetchChunk();
    try {
      for (;;) {
        const chunk = await next;
        next = null;
        // DuckDB's interrupt usually lands within a chunk or two, but once here it took 13 s of
        // chunk after chunk: a stop asked for is also honoured between chunks.
        if (this.stopReason || !chunk || chunk.rowCount === 0) break;
        if (rows === rowLimit) {
          truncated = true;
          break;
        }
        const count = Math.min(chunk.rowCount, rowLimit - rows);
        if (count < chunk.rowCount) truncated = true;
        else next = result.fetchChunk();
        sink.chunk(chunk, count);
        rows += count;
        if (truncated) break;
      }
    } finally {
      // A chunk still being computed must land before the connection closes.
      if (next) await next.catch(() => null);
    }
    if (!this.stopReason && !truncated && (await failedMidway(connection))) {
      // DuckDB's driver ends a streamed result that failed part-way exactly as one that is done
      // (no error, no more chunks), and does not expose the error: the rows read so far would
      // pass for the whole result. The aborted transaction gives the failure away; running the
      // statement once more, whole, gives its reason.
      return this.reasonOfFailure(connection, verdict.prepared, rows, canRerun());
    }
    return { status: 'read' as const, columns, rowCount: rows, truncated };
  }

  close(): void {
    this.instance.closeSync();
    this.exporter.closeSync();
  }

  /** `canRerun`: see worthRerunning. */
  private async reasonOfFailure(connection: DuckDBConnection, prepared: DuckDBPreparedStatement, rowsRead: number, canRerun: boolean) {
    const position = null;
    if (!canRerun) {
      // Run again, it would most likely be stopped at the time limit, and say "timed out" instead.
      return {
        status: 'failed' as const,
        message: `The query failed part-way through its rows (${rowsRead} of them already read); DuckDB does not say why there, and running it again to find out would pass the time limit. Narrow it (fewer rows, a WHERE) and run it again to see its error.`,
        position,
      };
    }
    try {
      await connection.run('rollback');
      await prepared.run();
    } catch (error) {
      const e = readDuckDBError(error);
      return failure(`${e.message} (it failed part-way through its rows, ${rowsRead} of them already read)`, e.position);
    }
    return { status: 'failed' as const, message: `The query stopped after ${rowsRead} rows without saying why, and did not fail when run again: run it once more.`, position };
  }
}

/**
 * Whether a query that failed part-way may be run again for its reason: only when the time left
 * before its limit is at least the time it took, so the rerun can get as far as the failure.
 */
export function worthRerunning(elapsedMs: number, timeoutMs: number): boolean {
  return timeoutMs - elapsedMs >= elapsedMs;
}

/** After the last chunk: true when the query failed while its rows were read (its transaction is then aborted). */
async function failedMidway(connection: DuckDBConnection): Promise<boolean> {
  try {
    await connection.run('select 1');
    return false;
  } catch (error) {
    if (/transaction is aborted/i.test(readDuckDBError(error).message)) return true;
    throw error;
  }
}

export const OUT_OF_MEMORY =
  'The query needed more memory than the workbench allows and was stopped. Aggregate or filter before joining, or select fewer rows.';

/**
 * DuckDB's own limit, or an allocation refused by the worker's memory cap — and the sandbox's own
 * sentence for either (OUT_OF_MEMORY), which is what the pool sees in an outcome when it decides
 * whether the worker must be replaced.
 */
export function isOutOfMemory(message: string): boolean {
  return message.startsWith(OUT_OF_MEMORY) || /out of memory|bad.alloc|allocation failure|failed to allocate/i.test(message);
}

/** A query DuckDB failed, in the analyst's terms: running out of memory in the workbench's sentence (wherever it happened), else DuckDB's own. */
export function failure(message: string, position: number | null) {
  return isOutOfMemory(message) ? { status: 'failed' as const, message: OUT_OF_MEMORY, position: null } : { status: 'failed' as const, message, position };
}

function stopped(reason: 'timed_out' | 'cancelled', timeoutMs: number): RunOutcome {
  return reason === 'timed_out'
    ? { status: 'timed_out', message: `The query ran longer than ${Math.round(timeoutMs / 1000)} s and was stopped. Narrow it (a WHERE on date, fewer joins) or aggregate before joining.` }
    : { status: 'cancelled', message: 'The query was cancelled.' };
}

/** Where a result goes, chunk by chunk. */
interface ChunkSink {
  start(columns: SandboxColumn[], types: DuckDBType[]): void;
  /** The chunk's first `count` rows belong to the result. */
  chunk(chunk: DuckDBDataChunk, count: number): void;
  end(facts: { rowCount: number; truncated: boolean }): void;
}

/** A result written to a file; close() removes it unless finish() was called. */
class ResultFile {
  private fd: number | null;
  private done = false;
  private pending: string[] = [];
  private pendingLength = 0;
  private written = 0;
  private columns: SandboxColumn[] = [];

  constructor(
    private readonly path: string,
    private readonly onProgress?: (bytes: number, columns: SandboxColumn[]) => void,
  ) {
    this.fd = openSync(path, 'w');
  }

  describe(columns: SandboxColumn[]): void {
    this.columns = columns;
  }

  bytes(parts: Uint8Array[]): void {
    if (parts.length === 0) return;
    this.wrote(writevSync(this.fd!, parts), parts.reduce((n, p) => n + p.byteLength, 0));
  }

  /** Text is gathered into writes of about a megabyte. */
  text(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= 1 << 20) this.flushText();
  }

  finish(): void {
    this.flushText();
    this.done = true;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    if (!this.done) rmSync(this.path, { force: true });
  }

  private flushText(): void {
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    this.wrote(writeSync(this.fd!, text), Buffer.byteLength(text));
  }

  /** The server reads the file up to what it is told is written: a short write must not pass unseen. */
  private wrote(bytes: number, expected: number): void {
    if (bytes !== expected) throw new Error(`only ${bytes} of ${expected} bytes reached the result file`);
    this.written += bytes;
    this.onProgress?.(this.written, this.columns);
  }
}

/** The Arrow IPC stream, its parts handed to `write` as they are completed. */
function arrowSink(write: (parts: Uint8Array[]) => void, options: ArrowIpcOptions): ChunkSink {
  let writer: ArrowIpcWriter;
  return {
    start(columns, types) {
      // The schema comes with the first record batch (it waits to choose each VARCHAR column's encoding).
      writer = new ArrowIpcWriter(
        columns.map((c, i) => ({ name: c.name, type: types[i] })),
        options,
      );
    },
    chunk: (chunk, count) => write(writer.append(chunk, count)),
    end: ({ rowCount, truncated }) => write(writer.finish({ [ARROW_ROW_COUNT_KEY]: String(rowCount), [ARROW_TRUNCATED_KEY]: String(truncated) })),
  };
}

/** A chunk's first `count` rows, JSON-safe: BIGINT and HUGEINT as strings, DATE as 'YYYY-MM-DD' (DuckDB's JSON converter). */
function jsonRowsOf(chunk: DuckDBDataChunk, count: number): Json[][] {
  const converted = chunk.convertRows(JsonDuckDBValueConverter) as Json[][];
  return count < converted.length ? converted.slice(0, count) : converted;
}

/** The rows as values, into `rows`. */
function jsonValueSink(rows: Json[][]): ChunkSink {
  return {
    start: () => undefined,
    chunk(chunk, count) {
      for (const row of jsonRowsOf(chunk, count)) rows.push(row);
    },
    end: () => undefined,
  };
}

/** The rows as the text of one JSON array, written chunk by chunk. */
function jsonTextSink(file: ResultFile): ChunkSink {
  let first = true;
  return {
    start: () => file.text('['),
    chunk(chunk, count) {
      const rows = jsonRowsOf(chunk, count);
      if (rows.length === 0) return;
      // The chunk's array without its brackets, joined to the ones before it.
      file.text((first ? '' : ',') + JSON.stringify(rows).slice(1, -1));
      first = false;
    },
    end: () => file.text(']'),
  };
}

export type { DuckDBType };
