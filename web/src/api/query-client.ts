/**
 * The analyst workbench's calls (`/api/v1/query`, `/api/v1/queries`). Results come as Arrow IPC and
 * are decoded here with apache-arrow; this module is imported only by the workbench page, so
 * apache-arrow ships in its chunk, never in the landing page's.
 */
import { tableFromIPC, type Table } from 'apache-arrow';
import {
  ARROW_ROW_COUNT_KEY,
  ARROW_TRUNCATED_KEY,
  concatBytes,
  type ExportFormat,
  type QueryColumn,
  type QueryError,
  type QueryHistoryResponse,
  type QuerySchemaResponse,
  type SavedQueriesResponse,
  type SavedQuery,
  type SavedQueryInput,
} from '@hamgam/shared';
import { API_BASE, ApiError } from './client';

export const ARROW_STREAM = 'application/vnd.apache.arrow.stream';

/** A query the sandbox refused, stopped or could not run: the API's sentence and where in the SQL. */
export class QueryFailure extends Error {
  constructor(
    readonly httpStatus: number,
    readonly body: QueryError,
  ) {
    super(body.message);
    this.name = 'QueryFailure';
  }
}

export interface ArrowRun {
  queryId: string;
  table: Table;
  /** The columns with DuckDB's types (from the X-Columns header; the fields' metadata carry them too). */
  columns: QueryColumn[];
  rowCount: number;
  truncated: boolean;
  durationMs: number;
  dataVersion: number;
  bytes: number;
}

/**
 * A query id made here, so the query can be cancelled while it runs. `crypto.randomUUID` exists only
 * in secure contexts (not on plain http to a LAN address); `getRandomValues` exists everywhere.
 */
export function newQueryId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

async function failure(res: Response, path: string): Promise<never> {
  let body: Partial<QueryError> & { message?: unknown } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // not JSON: the status line below
  }
  const message = typeof body.message === 'string' ? body.message : res.statusText || `HTTP ${res.status}`;
  if (path.startsWith('/query') && typeof body.status === 'string') {
    throw new QueryFailure(res.status, {
      queryId: body.queryId ?? null,
      status: body.status,
      message,
      position: body.position ?? null,
      line: body.line ?? null,
      column: body.column ?? null,
      code: body.code ?? null,
    });
  }
  throw new ApiError(res.status, path, message);
}

async function call(path: string, init: RequestInit & { accept?: string } = {}): Promise<Response> {
  const { accept = 'application/json', ...rest } = init;
  let res: Response;
  try {
    res = await fetch(`${API_BASE}${path}`, {
      ...rest,
      headers: { accept, ...(rest.body !== undefined && { 'content-type': 'application/json' }) },
    });
  } catch (err) {
    if (rest.signal?.aborted) throw err;
    throw new ApiError(0, path, err instanceof Error ? err.message : String(err));
  }
  if (!res.ok) await failure(res, path);
  return res;
}

const json = async <T>(path: string, init: RequestInit = {}): Promise<T> => (await (await call(path, init)).json()) as T;

/**
 * The whole body as one array, read chunk by chunk as it arrives (a streamed result has no length
 * to read into; `arrayBuffer()` collects the same chunks and copies them once more).
 */
async function readBody(res: Response, onBytes?: (received: number) => void): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    size += value.byteLength;
    onBytes?.(size);
  }
  return parts.length === 1 ? parts[0] : concatBytes(parts);
}

/**
 * A streamed result whose body broke off: the server cuts it when the query fails (or is
 * cancelled) after the response started, having audited why first; the caller's history says it.
 */
async function failureAfterStart(queryId: string, cause: unknown): Promise<Error> {
  const detail = cause instanceof Error ? cause.message : String(cause);
  try {
    const { items } = await json<QueryHistoryResponse>('/query/history?limit=20');
    const entry = items.find((q) => q.queryId === queryId);
    if (entry && entry.status !== 'succeeded' && entry.status !== 'running') {
      // The codes the API gives these outcomes when it can still answer with an error.
      const code = entry.status === 'failed' ? 'error' : entry.status;
      return new QueryFailure(200, { queryId, status: entry.status, message: entry.reason ?? detail, position: null, line: null, column: null, code });
    }
  } catch {
    // the history could not say: the network error below
  }
  return new ApiError(0, '/query', detail);
}

