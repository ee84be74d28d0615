/**
 * Which analyst statements may run, decided by DuckDB's own parser (never a regular expression):
 * 1. `extractStatements` parses the text: exactly one statement, or a refusal;
 * 2. `json_serialize_sql` gives the parse tree of a query (it serializes SELECT trees only, which is
 *    what VALUES, PIVOT/UNPIVOT, DESCRIBE, SUMMARIZE and SHOW become): every table function must be
 *    on an allow-list, every table must be a table of the data dictionary or a CTE of the query, and
 *    a few scalar functions are refused — all before anything is bound, so no table function's bind
 *    (which may read a file or parse SQL given as a string) ever runs unchecked;
 * 3. `prepare` binds it: it must be a SELECT (or an EXPLAIN of a query) and take no parameters.
 * The statement then runs as that one prepared statement, never as a string the driver could split.
 *
 * EXPLAIN is the one non-SELECT statement: DuckDB does not serialize it, so the query after the
 * keyword is located by skipping whitespace and comments, and must itself pass steps 1–3. If that
 * location were wrong the remainder would not parse as one SELECT and the text would be refused:
 * the lexer can only refuse more, never admit more.
 */
import { type DuckDBConnection, type DuckDBPreparedStatement, StatementType } from '@duckdb/node-api';

/** Table functions that compute rows from their arguments: no files, no SQL strings, no state. */
export const ALLOWED_TABLE_FUNCTIONS: readonly string[] = ['range', 'generate_series', 'unnest', 'json_each', 'json_tree'];

/** Scalar functions refused although table functions are the usual hole: they reach outside the query. */
const REFUSED_SCALAR_FUNCTIONS = new Set(['getenv', 'json_deserialize_sql', 'json_execute_serialized_sql', 'current_setting']);

/** Table references that hold no data of their own. */
const SAFE_TABLE_REFS = new Set(['SUBQUERY', 'JOIN', 'EXPRESSION_LIST', 'EMPTY', 'EMPTY_FROM', 'PIVOT', 'SHOW_REF']);

export type RefusalCode =
  | 'empty'
  | 'syntax'
  | 'multiple_statements'
  | 'not_a_query'
  | 'explain_analyze'
  | 'table_function'
  | 'unknown_table'
  | 'file_access'
  | 'scalar_function'
  | 'parameters'
  | 'unsupported'
  /** Parsed and allowed, but DuckDB could not bind it (an unknown column…): the analyst's mistake, not a refusal. */
  | 'bind_error';

export interface Refusal {
  code: RefusalCode;
  message: string;
  /** 0-based character offset in the analyst's text, when DuckDB gives one. */
  position: number | null;
}

export type GateVerdict = { ok: true; prepared: DuckDBPreparedStatement; kind: 'select' | 'explain' } | { ok: false; refusal: Refusal };

export interface GateOptions {
  /** Tables analysts may name: the data dictionary's. */
  tables: ReadonlySet<string>;
}

const STATEMENT_NAMES: Partial<Record<number, string>> = Object.fromEntries(
  Object.entries(StatementType)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => [v as number, k]),
);

function refuse(code: RefusalCode, message: string, position: number | null = null): GateVerdict {
  return { ok: false, refusal: { code, message, position } };
}

/** DuckDB errors come as JSON (`errors_as_json`): the message and, often, a character position. */
export function readDuckDBError(error: unknown): { message: string; position: number | null; type: string | null } {
  const raw = error instanceof Error ? error.message : String(error);
  const start = raw.indexOf('{');
  if (start >= 0) {
    try {
      const parsed = JSON.parse(raw.slice(start)) as { exception_message?: string; exception_type?: string; position?: string };
      if (parsed.exception_message) {
        const position = parsed.position === undefined ? null : Number(parsed.position);
        return { message: parsed.exception_message, position: Number.isFinite(position) ? position : null, type: parsed.exception_type ?? null };
      }
    } catch {
      // not JSON after all: fall through to the raw text
    }
  }
  return { message: raw, position: null, type: null };
}

// ---------------------------------------------------------------------------------------------
// A whitespace-and-comment skipper, used only to find the query after EXPLAIN and to name a
// refused statement in its message.

function skipBlank(sql: string, from: number): number {
  let i = from;
  for (;;) {
    while (i < sql.length && /\s/.test(sql[i])) i++;
    if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else {
      return i;
    }
  }
}

function wordAt(sql: string, from: number): { word: string; end: number } {
  let end = from;
  while (end < sql.length && /[A-Za-z_]/.test(sql[end])) end++;
  return { word: sql.slice(from, end).toLowerCase(), end };
}

function firstWord(sql: string): string {
  return wordAt(sql, skipBlank(sql, 0)).word.toUpperCase();
}

// ---------------------------------------------------------------------------------------------
// The parse tree walk.

interface TreeNode {
  [key: string]: unknown;
}

