/**
 * Analyst SQL: who may run it, the limits of a request, the audit of every attempt, and the mapping
 * of the sandbox's outcomes to results and errors. The SQL itself is judged and run only in a
 * sandbox worker process (sandbox-pool.ts), on the analysis replica, never on the warehouse.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { join } from 'node:path';
import { ForbiddenException, HttpStatus, Inject, Injectable, Logger, NotFoundException, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import ExcelJS from 'exceljs';
import {
  ALLOWED_TABLE_FUNCTIONS,
  ANALYSIS_DICTIONARY,
  ANALYSIS_TABLE_NAMES,
  type QueryAuditRow,
  type Warehouse,
  abandonRunningQueries,
  finishQueryAudit,
  getQueryAudit,
  insertQueryAudit,
  listQueryHistory,
  listWarehouseColumns,
} from '@hamgam/warehouse';
import {
  type Caller,
  type ExportFormat,
  EXPORT_FORMATS,
  type QueryColumn,
  type QueryHistoryResponse,
  type QueryOutcome,
  type QuerySchemaResponse,
  WORKBENCH_ROLES,
} from '@hamgam/shared';
import { WAREHOUSE } from '../tokens.js';
import { AnalysisReplicaService } from './analysis-replica.service.js';
import { queryError } from './query-errors.js';
import { QUERY_CONFIG } from './query.tokens.js';
import type { QueryConfig } from './query.config.js';
import { GrowingFile } from './growing-file.js';
import { HeldResults } from './held-results.js';
import { type ResultSpool, openResultSpool } from './result-spool.js';
import { type JobMessage, PoolBusyError, type ProgressListener, SandboxPool } from './sandbox-pool.js';
import type { ReplicaRef, WorkerOutcome } from './worker-protocol.js';

export interface QueryInput {
  sql?: unknown;
  rowLimit?: unknown;
  queryId?: unknown;
  /** Arrow only: let the response start before the result's end (see StreamedQueryRun). */
  stream?: unknown;
  /** Arrow only: repetitive VARCHAR columns as dictionaries (warehouse/analysis/arrow-ipc.ts). */
  dictionaries?: unknown;
}

/**
 * An Arrow result sent while its worker still writes it (asked for with `stream: true`, and only
 * once it passes STREAM_AFTER_BYTES): the response starts before the row count and the truncated
 * flag are known, so they are not headers but the custom metadata of the stream's last record batch
 * (ARROW_ROW_COUNT_KEY, ARROW_TRUNCATED_KEY). A query that fails after the response started cuts it
 * off (no end-of-stream marker, the connection reset); its audit and history say why.
 */
export interface StreamedQueryRun {
  streamed: true;
  queryId: string;
  columns: QueryColumn[];
  rowLimit: number;
  dataVersion: number;
  arrowStream: Readable;
}

type Succeeded = Extract<WorkerOutcome, { status: 'succeeded' }>;

/** A successful run: rows for JSON, or the Arrow IPC bytes. */
export interface QueryRun {
  queryId: string;
  columns: QueryColumn[];
  rowCount: number;
  truncated: boolean;
  rowLimit: number;
  durationMs: number;
  dataVersion: number;
  rows?: unknown[][];
  arrow?: Uint8Array;
  /** The Arrow IPC bytes as a stream from the worker's file (a run asked for Arrow), and their size. */
  arrowStream?: Readable;
  arrowBytes?: number;
  /** The rows as the text of one JSON array, streamed from the worker's file (a run asked for JSON), and its size. */
  rowsJson?: Readable;
  rowsJsonBytes?: number;
}

export interface ExportFile {
  fileName: string;
  contentType: string;
  body: Buffer;
}

/** A streamed run's response starts once this much of its result is written (smaller ones are answered whole, with their facts as headers). */
export const STREAM_AFTER_BYTES = 1 << 20;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_HISTORY = 500;
/** Excel's sheet holds 1,048,576 rows, the header included. */
const XLSX_MAX_ROWS = 1_048_575;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  parquet: 'application/vnd.apache.parquet',
  arrow: 'application/vnd.apache.arrow.stream',
};

