/**
 * One pipeline run of one source: fetch since the watermark (less a lookback for late rows and
 * restatements) in the source's format, land every page in a raw staging table, and let SQL
 * validate, quarantine and merge. The rows, the rejects, the restatements, the source's new
 * watermark and the run record commit in one transaction, or not at all: a crash (kill -9
 * included) at any moment leaves the warehouse as it was. A failed run is recorded afterwards in
 * a small transaction of its own. Every run satisfies received = loaded + rejected + duplicate.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Dataset, type FeedFormat, addDays, tehranDay } from '@hamgam/shared';
import {
  type BreakerState,
  type LoadParams,
  type SourceStateRow,
  type StageTypes,
  type Warehouse,
  appendRawRows,
  appendTypedRawRows,
  checkStagedRows,
  checkedCatalogue,
  createRawStage,
  dropLoadStages,
  feedFieldsOf,
  getSourceState,
  keepInsertionOrder,
  loadRawStage,
  rawStageCount,
  recordPipelineRun,
  stageCsvFile,
  stageTypeFits,
  textRawStage,
  upsertSourceState,
} from '@hamgam/warehouse';
import { type FeedRequest, fetchPages } from './feed-client.js';
import { type ParsedPage, parseFeedPage } from './feed-parse.js';
import type { SourceConfig } from './sources.js';

export interface RunResult {
  runId: string;
  sourceId: string;
  status: 'succeeded' | 'failed';
  received: number;
  loaded: number;
  rejected: number;
  duplicate: number;
  watermarkBefore: string | null;
  watermarkAfter: string | null;
  error: string | null;
  /** Stored facts replaced by different values (each recorded in `restatement`). */
  restated?: number;
  /** What did not fail the run but an operator should know (an unknown column ignored…). */
  warnings?: string[];
  format?: FeedFormat;
}

export interface BreakerPolicy {
  /** Consecutive failed runs that open the breaker. */
  failureThreshold: number;
  /** How long an open breaker rejects scheduled runs before one trial run (half-open). */
  coolDownMs: number;
}

export const DEFAULT_BREAKER: BreakerPolicy = { failureThreshold: 3, coolDownMs: 10 * 60_000 };

/** Points where tests stop or break a run; never set in production. */
export interface RunHooks {
  /** After every page is fetched and parsed, before the transaction opens. */
  afterFetch?: () => void | Promise<void>;
  /** After the staged rows are checked, before the transaction opens (the catalogue may change here). */
  afterCheck?: () => void | Promise<void>;
  /** Inside the transaction, after every write, just before commit: throwing rolls it all back. */
  beforeCommit?: () => void | Promise<void>;
}

export interface RunOptions {
  now?: Date;
  /** Days before the watermark pulled again, so late rows and restatements are picked up. */
  lookbackDays?: number;
  /** Per request, body included. */
  timeoutMs?: number;
  retries?: number;
  retryBaseMs?: number;
  /** The whole fetch of a run (every page and retry). */
  runTimeoutMs?: number;
  pageSize?: number;
  breaker?: BreakerPolicy;
  hooks?: RunHooks;
  /**
   * A backfill: pull from `from` (instead of the watermark less the lookback) and keep only rows
   * dated on or before `to`; the rest are left for a later run and named in a warning. The
   * watermark still only moves forward. The catalogue is served whole, as always.
   */
  window?: { from: string; to: string };
  /**
   * Whether a CSV page whose numbers are all canonical may be staged with them typed (the default);
   * false stages every CSV cell as text (tests compare the two; both load the same).
   */
  typedCsv?: boolean;
}

/**
 * A fetched page as it waits for staging. A CSV page DuckDB can read is written to a file of the
 * run's scratch folder as it arrives (`csvFile`), so its bytes are not held in memory; should
 * DuckDB refuse the file, `fallback` parses it in JS from there.
 */