const NO_LOCATION = 2 ** 53;

function locationOf(node: TreeNode | undefined, offset: number): number | null {
  const at = node?.query_location;
  return typeof at === 'number' && at < NO_LOCATION ? at + offset : null;
}

function collectCteNames(node: unknown, names: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) collectCteNames(n, names);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const obj = node as TreeNode;
  const map = (obj.cte_map as { map?: { key: string }[] } | undefined)?.map;
  if (Array.isArray(map)) for (const entry of map) names.add(entry.key.toLowerCase());
  for (const value of Object.values(obj)) collectCteNames(value, names);
}

function looksLikePath(name: string): boolean {
  return /[/\\:.]/.test(name);
}

/** The first rule the tree breaks, or null. */
function checkTree(node: unknown, ctx: { tables: ReadonlySet<string>; ctes: Set<string>; offset: number }): Refusal | null {
  if (Array.isArray(node)) {
    for (const n of node) {
      const found = checkTree(n, ctx);
      if (found) return found;
    }
    return null;
  }
  if (!node || typeof node !== 'object') return null;
  const obj = node as TreeNode;
  const found = checkNode(obj, ctx);
  if (found) return found;
  for (const value of Object.values(obj)) {
    const inner = checkTree(value, ctx);
    if (inner) return inner;
  }
  return null;
}