/** Agency users never reach analyst SQL: the check every method starts with. */
export function assertWorkbenchCaller(caller: Caller): void {
  if (!(WORKBENCH_ROLES as readonly string[]).includes(caller.role)) {
    throw new ForbiddenException({ message: 'The analyst workbench is for analysts, ministers and admins; agency users cannot use it.' });
  }
}

@Injectable()
export class QueryService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('QueryService');
  private pool!: SandboxPool;
  private readonly exportDir: string;
  private spool!: ResultSpool;
  private readonly held: HeldResults;

  constructor(
    @Inject(WAREHOUSE) private readonly warehouse: Warehouse,
    @Inject(QUERY_CONFIG) private readonly config: QueryConfig,
    private readonly replica: AnalysisReplicaService,
  ) {
    this.exportDir = join(replica.dir, 'exports');
    this.held = new HeldResults(config.resultsPerUserBytes, config.resultsTotalBytes);
  }

  async onModuleInit(): Promise<void> {
    await abandonRunningQueries(this.warehouse.db);
    mkdirSync(this.exportDir, { recursive: true });
    this.spool = openResultSpool(this.config.resultDir, this.exportDir);
    await this.replica.start();
    this.pool = new SandboxPool(this.config, {
      exportDir: this.exportDir,
      resultDir: this.spool.dir,
      limits: { memoryLimit: this.config.duckdbMemoryLimit, threads: this.config.duckdbThreads, maxTempDirectorySize: this.config.maxTempDirectorySize },
    });
    this.pool.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool?.close();
    this.spool?.close();
  }

  /** For tests: the worker processes' ids and how many were ever started. */
  sandboxWorkers(): { pids: number[]; spawned: number } {
    return { pids: this.pool.pids(), spawned: this.pool.spawned };
  }

  async run(caller: Caller, input: QueryInput, format: 'json' | 'arrow'): Promise<QueryRun | StreamedQueryRun> {
    const sql = typeof input.sql === 'string' ? input.sql : null;
    const queryId = await this.newQueryId(input.queryId);
    await this.guard(caller, queryId, sql, format);
    const rowLimit = this.rowLimitOf(input.rowLimit);
    const progressive = format === 'arrow' && this.flagOf('stream', input.stream);
    const dictionaries = format === 'arrow' && this.flagOf('dictionaries', input.dictionaries);
    const job = (replica: ReplicaRef): JobMessage => ({
      type: 'run',
      id: queryId,
      sql: sql!,
      rowLimit,
      timeoutMs: this.config.timeoutMs,
      format,
      replica,
      progress: progressive,
      dictionaries,
    });
    return progressive ? this.executeStreaming(caller, queryId, sql!, rowLimit, job) : this.execute(caller, queryId, sql!, rowLimit, format, { stream: true }, job);
  }

  cancel(caller: Caller, queryId: string): { queryId: string; cancelled: true } {
    assertWorkbenchCaller(caller);
    const owner = this.pool.ownerOf(queryId);
    // Another user's query is as good as absent: its id tells the caller nothing.
    if (owner === null || (owner !== caller.userId && caller.role !== 'admin')) {
      throw new NotFoundException({ message: `No query ${queryId} of yours is running (it may have finished already).` });
    }
    this.pool.cancel(queryId);
    return { queryId, cancelled: true };
  }

  /** Re-runs a completed query of the caller's with the same text, up to the export row cap, as a file. */
  async export(caller: Caller, queryId: string, format: unknown): Promise<ExportFile> {
    assertWorkbenchCaller(caller);
    if (!(EXPORT_FORMATS as readonly unknown[]).includes(format)) {
      throw queryError(null, 'refused', `Export format must be one of ${EXPORT_FORMATS.join(', ')}.`, { code: 'format' });
    }
    const f = format as ExportFormat;
    const original = await this.ownAudit(caller, queryId);
    if (original.status !== 'succeeded') throw queryError(queryId, 'refused', 'Only a query that completed can be exported.', { code: 'not_completed', httpStatus: HttpStatus.CONFLICT });
    const exportId = randomUUID();
    const rowLimit = f === 'xlsx' ? Math.min(this.config.maxRowLimit, XLSX_MAX_ROWS) : this.config.maxRowLimit;
    const fileName = `hamgam-query-${queryId.slice(0, 8)}.${f}`;
    if (f === 'csv' || f === 'parquet') {
      const workerFile = `${exportId}.${f}`;
      await this.execute(caller, exportId, original.sql_text, rowLimit, `export:${f}`, {}, (replica) => ({
        type: 'export',
        id: exportId,
        sql: original.sql_text,
        rowLimit,
        timeoutMs: this.config.timeoutMs,
        format: f,
        fileName: workerFile,
        replica,
      }));
      const path = join(this.exportDir, workerFile);
      try {
        const bytes = readFileSync(path);
        // Excel opens UTF-8 CSV as UTF-8 (Persian text intact) only with a byte-order mark.
        return { fileName, contentType: CONTENT_TYPES[f], body: f === 'csv' ? Buffer.concat([UTF8_BOM, bytes]) : bytes };
      } finally {
        rmSync(path, { force: true });
      }
    }
    const run = await this.execute(caller, exportId, original.sql_text, rowLimit, `export:${f}`, {}, (replica) => ({
      type: 'run',
      id: exportId,
      sql: original.sql_text,
      rowLimit,
      timeoutMs: this.config.timeoutMs,
      format: f === 'arrow' ? 'arrow' : 'json',
      replica,
    }));
    if (f === 'arrow') return { fileName, contentType: CONTENT_TYPES.arrow, body: Buffer.from(run.arrow!) };
    return { fileName, contentType: CONTENT_TYPES.xlsx, body: await toXlsx(run.columns, run.rows!) };
  }

  async history(caller: Caller, limit?: unknown): Promise<QueryHistoryResponse> {
    assertWorkbenchCaller(caller);
    const n = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > MAX_HISTORY) throw queryError(null, 'refused', `limit must be a whole number from 1 to ${MAX_HISTORY}.`, { code: 'limit' });
    const rows = await listQueryHistory(this.warehouse.db, caller.userId, n);
    return {
      items: rows.map((r) => ({
        queryId: r.query_id,
        startedAt: r.started_at,
        finishedAt: r.finished_at,
        durationMs: r.duration_ms,
        sql: r.sql_text,
        status: r.status as QueryOutcome,
        refused: r.refused,
        reason: r.reason,
        rowCount: r.row_count === null ? null : Number(r.row_count),
        truncated: r.truncated,
        format: r.format,
      })),
    };
  }

  async schema(caller: Caller): Promise<QuerySchemaResponse> {
    assertWorkbenchCaller(caller);
    const types = await listWarehouseColumns(this.warehouse.db, ANALYSIS_TABLE_NAMES);
    const typeOf = new Map(types.map((t) => [`${t.table_name}.${t.column_name}`, t.data_type]));
    return {
      dataVersion: this.replica.dataVersion(),
      tableFunctions: [...ALLOWED_TABLE_FUNCTIONS],
      tables: ANALYSIS_DICTIONARY.map((t) => ({
        name: t.name,
        descriptionFa: t.fa,
        descriptionEn: t.en,
        columns: t.columns.map((c) => ({ name: c.name, type: typeOf.get(`${t.name}.${c.name}`) ?? 'UNKNOWN', descriptionFa: c.fa, descriptionEn: c.en })),
      })),
    };
  }

  // -------------------------------------------------------------------------------------------

  private async newQueryId(requested: unknown): Promise<string> {
    if (requested === undefined || requested === null || requested === '') return randomUUID();
    if (typeof requested !== 'string' || !UUID.test(requested)) throw queryError(null, 'refused', 'queryId must be a UUID.', { code: 'query_id' });
    if (this.pool.isRunning(requested) || (await getQueryAudit(this.warehouse.db, requested))) {
      throw queryError(requested, 'refused', 'This queryId was used already: send a new one for each query.', { code: 'query_id', httpStatus: HttpStatus.CONFLICT });
    }
    return requested.toLowerCase();
  }

  /** The role and the shape of the request, each refusal audited like any other. */
  private async guard(caller: Caller, queryId: string, sql: string | null, format: string): Promise<void> {
    const refusal = (message: string, code: string) => ({ message, code });
    let problem: { message: string; code: string } | null = null;
    if (!(WORKBENCH_ROLES as readonly string[]).includes(caller.role)) problem = refusal('The analyst workbench is for analysts, ministers and admins; agency users cannot use it.', 'role');
    else if (sql === null || sql.trim() === '') problem = refusal('Send the SQL to run in the "sql" field.', 'empty');
    else if (sql.length > this.config.maxSqlLength) problem = refusal(`The query is longer than ${this.config.maxSqlLength} characters.`, 'too_long');
    if (!problem) return;
    await this.audit(caller, queryId, sql ?? '', format, this.warehouse.getDataVersion());
    await this.finish(queryId, Date.now(), 'refused', { reason: problem.message });
    if (problem.code === 'role') throw new ForbiddenException({ queryId, status: 'refused', message: problem.message, code: 'role' });
    throw queryError(queryId, 'refused', problem.message, { code: problem.code });
  }

  /** An optional true/false option of the body (`stream`, `dictionaries`); false when absent. */
  private flagOf(name: 'stream' | 'dictionaries', value: unknown): boolean {
    if (value === undefined || value === null) return false;
    if (typeof value !== 'boolean') throw queryError(null, 'refused', `${name} must be true or false.`, { code: name });
    return value;
  }

  private rowLimitOf(value: unknown): number {
    if (value === undefined || value === null) return this.config.defaultRowLimit;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > this.config.maxRowLimit) {
      throw queryError(null, 'refused', `rowLimit must be a whole number from 1 to ${this.config.maxRowLimit}.`, { code: 'row_limit' });
    }
    return n;
  }

  /** Audits, runs on a sandbox worker, audits the end, and turns anything but success into an HTTP error. */
  private async execute(
    caller: Caller,
    queryId: string,
    sql: string,
    rowLimit: number,
    format: string,
    /** Stream a result file (Arrow or JSON rows) to the response instead of reading it into memory. */
    options: { stream?: boolean },
    job: (replica: ReplicaRef) => JobMessage,
  ): Promise<QueryRun> {
    const { replica, started, message, outcome } = await this.submit(caller, queryId, sql, format, job);
    const done = await outcome;
    const durationMs = Date.now() - started;
    return this.resultOf(caller, await this.record(queryId, started, sql, message, done), { queryId, rowLimit, durationMs, dataVersion: replica.version }, options);
  }

  /**
   * A result file in the spool, opened to be sent (whole, or while its worker still writes it):
   * it counts against its user until it is sent, and a client that leaves before its end cancels
   * the query if it is still running.
   */
  private openForSending(caller: Caller, queryId: string, path: string, written: number): GrowingFile {
    const file = new GrowingFile(path, written, () => this.pool.cancel(queryId));
    this.held.hold(file.stream, caller.userId, () => file.size);
    return file;
  }

  /**
   * An Arrow run whose response may start before its end: once the worker has written the first
   * STREAM_AFTER_BYTES of the result, the bytes go out as the worker writes them. A smaller result
   * (or one that fails first) is answered whole, exactly as `execute` does.
   */
  private async executeStreaming(caller: Caller, queryId: string, sql: string, rowLimit: number, job: (replica: ReplicaRef) => JobMessage): Promise<QueryRun | StreamedQueryRun> {
    const path = join(this.spool.dir, `${queryId}.arrow`);
    let live: GrowingFile | null = null;
    let begin: (columns: QueryColumn[]) => void = () => undefined;
    const begun = new Promise<QueryColumn[]>((resolve) => (begin = resolve));
    const { replica, started, message, outcome } = await this.submit(caller, queryId, sql, 'arrow', job, ({ bytes, columns }) => {
      if (live) return live.grow(bytes);
      if (bytes < STREAM_AFTER_BYTES) return;
      try {
        live = this.openForSending(caller, queryId, path, bytes);
        begin(columns);
      } catch (error) {
        this.logger.warn(`query ${queryId}: its result could not be streamed as it grew, so it is sent whole (${error instanceof Error ? error.message : String(error)})`);
      }
    });
    const first = await Promise.race([outcome, begun.then(() => null)]);
    if (first) {
      // The worker's end came in with its first megabyte (both read off its channel at once):
      // answered whole, its facts as headers, from the file already opened to stream if it was
      // (opening it unlinked its path); a failure lets that file go.
      const opened = live as GrowingFile | null;
      const durationMs = Date.now() - started;
      let recorded: Succeeded;
      try {
        recorded = await this.record(queryId, started, sql, message, first);
      } catch (error) {
        opened?.discard();
        throw error;
      }
      return this.resultOf(caller, recorded, { queryId, rowLimit, durationMs, dataVersion: replica.version }, { stream: true, opened: opened ?? undefined });
    }
    const stream = live!;
    void outcome
      .then((done) => this.record(queryId, started, sql, message, done))
      .then(
        () => stream.finish(),
        (error: unknown) => stream.fail(error instanceof Error ? error : new Error(String(error))),
      );
    return { streamed: true, queryId, columns: await begun, rowLimit, dataVersion: replica.version, arrowStream: stream.stream };
  }

  /**
   * Audits the start and hands the job to the pool. The outcome promise rejects with the HTTP error
   * (audited) when the pool is full.
   */
  private async submit(
    caller: Caller,
    queryId: string,
    sql: string,
    format: string,
    job: (replica: ReplicaRef) => JobMessage,
    onProgress?: ProgressListener,
  ): Promise<{ replica: ReplicaRef; started: number; message: JobMessage; outcome: Promise<WorkerOutcome> }> {
    const replica = await this.replica.current();
    const started = Date.now();
    await this.audit(caller, queryId, sql, format, replica.version);
    const held = this.held.refusal(caller.userId);
    if (held) {
      await this.finish(queryId, started, 'busy', { reason: held.message, refused: true });
      throw queryError(queryId, 'busy', held.message, { code: `busy_results_${held.scope}` });
    }
    const message = job(replica);
    const outcome = this.pool.submit(caller.userId, message, onProgress).catch(async (error: unknown) => {
      if (!(error instanceof PoolBusyError)) throw error;
      await this.finish(queryId, started, 'busy', { reason: error.message, refused: true });
      throw queryError(queryId, 'busy', error.message, { code: `busy_${error.scope}` });
    });
    return { replica, started, message, outcome };
  }

  /** Audits how the job ended; anything but success becomes the HTTP error, and its partial file is removed. */
  private async record(queryId: string, started: number, sql: string, message: JobMessage, outcome: WorkerOutcome): Promise<Succeeded> {
    if (outcome.status === 'succeeded') {
      await this.finish(queryId, started, 'succeeded', { rowCount: outcome.rowCount, truncated: outcome.truncated });
      return outcome;
    }
    // A worker stopped mid-result (killed, or its query failed) may leave a partial file behind.
    for (const ext of ['arrow', 'json']) rmSync(join(this.spool.dir, `${message.id}.${ext}`), { force: true });
    if (outcome.status === 'refused') {
      const { message, position, code } = outcome.refusal;
      await this.finish(queryId, started, 'refused', { reason: message, position });
      throw queryError(queryId, 'refused', message, { sql, position, code });
    }
    if (outcome.status === 'failed') {
      await this.finish(queryId, started, 'failed', { reason: outcome.message, position: outcome.position });
      throw queryError(queryId, 'failed', outcome.message, { sql, position: outcome.position, code: 'error' });
    }
    await this.finish(queryId, started, outcome.status, { reason: outcome.message });
    throw queryError(queryId, outcome.status, outcome.message, { code: outcome.status });
  }

  /** A successful outcome as the run the controller answers with: its rows, bytes, or a stream of its file. */
  private resultOf(
    caller: Caller,
    outcome: Succeeded,
    run: { queryId: string; rowLimit: number; durationMs: number; dataVersion: number },
    /** `opened`: the result file, already opened to be sent (see executeStreaming). */
    options: { stream?: boolean; opened?: GrowingFile },
  ): QueryRun {
    const facts = { ...run, columns: outcome.columns, rowCount: outcome.rowCount, truncated: outcome.truncated };
    const file = outcome.path && /\.(arrow|json)$/.test(outcome.path) ? outcome.path : null;
    if (file && options.stream) {
      const whole = options.opened ?? this.openForSending(caller, run.queryId, file, 0);
      whole.finish();
      const { stream, size } = whole;
      return file.endsWith('.arrow') ? { ...facts, arrowStream: stream, arrowBytes: size } : { ...facts, rowsJson: stream, rowsJsonBytes: size };
    }
    if (file?.endsWith('.json')) return { ...facts, rows: JSON.parse(takeFile(file).toString('utf8')) as unknown[][] };
    const arrow = outcome.arrow ?? (file ? takeFile(file) : undefined);
    return { ...facts, rows: outcome.rows, arrow };
  }

  private audit(caller: Caller, queryId: string, sql: string, format: string, dataVersion: number): Promise<void> {
    return insertQueryAudit(this.warehouse.db, {
      query_id: queryId,
      user_id: caller.userId,
      role: caller.role,
      started_at: new Date(),
      finished_at: null,
      duration_ms: null,
      sql_text: sql,
      status: 'running',
      refused: false,
      reason: null,
      error_position: null,
      row_count: null,
      truncated: null,
      data_version: dataVersion,
      format,
    });
  }

  private finish(
    queryId: string,
    started: number,
    status: QueryOutcome,
    detail: { reason?: string; position?: number | null; rowCount?: number; truncated?: boolean; refused?: boolean },
  ): Promise<void> {
    return finishQueryAudit(this.warehouse.db, queryId, {
      status,
      refused: detail.refused ?? status === 'refused',
      reason: detail.reason ?? null,
      error_position: detail.position ?? null,
      row_count: detail.rowCount ?? null,
      truncated: detail.truncated ?? null,
      duration_ms: Date.now() - started,
      finished_at: new Date(),
    });
  }

  private async ownAudit(caller: Caller, queryId: string): Promise<QueryAuditRow> {
    const row = UUID.test(queryId) ? await getQueryAudit(this.warehouse.db, queryId.toLowerCase()) : undefined;
    if (!row || row.user_id !== caller.userId || row.format.startsWith('export:')) {
      throw new NotFoundException({ message: `You have no query ${queryId}.` });
    }
    return row;
  }
}

/** A result file the worker wrote for this request: read once, then gone. */
function takeFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } finally {
    rmSync(path, { force: true });
  }
}

/** Numbers stay numbers in the sheet (BIGINT and HUGEINT arrive as strings to keep their precision). */
const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL.*)$/;

async function toXlsx(columns: QueryColumn[], rows: unknown[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('query');
  sheet.addRow(columns.map((c) => c.name)).font = { bold: true };
  const numeric = columns.map((c) => NUMERIC.test(c.type));
  for (const row of rows) {
    sheet.addRow(row.map((v, i) => (v === null ? null : numeric[i] ? Number(v) : typeof v === 'object' ? JSON.stringify(v) : v)));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