type FetchedPage = ParsedPage & { csvFile?: { path: string; header: string[]; fallback: () => ParsedPage; typed?: StageTypes } };

interface Fetched {
  pages: FetchedPage[];
  received: number;
  warnings: string[];
}

/** The first day asked for: the catalogue is always served whole; the rest since the watermark. */
export function sinceFor(dataset: Dataset, watermark: string | null, lookbackDays = 3): string | null {
  return dataset === 'services' || !watermark ? null : addDays(watermark, -lookbackDays);
}

/** The field whose (Tehran) day places a row in a backfill window; null for the catalogue. */
const WINDOW_DAY_FIELD: Record<Dataset, { name: string; instant: boolean } | null> = {
  services: null,
  'service-metrics': { name: 'date', instant: false },
  exchange: { name: 'date', instant: false },
  'integration-events': { name: 'occurredAt', instant: true },
};

/** Persian and Arabic digits to ASCII, as validation normalises them. */
const asciiDigits = (text: string) => text.replace(/[\u06F0-\u06F9\u0660-\u0669]/g, (d) => String((d.charCodeAt(0) - 0x0660) % 0x90));

/**
 * The rows of a page dated after the window's end are dropped before staging (renumbered from
 * `firstRowNumber`). A row whose day cannot be read is kept: validation quarantines it with a reason.
 */
function keepThrough(page: ParsedPage, fields: readonly string[], dataset: Dataset, to: string, firstRowNumber: number): { page: ParsedPage; dropped: number } {
  const field = WINDOW_DAY_FIELD[dataset];
  if (!field) return { page, dropped: 0 };
  const cells = page.columns[3 + fields.indexOf(field.name)] as (string | null)[];
  const keep: number[] = [];
  for (let i = 0; i < page.rowCount; i++) {
    const text = typeof cells?.[i] === 'string' ? asciiDigits(cells[i] as string).trim() : '';
    let day: string | null = null;
    if (field.instant) {
      const ms = Date.parse(text);
      day = Number.isNaN(ms) ? null : tehranDay(new Date(ms));
    } else if (/^\d{4}-\d{2}-\d{2}$/.test(text)) day = text;
    if (day === null || day <= to) keep.push(i);
  }
  if (keep.length === page.rowCount) return { page, dropped: 0 };
  const columns = page.columns.map((column, c) => (c === 0 ? keep.map((_, k) => BigInt(firstRowNumber + k)) : keep.map((i) => column[i])));
  return { page: { ...page, rowCount: keep.length, columns }, dropped: page.rowCount - keep.length };
}

