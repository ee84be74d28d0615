/**
 * One Kysely connection over one DuckDB connection. Besides queries it offers `appendRows`, DuckDB's
 * appender, because loading tens of thousands of rows through bound parameters is ten times slower;
 * repositories reach it through `withDuckDBConnection` so it runs inside the caller's transaction.
 */
import {
  DuckDBDataChunk,
  DuckDBDateValue,
  DuckDBTimestampValue,
  DuckDBTypeId,
  StatementType,
  ResultReturnType,
  type DuckDBConnection,
  type DuckDBResultReader,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { CompiledQuery, DatabaseConnection, QueryResult } from 'kysely';
import { readColumns } from './duckdb-columns.js';
import { bindParameters, isoDayToDateValue, toJsValue, toTimestampTzValue } from './duckdb-values.js';

const WRITE_STATEMENTS = new Set<number>([StatementType.INSERT, StatementType.UPDATE, StatementType.DELETE]);
/** DuckDB's standard vector size: a data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;

export class DuckDBDatabaseConnection implements DatabaseConnection {
  readonly #connection: DuckDBConnection;
  /** Calls into DuckDB still running on this connection (they run on the thread pool). */
  #busy = 0;
  #onIdle: (() => void)[] = [];

  constructor(connection: DuckDBConnection) {
    this.#connection = connection;
  }

  /** Whether a query, stream or append is still running on this connection. */
  get busy(): boolean {
    return this.#busy > 0;
  }

  /**
   * Interrupts whatever runs on this connection and resolves once nothing does. Closing a
   * connection (or the instance) under a running query leaves a thread-pool task inside DuckDB,
   * and the process then hangs at exit: a stop must settle its connections first.
   */
  async settle(): Promise<void> {
    if (this.#busy === 0) return;
    this.#connection.interrupt();
    await new Promise<void>((resolve) => this.#onIdle.push(resolve));
  }

  async #track<T>(work: () => Promise<T>): Promise<T> {
    this.#busy++;
    try {
      return await work();
    } finally {
      if (--this.#busy === 0) for (const resolve of this.#onIdle.splice(0)) resolve();
    }
  }

  /** The underlying @duckdb/node-api connection, for work Kysely cannot express. */
  get raw(): DuckDBConnection {
    return this.#connection;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const reader = await this.#track(() => this.#run(compiledQuery));
    const rows = rowObjectsOf(reader) as R[];
    if (!WRITE_STATEMENTS.has(reader.statementType)) return { rows };
    // With RETURNING DuckDB gives back rows, not a change count: the rows are the count.
    const changed = reader.returnType === ResultReturnType.CHANGED_ROWS ? reader.rowsChanged : rows.length;
    return { rows: reader.returnType === ResultReturnType.CHANGED_ROWS ? [] : rows, numAffectedRows: BigInt(changed) };
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery, chunkSize = CHUNK_ROWS): AsyncIterableIterator<QueryResult<R>> {
    // Not counted as busy: between chunks the caller, not DuckDB, holds the stream (and one that
    // stops iterating would keep the connection busy for ever).
    const statement = await this.#connection.prepare(compiledQuery.sql);
    try {
      bindParameters(statement, compiledQuery.parameters);
      const result = await statement.stream();
      let buffer: R[] = [];
      for await (const rows of result.yieldConvertedRowObjects(toJsValue)) {
        buffer.push(...(rows as R[]));
        while (buffer.length >= chunkSize) {
          yield { rows: buffer.slice(0, chunkSize) };
          buffer = buffer.slice(chunkSize);
        }
      }
      if (buffer.length > 0) yield { rows: buffer };
    } finally {
      statement.destroySync();
    }
  }

  /**
   * Appends rows (objects keyed by column name) to `table` with DuckDB's appender. Values are
   * written as the column types ask: 'YYYY-MM-DD' strings for DATE, ISO strings or Dates for
   * TIMESTAMPTZ, numbers for integers and doubles. `catalog` 'temp' reaches temporary tables.
   */
  appendRows(table: string, rows: readonly Record<string, unknown>[], catalog?: string): Promise<void> {
    return this.#track(() => this.#appendRows(table, rows, catalog));
  }

  async #appendRows(table: string, rows: readonly Record<string, unknown>[], catalog?: string): Promise<void> {
    const columns = await this.#columnsOf(table, catalog);
    const writers = columns.map((c) => valueWriterFor(c.type));
    const types = columns.map((c) => c.type);
    const appender = await this.#connection.createAppender(table, 'main', catalog ?? null);
    try {
      for (let offset = 0; offset < rows.length; offset += CHUNK_ROWS) {
        const slice = rows.slice(offset, offset + CHUNK_ROWS);
        const chunk = DuckDBDataChunk.create(types, slice.length);
        columns.forEach((column, i) => {
          const write = writers[i];
          chunk.setColumnValues(
            i,
            slice.map((row) => {
              const value = row[column.name];
              return value === null || value === undefined ? null : write(value);
            }),
          );
        });
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  /**
   * Appends rows given column by column (`columns[i]` holds every row's value of the table's i-th
   * column, already in its DuckDB type: strings for VARCHAR). The fast path for raw feed batches:
   * no row objects are built, and each data chunk takes slices of the arrays as they are.
   * `knownTypes` (the table's column types, in order) spares the lookup of the table's columns.
   */
  appendColumns(table: string, columns: readonly (readonly DuckDBValue[])[], catalog?: string, knownTypes?: readonly DuckDBType[]): Promise<void> {
    return this.#track(() => this.#appendColumns(table, columns, catalog, knownTypes));
  }

  async #appendColumns(table: string, columns: readonly (readonly DuckDBValue[])[], catalog?: string, knownTypes?: readonly DuckDBType[]): Promise<void> {
    // A caller that created the table knows its types: no catalogue lookup per append.
    const types = knownTypes ? [...knownTypes] : (await this.#columnsOf(table, catalog)).map((c) => c.type);
    if (columns.length !== types.length) throw new Error(`appendColumns(${table}): ${columns.length} columns given, the table has ${types.length}`);
    const rowCount = columns[0]?.length ?? 0;
    const appender = await this.#connection.createAppender(table, 'main', catalog ?? null);
    try {
      for (let offset = 0; offset < rowCount; offset += CHUNK_ROWS) {
        const size = Math.min(CHUNK_ROWS, rowCount - offset);
        const chunk = DuckDBDataChunk.create(types, size);
        columns.forEach((values, i) => chunk.setColumnValues(i, values.slice(offset, offset + size)));
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  /**
   * `appendColumns` for columns that may come as typed arrays: a BIGINT column as a BigInt64Array,
   * a DOUBLE column as a Float64Array (with the rows that are null in `nulls`), copied into each
   * data chunk's vector whole instead of value by value — the fast path for Arrow feed pages,
   * whose numeric columns are such arrays already. Any other column is an array of values.
   */
  async appendTypedColumns(table: string, columns: readonly AppendColumn[], catalog: string | undefined, types: readonly DuckDBType[]): Promise<void> {
    if (columns.length !== types.length) throw new Error(`appendTypedColumns(${table}): ${columns.length} columns given, the table has ${types.length}`);
    // The row count is any column's but a NULL_COLUMN's (which holds no values).
    const sized = columns.find((column) => column !== NULL_COLUMN);
    const rowCount = sized ? lengthOf(sized) : 0;
    const appender = await this.#connection.createAppender(table, 'main', catalog ?? null);
    try {
      for (let offset = 0; offset < rowCount; offset += CHUNK_ROWS) {
        const size = Math.min(CHUNK_ROWS, rowCount - offset);
        const chunk = DuckDBDataChunk.create([...types], size);
        columns.forEach((column, i) => {
          if (column === NULL_COLUMN) return setAllNull(chunk, i, size);
          if (Array.isArray(column)) return chunk.setColumnValues(i, column.slice(offset, offset + size));
          const typed = column as TypedColumn;
          const vector = chunk.getColumnVector(i) as unknown as VectorInternals;
          if (!(vector.items instanceof typed.values.constructor) || !vector.validity) {
            // Not the vector layout this was written against: the value by value path.
            const value = typed.values instanceof Int32Array ? (v: number | bigint) => new DuckDBDateValue(Number(v)) : (v: number | bigint) => v;
            return chunk.setColumnValues(i, Array.from(typed.values.subarray(offset, offset + size) as ArrayLike<number | bigint>, (v, r) => (typed.nulls?.[offset + r] ? null : value(v))));
          }
          (vector.items as Float64Array | BigInt64Array | Int32Array).set(typed.values.subarray(offset, offset + size) as never);
          if (typed.nulls) for (let r = 0; r < size; r++) if (typed.nulls[offset + r]) vector.validity.setItemValid(r, false);
          vector.flush();
        });
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  async #columnsOf(table: string, catalog?: string): Promise<{ name: string; type: DuckDBType }[]> {
    const qualified = [catalog, 'main', table].filter((part): part is string => Boolean(part)).map(quoteIdent).join('.');
    const reader = await this.#connection.runAndReadAll(`select * from ${qualified} limit 0`);
    return reader.columnNames().map((name, i) => ({ name, type: reader.columnTypes()[i] }));
  }

  async #run(compiledQuery: CompiledQuery): Promise<DuckDBResultReader> {
    if (compiledQuery.parameters.length === 0) {
      // Unprepared, so that raw SQL may hold several statements (migrations do).
      return this.#connection.runAndReadAll(compiledQuery.sql);
    }
    const statement = await this.#connection.prepare(compiledQuery.sql);
    try {
      bindParameters(statement, compiledQuery.parameters);
      return await statement.runAndReadAll();
    } finally {
      statement.destroySync();
    }
  }

  close(): void {
    this.#connection.closeSync();
  }
}

/**
 * A materialised result as row objects, the values as `toJsValue` makes them, read column by
 * column out of DuckDB's vectors (`readColumns`). Row by row through
 * `convertRowObjects(toJsValue)` the 500 × 19 values of a national scoreboard week took ≈ 7 ms;
 * through the library's `getColumns()` and then the converter ≈ 1.7 ms (issue 8, benchmark 2).
 */
export function rowObjectsOf(reader: DuckDBResultReader): Record<string, unknown>[] {
  const names = reader.deduplicatedColumnNames();
  const columns = readColumns(reader);
  const rowCount = columns.length ? columns[0].length : reader.currentRowCount;
  const rows: Record<string, unknown>[] = new Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < columns.length; c++) row[names[c]] = columns[c][r];
    rows[r] = row;
  }
  return rows;
}

/** A column every row of which is null (an Arrow page's raw text and parse errors, mostly). */
export const NULL_COLUMN: readonly DuckDBValue[] = Object.freeze([]);

/** Marks every row of a chunk's column null: the validity mask zeroed whole, not bit by bit. */
function setAllNull(chunk: DuckDBDataChunk, column: number, size: number): void {
  const vector = chunk.getColumnVector(column) as unknown as VectorInternals & { validity?: { data?: unknown } };
  const validity = vector.validity;
  if (!validity) return chunk.setColumnValues(column, new Array(size).fill(null));
  validity.setItemValid(0, false); // allocates the mask
  if (validity.data instanceof BigUint64Array) validity.data.fill(0n);
  else for (let r = 1; r < size; r++) validity.setItemValid(r, false);
  vector.flush();
}

/** A numeric column as a typed array; `nulls[i]` non-zero marks row i null. */
export interface TypedColumn {
  /** Int32Array: a DATE column's day numbers (days since 1970-01-01). */
  values: Float64Array | BigInt64Array | Int32Array;
  nulls?: Uint8Array | null;
}

/** A column for `appendTypedColumns`: values (any DuckDB value) or a typed array. */
export type AppendColumn = readonly DuckDBValue[] | TypedColumn;

/** What a fixed-width vector of @duckdb/node-api 1.5 holds: its items and validity, flushed to DuckDB. */
interface VectorInternals {
  items?: unknown;
  validity?: { setItemValid(index: number, valid: boolean): void };
  flush(): void;
}

const lengthOf = (column: AppendColumn) => (Array.isArray(column) ? column.length : (column as TypedColumn).values.length);

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

type ValueWriter = (value: unknown) => DuckDBValue;

function valueWriterFor(type: DuckDBType): ValueWriter {
  switch (type.typeId) {
    case DuckDBTypeId.DATE:
      return (v) => isoDayToDateValue(String(v));
    case DuckDBTypeId.TIMESTAMP_TZ:
      return (v) => toTimestampTzValue(v as string | Date);
    case DuckDBTypeId.TIMESTAMP:
      // A naive timestamp keeps the UTC wall clock of the instant it was given.
      return (v) => new DuckDBTimestampValue(toTimestampTzValue(v as string | Date).micros);
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT:
      return (v) => BigInt(v as number);
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.FLOAT:
      return (v) => Number(v);
    case DuckDBTypeId.BOOLEAN:
      return (v) => Boolean(v);
    case DuckDBTypeId.VARCHAR:
      return (v) => String(v);
    default:
      throw new Error(`appendRows does not support column type ${type.toString()}`);
  }
}