function checkNode(obj: TreeNode, ctx: { tables: ReadonlySet<string>; ctes: Set<string>; offset: number }): Refusal | null {
  const type = obj.type;
  // Table references carry a sample clause; so do query nodes (SELECT_NODE…), told apart by name.
  const isTableRef = typeof type === 'string' && 'sample' in obj && 'alias' in obj && !type.endsWith('_NODE');
  if (type === 'TABLE_FUNCTION' && isTableRef) {
    const fn = obj.function as TreeNode;
    const name = String(fn?.function_name ?? '').toLowerCase();
    if (!ALLOWED_TABLE_FUNCTIONS.includes(name)) {
      return {
        code: 'table_function',
        message: `The table function ${name}() is not available in the workbench: only functions that compute rows from their arguments are (${ALLOWED_TABLE_FUNCTIONS.join(', ')}); reading files, running SQL given as text or changing settings is not allowed.`,
        position: locationOf(fn, ctx.offset),
      };
    }
    return null;
  }
  if (type === 'BASE_TABLE' && isTableRef) {
    const name = String(obj.table_name ?? '');
    const schema = String(obj.schema_name ?? '').toLowerCase();
    const catalog = String(obj.catalog_name ?? '');
    const lower = name.toLowerCase();
    const known = (ctx.tables.has(lower) && (schema === '' || schema === 'main')) || (ctx.ctes.has(lower) && schema === '');
    if (known && catalog === '') return null;
    if (looksLikePath(name)) {
      return { code: 'file_access', message: `Reading files or URLs is not allowed in the workbench ('${name}'): query the tables of the data dictionary instead.`, position: null };
    }
    const qualified = [catalog, schema, name].filter(Boolean).join('.');
    return {
      code: 'unknown_table',
      message: `There is no table "${qualified}" for analysts: the workbench reads only the tables of the data dictionary (${[...ctx.tables].join(', ')}) and the CTEs of the query.`,
      position: null,
    };
  }
  if (isTableRef && type === 'SHOW_REF') {
    // SHOW TABLES and SHOW ALL TABLES list the replica's own catalog: nothing beyond the dictionary.
    const table = String(obj.table_name ?? '');
    if (table === '' || table === '"tables"' || table === '__show_tables_expanded') return null;
    if (ctx.tables.has(table.toLowerCase())) return null;
    return { code: 'unknown_table', message: `There is no table "${table}" for analysts: DESCRIBE and SUMMARIZE work on the tables of the data dictionary or on a query.`, position: null };
  }
  if (isTableRef && !SAFE_TABLE_REFS.has(type as string)) {
    return { code: 'unsupported', message: `This kind of table reference (${String(type)}) is not available in the workbench.`, position: null };
  }
  if (obj.class === 'FUNCTION' && typeof obj.function_name === 'string' && REFUSED_SCALAR_FUNCTIONS.has(obj.function_name.toLowerCase())) {
    return {
      code: 'scalar_function',
      message: `The function ${obj.function_name}() is not available in the workbench: it reads the server's environment or settings, or handles SQL as data.`,
      position: locationOf(obj, ctx.offset),
    };
  }
  if (obj.class === 'PARAMETER') {
    return { code: 'parameters', message: 'Parameters ($1, ?) cannot be bound in the workbench: write the values into the query.', position: locationOf(obj, ctx.offset) };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------

async function serializeTree(connection: DuckDBConnection, sql: string): Promise<{ error: boolean; error_message?: string; error_type?: string; position?: string; statements?: unknown[] }> {
  // The analyst's text is a bound value here, never part of the statement text.
  const reader = await connection.runAndReadAll('select json_serialize_sql($sql::varchar) as tree', { sql });
  return JSON.parse(String(reader.getRows()[0][0]));
}

async function extractOne(connection: DuckDBConnection, sql: string, offset: number): Promise<{ ok: true; count: 1 } | { ok: false; verdict: GateVerdict }> {
  let count: number;
  try {
    count = (await connection.extractStatements(sql)).count;
  } catch (error) {
    const e = readDuckDBError(error);
    return { ok: false, verdict: refuse('syntax', `DuckDB could not read the query: ${e.message}`, e.position === null ? null : e.position + offset) };
  }
  if (count === 0) return { ok: false, verdict: refuse('empty', 'There is no statement to run: the text is empty or only comments.') };
  if (count > 1) {
    return {
      ok: false,
      verdict: refuse(
        'multiple_statements',
        `Send one statement at a time: this text holds ${count} statements. (A PIVOT without an IN (…) list of values also counts as two, because DuckDB first creates a type for it: list the values.)`,
      ),
    };
  }
  return { ok: true, count: 1 };
}

/** Steps 1 and 2 for a query text starting at `offset` in the analyst's text. */
async function vetQueryTree(connection: DuckDBConnection, sql: string, offset: number, options: GateOptions): Promise<GateVerdict | null> {
  const one = await extractOne(connection, sql, offset);
  if (!one.ok) return one.verdict;
  const tree = await serializeTree(connection, sql);
  if (tree.error) return null; // not a SELECT tree: the caller decides
  const ctes = new Set<string>();
  collectCteNames(tree.statements, ctes);
  const broken = checkTree(tree.statements, { tables: options.tables, ctes, offset });
  return broken ? { ok: false, refusal: broken } : { ok: true, prepared: undefined as never, kind: 'select' };
}

async function prepareChecked(connection: DuckDBConnection, sql: string, expected: StatementType, kind: 'select' | 'explain'): Promise<GateVerdict> {
  let prepared: DuckDBPreparedStatement;
  try {
    const extracted = await connection.extractStatements(sql);
    prepared = await extracted.prepare(0);
  } catch (error) {
    const e = readDuckDBError(error);
    return refuse('bind_error', e.message, e.position);
  }
  if (prepared.statementType !== expected) {
    prepared.destroySync();
    return refuse('not_a_query', `Only queries can run in the workbench; DuckDB reads this as a ${STATEMENT_NAMES[prepared.statementType] ?? 'different'} statement.`);
  }
  if (prepared.parameterCount > 0) {
    prepared.destroySync();
    return refuse('parameters', 'Parameters ($1, ?) cannot be bound in the workbench: write the values into the query.');
  }
  return { ok: true, prepared, kind };
}

const QUERY_KINDS = 'SELECT, WITH, VALUES, PIVOT, UNPIVOT, DESCRIBE, SUMMARIZE or EXPLAIN';

/** Vets one analyst text on a connection to the analysis replica; on success, the statement prepared. */
export async function vetStatement(connection: DuckDBConnection, sql: string, options: GateOptions): Promise<GateVerdict> {
  if (sql.trim() === '') return refuse('empty', 'There is no statement to run: the text is empty.');
  const asQuery = await vetQueryTree(connection, sql, 0, options);
  if (asQuery && !asQuery.ok) return asQuery;
  if (asQuery) return prepareChecked(connection, sql, StatementType.SELECT, 'select');
  return vetExplain(connection, sql, options);
}

async function vetExplain(connection: DuckDBConnection, sql: string, options: GateOptions): Promise<GateVerdict> {
  const start = skipBlank(sql, 0);
  const first = wordAt(sql, start);
  if (first.word !== 'explain') {
    const word = firstWord(sql) || 'this';
    return refuse('not_a_query', `Only queries can run in the workbench (${QUERY_KINDS}); ${word} statements, which change the database, its settings or files, are refused.`, start);
  }
  const afterExplain = skipBlank(sql, first.end);
  const next = wordAt(sql, afterExplain);
  if (next.word === 'analyze' || next.word === 'analyse') {
    return refuse('explain_analyze', 'EXPLAIN ANALYZE runs the query to profile it and is not available here; use EXPLAIN without ANALYZE to see the plan.', afterExplain);
  }
  const inner = sql.slice(afterExplain);
  const verdict = await vetQueryTree(connection, inner, afterExplain, options);
  if (!verdict) return refuse('not_a_query', `EXPLAIN is available for queries only (${QUERY_KINDS}), without options.`, afterExplain);
  if (!verdict.ok) return verdict;
  const innerPrepared = await prepareChecked(connection, inner, StatementType.SELECT, 'select');
  if (!innerPrepared.ok) return innerPrepared;
  innerPrepared.prepared.destroySync();
  return prepareChecked(connection, sql, StatementType.EXPLAIN, 'explain');
}