async function fetchAll(source: SourceConfig, since: string | null, opts: RunOptions, scratch: () => string, stage: (pages: FetchedPage[]) => Promise<void>): Promise<Fetched> {
  const fields = feedFieldsOf(source.dataset);
  const req: FeedRequest = {
    baseUrl: source.baseUrl,
    dataset: source.dataset,
    token: source.token,
    since,
    format: source.format,
    pageSize: opts.pageSize,
    timeoutMs: opts.timeoutMs,
    retries: opts.retries,
    retryBaseMs: opts.retryBaseMs,
    signal: opts.runTimeoutMs ? AbortSignal.timeout(opts.runTimeoutMs) : undefined,
  };
  const pages: FetchedPage[] = [];
  const unknown = new Set<string>();
  let received = 0;
  let afterWindow = 0;
  let next: string | null = null;
  // A page is staged while the next one is fetched: DuckDB works on one core, JS and HTTP on the
  // other. Pages wait in order; CSV pages written to files keep arriving while DuckDB reads, and
  // those waiting together are read in one statement (several files: several of DuckDB's threads).
  // A page held in memory waits for the stage to be free first, so at most one such page waits.
  const queue: FetchedPage[] = [];
  let draining: Promise<void> | null = null;
  let failure: { error: unknown } | null = null;
  const drain = async () => {
    while (queue.length) {
      let n = 1;
      while (n < queue.length && queue[0].csvFile && queue[n].csvFile) n++;
      await stage(queue.splice(0, n));
    }
  };
  const idle = async () => {
    while (draining) await draining;
    if (failure) throw failure.error;
  };
  const handOver = async (page: FetchedPage) => {
    if (failure) throw failure.error;
    if (!page.csvFile) await idle();
    queue.push(page);
    draining ??= drain()
      .catch((error: unknown) => {
        failure = { error };
        queue.length = 0;
      })
      .finally(() => {
        draining = null;
      });
  };
  try {
    for await (const body of fetchPages(req, () => next)) {
      // A backfill drops rows dated after its window in JS, so its CSV pages are parsed here.
      // …and its Arrow pages are parsed the text way too (typed pages carry no JS cells to filter).
      const typedArrow = opts.window ? undefined : (field: string, type: Parameters<typeof stageTypeFits>[2]) => stageTypeFits(source.dataset, field, type);
      const parsed = parseFeedPage(body, fields, received + 1, pages.length + 1, { nativeCsv: !opts.window, typedArrow, typedCsv: opts.typedCsv === false ? undefined : typedArrow });
      const { page, dropped } = opts.window ? keepThrough(parsed, fields, source.dataset, opts.window.to, received + 1) : { page: parsed, dropped: 0 };
      afterWindow += dropped;
      next = parsed.nextCursor;
      if (page.native) {
        const path = join(scratch(), `page-${pages.length + 1}.csv`);
        writeFileSync(path, page.native.body);
        const { format, url, contentType, headerCursor } = body;
        const firstRow = received + 1;
        const number = pages.length + 1;
        const fallback = () => parseFeedPage({ format, url, contentType, headerCursor, body: readFileSync(path) }, fields, firstRow, number);
        await handOver({ ...page, native: undefined, csvFile: { path, header: page.native.header, fallback, typed: page.native.typed } });
      } else await handOver(page);
      pages.push(EMPTY_PAGE);
      received += page.rowCount;
      page.unknownColumns.forEach((c) => unknown.add(c));
    }
  } catch (err) {
    // The run fails: nothing more is staged, and the connection is not handed back while a read runs.
    queue.length = 0;
    await (draining ?? Promise.resolve());
    throw err;
  }
  await idle();
  const warnings = unknown.size ? [`ignored column${unknown.size > 1 ? 's' : ''} the contract does not define: ${[...unknown].join(', ')}`] : [];
  if (afterWindow) warnings.push(`${afterWindow} row${afterWindow > 1 ? 's' : ''} dated after ${opts.window?.to} (the backfill window's end) not loaded`);
  return { pages, received, warnings };
}

const later = (a: string | null, b: string | null) => (!a ? b : !b ? a : a > b ? a : b);

function sourceStateRow(source: SourceConfig, patch: { watermark: string | null; runId: string; lastSuccessAt: string | null; lastError: string | null; failures: number; breaker: BreakerState; breakerOpenedAt: string | null }) {
  return {
    source_id: source.sourceId,
    agency_id: source.agencyId,
    dataset: source.dataset,
    base_url: source.baseUrl,
    format: source.format,
    token: source.token,
    schedule: source.schedule,
    enabled: source.enabled,
    watermark: patch.watermark,
    last_run_id: patch.runId,
    last_success_at: patch.lastSuccessAt,
    last_error: patch.lastError,
    consecutive_failures: patch.failures,
    breaker_state: patch.breaker,
    breaker_opened_at: patch.breakerOpenedAt,
  };
}

/**
 * Lands fetched pages in the raw stage (a temporary table of the run's connection: nothing durable,
 * so it happens while fetching, before the transaction opens), each as it arrives. A CSV page DuckDB
 * can read, written to a file as it arrived, goes in through its native reader; should that read
 * fail, it is parsed in JS and appended like the others. Arrow pages whose columns have the
 * contract's types go in typed (numbers copied as arrays); should a later page not fit the stage's
 * types, the stage is turned into text first and that page parsed the text way.
 */