/**
 * Runs `sql` in the sandbox and decodes the Arrow IPC answer. It asks for the result to be
 * streamed: a large one then starts arriving while the sandbox still reads it, and its row count
 * and truncated flag come in the last record batch instead of the headers. It also asks for
 * dictionaries: repetitive text columns arrive dictionary-encoded (apache-arrow gives the same values).
 */
export async function runQuery(sql: string, rowLimit: number, queryId: string, options: { signal?: AbortSignal; onBytes?: (received: number) => void } = {}): Promise<ArrowRun> {
  const { signal, onBytes } = options;
  const started = performance.now();
  const res = await call('/query', { method: 'POST', body: JSON.stringify({ sql, rowLimit, queryId, stream: true, dictionaries: true }), accept: ARROW_STREAM, signal });
  let bytes: Uint8Array;
  try {
    bytes = await readBody(res, onBytes);
  } catch (err) {
    if (signal?.aborted) throw err;
    throw await failureAfterStart(queryId, err);
  }
  const table = tableFromIPC(bytes);
  const header = res.headers.get('x-columns');
  const columns = header
    ? (JSON.parse(decodeURIComponent(header)) as QueryColumn[])
    : table.schema.fields.map((f) => ({ name: f.name, type: f.metadata.get('duckdb_type') ?? String(f.type) }));
  const facts = table.batches.at(-1)?.metadata;
  return {
    queryId: res.headers.get('x-query-id') ?? queryId,
    table,
    columns,
    rowCount: Number(res.headers.get('x-row-count') ?? facts?.get(ARROW_ROW_COUNT_KEY) ?? table.numRows),
    truncated: (res.headers.get('x-truncated') ?? facts?.get(ARROW_TRUNCATED_KEY)) === 'true',
    // A streamed result's own time is not known when its headers go out: the wait as seen here.
    durationMs: Number(res.headers.get('x-duration-ms') ?? Math.round(performance.now() - started)),
    dataVersion: Number(res.headers.get('x-data-version') ?? 0),
    bytes: bytes.byteLength,
  };
}

/** Asks the server to stop a running query; false when it had finished already (404). */
export async function cancelQuery(queryId: string): Promise<boolean> {
  try {
    await call(`/query/${encodeURIComponent(queryId)}/cancel`, { method: 'POST' });
    return true;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return false;
    throw err;
  }
}

export const fetchQuerySchema = (signal?: AbortSignal) => json<QuerySchemaResponse>('/query/schema', { signal });

export const fetchQueryHistory = (limit: number, signal?: AbortSignal) => json<QueryHistoryResponse>(`/query/history?limit=${limit}`, { signal });

export const fetchSavedQueries = (signal?: AbortSignal) => json<SavedQueriesResponse>('/queries', { signal });

export const fetchSavedQuery = (id: string, signal?: AbortSignal) => json<SavedQuery>(`/queries/${encodeURIComponent(id)}`, { signal });

export const createSavedQuery = (input: SavedQueryInput) => json<SavedQuery>('/queries', { method: 'POST', body: JSON.stringify(input) });

export const updateSavedQuery = (id: string, patch: Partial<SavedQueryInput>) =>
  json<SavedQuery>(`/queries/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify(patch) });

export const deleteSavedQuery = (id: string) => json<{ id: string; deleted: true }>(`/queries/${encodeURIComponent(id)}`, { method: 'DELETE' });

/** The download of a completed query's result; the server runs it again up to its export cap. */
export function exportHref(queryId: string, format: ExportFormat): string {
  return `${API_BASE}/query/${encodeURIComponent(queryId)}/export?format=${format}`;
}
