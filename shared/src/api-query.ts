/** The analyst workbench API (`/api/v1/query`, `/api/v1/queries`). Additive changes only. */

/** Who may use the workbench: analysts and admins (issue 5: ministers read the scoreboard, not SQL); others get 403. */
/** Issue 6: the query API is for analysts, ministers and admins; agency users get 403. */
export const WORKBENCH_ROLES = ['analyst', 'minister', 'admin'] as const;
export const CALLER_ROLES = ['analyst', 'minister', 'admin', 'agency'] as const;
export type CallerRole = (typeof CALLER_ROLES)[number];

export interface Caller {
  userId: string;
  role: CallerRole;
  /** Set for a signed-in caller (absent in older callers built by hand). */
  username?: string;
  /** The agency an agency user is bound to; null for every other role. */
  agencyId?: string | null;
}

/** `POST /api/v1/query` body. */
export interface QueryRequest {
  sql: string;
  /** Rows returned at most (default and maximum set by the server); more set `truncated`. */
  rowLimit?: number;
  /** A client-chosen id (UUID) so the query can be cancelled while it runs; the server makes one otherwise. */
  queryId?: string;
  /**
   * Arrow only: start the response while the sandbox still reads a result past 1 MB (`x-streamed:
   * true`; row count and truncated flag then in the last record batch's metadata).
   */
  stream?: boolean;
  /** Arrow only: send repetitive VARCHAR columns dictionary-encoded (a replacement dictionary before each batch). */
  dictionaries?: boolean;
}

/**
 * The custom metadata of an Arrow result's last record batch: the facts known only at its end, for
 * clients that read the stream before the end is known (a whole response carries them as headers too).
 */
export const ARROW_ROW_COUNT_KEY = 'hamgam.row_count';
export const ARROW_TRUNCATED_KEY = 'hamgam.truncated';

export interface QueryColumn {
  name: string;
  /** DuckDB's type: BIGINT, DOUBLE, DATE, VARCHAR, TIMESTAMP WITH TIME ZONE, HUGEINT, VARCHAR[]… */
  type: string;
}

/**
 * The JSON result. Values as DuckDB's JSON conversion gives them: BIGINT and HUGEINT as strings
 * (no precision lost), DATE as 'YYYY-MM-DD', TIMESTAMP as ISO text.
 * With `Accept: application/vnd.apache.arrow.stream` the same result is an Arrow IPC stream and
 * these fields come as headers: X-Query-Id, X-Row-Count, X-Truncated, X-Duration-Ms, X-Data-Version.
 */
export interface QueryResult {
  queryId: string;
  columns: QueryColumn[];
  rows: unknown[][];
  rowCount: number;
  truncated: boolean;
  rowLimit: number;
  durationMs: number;
  /** The warehouse data version the analysis replica was published from. */
  dataVersion: number;
}

export const QUERY_OUTCOMES = ['succeeded', 'refused', 'failed', 'timed_out', 'cancelled', 'busy', 'running', 'abandoned'] as const;
export type QueryOutcome = (typeof QUERY_OUTCOMES)[number];

/** The body of every refusal or failure of a query (400 refused/failed, 408 timed out, 409 cancelled, 429 busy, 503 worker lost). */
export interface QueryError {
  queryId: string | null;
  status: QueryOutcome;
  /** A sentence an analyst understands. */
  message: string;
  /** 0-based character offset in the SQL, when DuckDB gives one; line and column (1-based) from it. */
  position: number | null;
  line: number | null;
  column: number | null;
  /** Machine-readable reason of a refusal (e.g. table_function, not_a_query, multiple_statements). */
  code: string | null;
}

export const EXPORT_FORMATS = ['csv', 'xlsx', 'parquet', 'arrow'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface DictionaryColumnInfo {
  name: string;
  type: string;
  descriptionFa: string;
  descriptionEn: string;
}

export interface DictionaryTableInfo {
  name: string;
  descriptionFa: string;
  descriptionEn: string;
  columns: DictionaryColumnInfo[];
}

/** `GET /api/v1/query/schema`: the data dictionary, with each column's type. */
export interface QuerySchemaResponse {
  tables: DictionaryTableInfo[];
  tableFunctions: string[];
  dataVersion: number;
}

/** `GET /api/v1/query/history`: the caller's own queries, newest first. */
export interface QueryHistoryItem {
  queryId: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  sql: string;
  status: QueryOutcome;
  refused: boolean;
  reason: string | null;
  rowCount: number | null;
  truncated: boolean | null;
  /** How it was asked for: `json` or `arrow` for a run, `export:<format>` for an export's re-run. */
  format: string;
}

export interface QueryHistoryResponse {
  items: QueryHistoryItem[];
}

export interface SavedQuery {
  id: string;
  ownerId: string;
  name: string;
  description: string;
  sql: string;
  /** Shared with other analysts (read-only to them); otherwise private to its owner. */
  shared: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface SavedQueryInput {
  name: string;
  description?: string;
  sql: string;
  shared?: boolean;
}

export interface SavedQueriesResponse {
  items: SavedQuery[];
}