class PageStager {
  #types: StageTypes = {};
  #created = false;

  constructor(
    private readonly conn: Warehouse['db'],
    private readonly dataset: Dataset,
    private readonly format: FeedFormat,
  ) {}

  /** Pages in order; CSV files of one header and the stage's types in one read (else one by one). */
  async addAll(pages: FetchedPage[]): Promise<void> {
    const [first] = pages;
    if (pages.length > 1 && this.#created && pages.every((page) => page.csvFile && sameHeader(page.csvFile.header, first.csvFile!.header) && sameTypes(page.csvFile.typed ?? {}, this.#types))) {
      const expected = pages.reduce((n, page) => n + page.rowCount, 0);
      const staged = await stageCsvFile(this.conn, this.dataset, pages.map((page) => page.csvFile!.path), first.csvFile!.header, this.#types).catch(() => null);
      if (staged === expected) return;
      if (staged !== null) throw new Error(`DuckDB read ${staged} rows of CSV pages of ${expected}`);
    }
    for (const page of pages) await this.add(page);
  }

  async add(page: FetchedPage): Promise<void> {
    const pageTypes = page.typed?.types ?? page.csvFile?.typed ?? {};
    if (!this.#created) {
      // The first page decides the stage's types (typed for a typed Arrow page or a CSV page of canonical numbers).
      this.#types = pageTypes;
      await createRawStage(this.conn, this.dataset, this.#types);
      this.#created = true;
    }
    const typed = Object.keys(this.#types).length > 0;
    const fits = typed && sameTypes(pageTypes, this.#types);
    if (page.csvFile) {
      // A typed CSV page DuckDB should refuse after all is parsed in JS, which needs a text stage.
      if (fits && (await stageCsvFiles(this.conn, this.dataset, [page], page.csvFile.header, this.#types, false))) return;
      if (typed) await this.#toText();
      await stageCsvFiles(this.conn, this.dataset, [page], page.csvFile.header);
      return;
    }
    if (page.typed && fits) return appendTypedRawRows(this.conn, this.dataset, page.typed.columns(), this.#types);
    if (typed) await this.#toText();
    await appendRawRows(this.conn, page.typed ? page.typed.fallback().columns : page.columns);
  }

  async #toText(): Promise<void> {
    await textRawStage(this.conn, this.dataset, this.format);
    this.#types = {};
  }

  /** Checks that every row received was staged, in order. */
  async finish(received: number): Promise<void> {
    if (!this.#created) await createRawStage(this.conn, this.dataset);
    this.#created = true;
    const { rows, consecutive } = await rawStageCount(this.conn);
    if (!consecutive || rows !== received) throw new Error(`staged ${rows} rows of ${received} received${consecutive ? '' : ' (out of order)'}`);
  }
}

/**
 * CSV pages of one header from their files: all in one read, else one by one, else (`parse`) parsed
 * in JS. Returns false when a page could not be read natively and `parse` is false (nothing of it staged).
 */
async function stageCsvFiles(conn: Warehouse['db'], dataset: Dataset, pages: FetchedPage[], header: string[], types: StageTypes = {}, parse = true): Promise<boolean> {
  const expected = pages.reduce((n, page) => n + page.rowCount, 0);
  if (pages.length > 1) {
    const staged = await stageCsvFile(conn, dataset, pages.map((page) => page.csvFile!.path), header, types).catch(() => null);
    if (staged === expected) return true;
    if (staged !== null) throw new Error(`DuckDB read ${staged} rows of CSV pages of ${expected}`);
  }
  for (const page of pages) {
    const staged = await stageCsvFile(conn, dataset, [page.csvFile!.path], header, types).catch(() => null);
    if (staged === page.rowCount) continue;
    if (staged !== null) throw new Error(`DuckDB read ${staged} rows of a CSV page of ${page.rowCount}`);
    if (!parse) return false;
    await appendRawRows(conn, page.csvFile!.fallback().columns);
  }
  return true;
}

const EMPTY_PAGE: ParsedPage = { rowCount: 0, columns: [], unknownColumns: [], nextCursor: null };

const sameHeader = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((name, i) => name === b[i]);

function sameTypes(a: StageTypes, b: StageTypes): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/**
 * Fetches and stages every page on one connection, then loads them in one transaction; returns the
 * committed run. `onFetched` hears how many rows were fetched (for the error of a failed load).
 */
async function fetchAndLoad(wh: Warehouse, source: SourceConfig, since: string | null, opts: RunOptions, run: RunResult, ctx: { startedAt: Date; today: string; hooks?: RunHooks; scratch: () => string; onFetched: (rows: number) => void }): Promise<RunResult> {
  const params: LoadParams = { runId: run.runId, sourceId: source.sourceId, dataset: source.dataset, agencyId: source.agencyId, today: ctx.today, now: ctx.startedAt, format: source.format };
  // One connection for the run: the stage it fills is the one its transaction reads.
  return wh.db.connection().execute(async (conn) => {
    try {
      const stager = new PageStager(conn, source.dataset, source.format);
      const fetched = await fetchAll(source, since, opts, ctx.scratch, (pages) => stager.addAll(pages));
      ctx.onFetched(fetched.received);
      run.warnings = fetched.warnings;
      await stager.finish(fetched.received);
      await opts.hooks?.afterFetch?.();
      await keepInsertionOrder(conn, false);
      // Checked before the transaction opens (its insert then reads the checked rows on every
      // core), against the catalogue as it was then; should that have changed by the time the
      // transaction sees it, the rows are checked again inside it.
      const catalogue = await checkedCatalogue(conn, params);
      await checkStagedRows(conn, params);
      const unchanged = (await checkedCatalogue(conn, params)) === catalogue;
      await opts.hooks?.afterCheck?.();
      try {
        return await conn.transaction().execute(async (tx) => {
          const checked = unchanged && (await checkedCatalogue(tx, params)) === catalogue;
          return loadStaged(tx, source, fetched, run, params, { ...ctx, checked });
        });
      } finally {
        // The connection goes back to the pool: the next run's staging needs the order kept.
        await keepInsertionOrder(conn, true);
      }
    } catch (err) {
      // A committed load drops its stages itself; a failed one must not leave them on the connection.
      await dropLoadStages(conn).catch(() => undefined);
      throw err;
    }
  });
}

async function loadStaged(tx: Parameters<typeof loadRawStage>[0], source: SourceConfig, fetched: Fetched, run: RunResult, params: LoadParams, ctx: { startedAt: Date; today: string; hooks?: RunHooks; checked: boolean }): Promise<RunResult> {
  const counts = await loadRawStage(tx, params, { checked: ctx.checked });
  if (counts.received !== fetched.received) throw new Error(`staged ${counts.received} rows of ${fetched.received} received`);
  const watermarkAfter = source.dataset === 'services' ? ctx.today : later(run.watermarkBefore, counts.maxFactDay);
  const finishedAt = new Date().toISOString();
  const done: RunResult = { ...run, status: 'succeeded', received: counts.received, loaded: counts.loaded, rejected: counts.rejected, duplicate: counts.duplicate, restated: counts.restated, watermarkAfter };
  await upsertSourceState(tx, sourceStateRow(source, { watermark: watermarkAfter, runId: run.runId, lastSuccessAt: finishedAt, lastError: null, failures: 0, breaker: 'closed', breakerOpenedAt: null }));
  await recordPipelineRun(tx, {
    run_id: run.runId,
    source_id: source.sourceId,
    agency_id: source.agencyId,
    dataset: source.dataset,
    format: source.format,
    started_at: ctx.startedAt.toISOString(),
    finished_at: finishedAt,
    status: 'succeeded',
    received: done.received,
    loaded: done.loaded,
    rejected: done.rejected,
    duplicate: done.duplicate,
    restated: counts.restated,
    watermark_before: run.watermarkBefore,
    watermark_after: watermarkAfter,
    error: null,
    warnings: run.warnings?.length ? JSON.stringify(run.warnings) : null,
  });
  await ctx.hooks?.beforeCommit?.();
  return done;
}

/** Records a failed run and the source's failure (breaker included) in a small transaction. */
async function recordFailure(wh: Warehouse, source: SourceConfig, state: SourceStateRow | undefined, run: RunResult, startedAt: Date, breaker: BreakerPolicy): Promise<void> {
  const failures = (state?.consecutive_failures ?? 0) + 1;
  const opens = failures >= breaker.failureThreshold;
  const finishedAt = new Date();
  await wh.db.transaction().execute(async (tx) => {
    await recordPipelineRun(tx, {
      run_id: run.runId,
      source_id: source.sourceId,
      agency_id: source.agencyId,
      dataset: source.dataset,
      format: source.format,
      started_at: startedAt.toISOString(),
      finished_at: finishedAt.toISOString(),
      status: 'failed',
      received: 0,
      loaded: 0,
      rejected: 0,
      duplicate: 0,
      restated: 0,
      watermark_before: run.watermarkBefore,
      watermark_after: run.watermarkBefore,
      error: run.error,
      warnings: run.warnings?.length ? JSON.stringify(run.warnings) : null,
    });
    await upsertSourceState(
      tx,
      sourceStateRow(source, {
        watermark: run.watermarkBefore,
        runId: run.runId,
        lastSuccessAt: state?.last_success_at ?? null,
        lastError: run.error,
        failures,
        breaker: opens ? 'open' : 'closed',
        // A failed trial while half-open re-opens the breaker for a fresh cool-down.
        breakerOpenedAt: opens ? finishedAt.toISOString() : null,
      }),
    );
  });
}

export async function runSource(wh: Warehouse, source: SourceConfig, opts: RunOptions = {}): Promise<RunResult> {
  const runId = randomUUID();
  const startedAt = opts.now ?? new Date();
  const today = tehranDay(startedAt);
  const state = await getSourceState(wh.db, source.sourceId);
  const watermarkBefore = state?.watermark ?? null;
  const since = opts.window && source.dataset !== 'services' ? opts.window.from : sinceFor(source.dataset, watermarkBefore, opts.lookbackDays);
  const run: RunResult = {
    runId,
    sourceId: source.sourceId,
    status: 'failed',
    received: 0,
    loaded: 0,
    rejected: 0,
    duplicate: 0,
    restated: 0,
    watermarkBefore,
    watermarkAfter: watermarkBefore,
    error: null,
    warnings: [],
    format: source.format,
  };
  let fetchedRows = 0;
  // The run's scratch folder (CSV pages as files), made on first use and removed whatever happens.
  let dir: string | null = null;
  const scratch = () => (dir ??= mkdtempSync(join(tmpdir(), 'hamgam-feed-')));
  try {
    const done = await fetchAndLoad(wh, source, since, opts, run, { startedAt, today, hooks: opts.hooks, scratch, onFetched: (rows) => (fetchedRows = rows) });
    wh.bumpDataVersion();
    return done;
  } catch (err) {
    // Nothing of a failed run is kept, so it counts nothing: received = loaded + rejected + duplicate = 0.
    const message = (err as Error).message;
    run.error = fetchedRows ? `${message} (${fetchedRows} rows fetched, none loaded)` : message;
    await recordFailure(wh, source, state, run, startedAt, opts.breaker ?? DEFAULT_BREAKER);
    return run;
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
