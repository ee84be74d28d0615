/**
 * A materialised result read column by column straight out of DuckDB's vectors: the values exactly
 * as `toJsValue` makes them, without @duckdb/node-api's per-value wrappers. Numbers, booleans and
 * integers are read from typed-array views of each vector; DATE and timestamps from their integer
 * payloads (each distinct value converted once); VARCHAR from the 16-byte string headers, the
 * strings stored outside the header fetched one run of adjacent strings at a time instead of one
 * native call each. Any other type (LIST, STRUCT, DECIMAL, …) goes through the library's vector
 * and `toJsValue`, as before.
 *
 * Why: `getColumns()` of a national scoreboard week (500 × 19, eight VARCHAR columns) made one
 * DataView read, one native call and one TextDecoder call per string and a wrapper per date and
 * timestamp; it was the largest part of the uncached scoreboard's time above the engine (issue 8,
 * benchmark 2).
 */
import duckdb from '@duckdb/node-bindings';
import {
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBDateValue,
  DuckDBTypeId,
  type DuckDBDataChunk,
  type DuckDBResultReader,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { INLINE_MAX, isValid, LongStrings, TWO_32, type Validity } from './duckdb-strings.js';
import { toJsValue } from './duckdb-values.js';

type Column = unknown[];

/** Reads a column of `count` rows of one chunk's vector into `out` from `offset`. */
type ColumnReader = (vector: duckdb.Vector, count: number, out: Column, offset: number, type: DuckDBType, chunk: DuckDBDataChunk, column: number) => void;

/**
 * Every column of a materialised result (all its chunks), values as `toJsValue` makes them. The
 * reader keeps its chunks in a private field; should a later @duckdb/node-api keep them elsewhere,
 * this falls back to the library's own column read (same values, the slow path).
 */
export function readColumns(reader: DuckDBResultReader): Column[] {
  const types = reader.columnTypes();
  const chunks = (reader as unknown as { chunks?: unknown }).chunks;
  if (!Array.isArray(chunks)) return readColumnsGeneric(reader, types);
  return readChunkColumns(types, chunks as DuckDBDataChunk[]);
}

/** The columns of `chunks` (a result's, in order) of the given column types. */
export function readChunkColumns(types: readonly DuckDBType[], chunks: readonly DuckDBDataChunk[]): Column[] {
  const rowCount = chunks.reduce((sum, chunk) => sum + chunk.rowCount, 0);
  const columns: Column[] = types.map(() => new Array(rowCount));
  const readers = types.map(readerFor);
  const caches = types.map(() => new Map<number | bigint, unknown>());
  let offset = 0;
  for (const chunk of chunks) {
    const count = chunk.rowCount;
    if (count === 0) continue;
    for (let c = 0; c < types.length; c++) {
      const read = readers[c];
      if (read === null) {
        readTemporal(duckdb.data_chunk_get_vector(chunk.chunk, c), count, columns[c], offset, types[c], caches[c]);
      } else read(duckdb.data_chunk_get_vector(chunk.chunk, c), count, columns[c], offset, types[c], chunk, c);
    }
    offset += count;
  }
  return columns;
}

/** The library's own column read (vector wrappers and `toJsValue`), for a reader of another shape. */
function readColumnsGeneric(reader: DuckDBResultReader, types: DuckDBType[]): Column[] {
  const columns = reader.getColumns() as unknown[][];
  return columns.map((column, c) => column.map((v) => toJsValue(v as DuckDBValue, types[c], toJsValue)));
}

/** null: DATE and timestamps (read by `readTemporal` with its per-column cache). */
function readerFor(type: DuckDBType): ColumnReader | null {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return (v, n, out, o) => {
        const items = duckdb.vector_get_data(v, n);
        const valid = validityOf(v, n);
        for (let r = 0; r < n; r++) out[o + r] = isValid(valid, r) ? items[r] !== 0 : null;
      };
    case DuckDBTypeId.TINYINT:
      return fixed(1, (d, n) => new Int8Array(d.buffer, d.byteOffset, n));
    case DuckDBTypeId.UTINYINT:
      return fixed(1, (d, n) => new Uint8Array(d.buffer, d.byteOffset, n));
    case DuckDBTypeId.SMALLINT:
      return fixed(2, (d, n) => new Int16Array(d.buffer, d.byteOffset, n));
    case DuckDBTypeId.USMALLINT:
      return fixed(2, (d, n) => new Uint16Array(d.buffer, d.byteOffset, n));
    case DuckDBTypeId.INTEGER:
      return fixed(4, (d, n) => new Int32Array(d.buffer, d.byteOffset, n));
    case DuckDBTypeId.UINTEGER:
      return fixed(4, (d, n) => new Uint32Array(d.buffer, d.byteOffset, n));
    case DuckDBTypeId.FLOAT:
      return fixed(4, (d, n) => new Float32Array(d.buffer, d.byteOffset, n));
    case DuckDBTypeId.DOUBLE:
      return fixed(8, (d, n) => new Float64Array(d.buffer, d.byteOffset, n));
    case DuckDBTypeId.BIGINT:
      return wide(BigInt64Array);
    case DuckDBTypeId.UBIGINT:
      return wide(BigUint64Array);
    case DuckDBTypeId.HUGEINT:
      return readHugeint;
    case DuckDBTypeId.VARCHAR:
      return readVarchar;
    case DuckDBTypeId.DATE:
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return null;
    default:
      return readWithLibrary;
  }
}

/** A fixed-width numeric column: a typed-array view of the vector, copied value by value. */
function fixed(width: number, view: (data: Uint8Array, n: number) => ArrayLike<number>): ColumnReader {
  return (v, n, out, o) => {
    let data = duckdb.vector_get_data(v, n * width);
    if (data.byteOffset % width !== 0) data = data.slice();
    const items = view(data, n);
    const valid = validityOf(v, n);
    for (let r = 0; r < n; r++) out[o + r] = isValid(valid, r) ? items[r] : null;
  };
}

/** BIGINT or UBIGINT values as numbers. */
function wide(Kind: { new (buffer: ArrayBufferLike, offset: number, length: number): BigInt64Array | BigUint64Array }): ColumnReader {
  return (v, n, out, o) => {
    const items = aligned64(duckdb.vector_get_data(v, n * 8), n, Kind);
    const valid = validityOf(v, n);
    for (let r = 0; r < n; r++) out[o + r] = isValid(valid, r) ? Number(items[r]) : null;
  };
}

function aligned64<T extends BigInt64Array | BigUint64Array>(data: Uint8Array, n: number, Kind: { new (buffer: ArrayBufferLike, offset: number, length: number): T }): T {
  const bytes = data.byteOffset % 8 === 0 ? data : data.slice();
  return new Kind(bytes.buffer, bytes.byteOffset, n);
}

/** One bit per row, or null when every row is valid (DuckDB then has no mask). */
function validityOf(vector: duckdb.Vector, n: number): Validity {
  return duckdb.vector_get_validity(vector, Math.ceil(n / 64) * 8) ?? null;
}

/** HUGEINT (sums of integers): lower 64 bits unsigned, upper 64 signed, as `Number` of the BigInt. */
function readHugeint(v: duckdb.Vector, n: number, out: Column, o: number): void {
  let data = duckdb.vector_get_data(v, n * 16);
  if (data.byteOffset % 4 !== 0) data = data.slice();
  const words = new Uint32Array(data.buffer, data.byteOffset, n * 4);
  const valid = validityOf(v, n);
  for (let r = 0; r < n; r++) {
    if (!isValid(valid, r)) {
      out[o + r] = null;
      continue;
    }
    const w = r * 4;
    // Upper 64 bits zero: both halves are exact doubles and their sum is rounded once, to the
    // nearest double, as Number(bigint) rounds; no BigInt needed.
    if (words[w + 2] === 0 && words[w + 3] === 0) out[o + r] = words[w + 1] * TWO_32 + words[w];
    else {
      const dv = new DataView(data.buffer, data.byteOffset + r * 16, 16);
      out[o + r] = Number((dv.getBigInt64(8, true) << 64n) + dv.getBigUint64(0, true));
    }
  }
}

/**
 * DATE (int32 days), TIMESTAMP and TIMESTAMP WITH TIME ZONE (int64 microseconds): each distinct
 * value converted once by `toJsValue` itself, so the text is exactly the row path's.
 */
function readTemporal(v: duckdb.Vector, n: number, out: Column, o: number, type: DuckDBType, cache: Map<number | bigint, unknown>): void {
  const valid = validityOf(v, n);
  const id = type.typeId;
  const items: ArrayLike<number | bigint> = id === DuckDBTypeId.DATE ? viewInt32(duckdb.vector_get_data(v, n * 4), n) : aligned64(duckdb.vector_get_data(v, n * 8), n, BigInt64Array);
  for (let r = 0; r < n; r++) {
    if (!isValid(valid, r)) {
      out[o + r] = null;
      continue;
    }
    const raw = items[r];
    let value = cache.get(raw);
    if (value === undefined) {
      const wrapped = id === DuckDBTypeId.DATE ? new DuckDBDateValue(raw as number) : id === DuckDBTypeId.TIMESTAMP_TZ ? new DuckDBTimestampTZValue(raw as bigint) : new DuckDBTimestampValue(raw as bigint);
      value = toJsValue(wrapped, type, toJsValue);
      if (cache.size < 65_536) cache.set(raw, value);
    }
    out[o + r] = value;
  }
}

function viewInt32(data: Uint8Array, n: number): Int32Array {
  const bytes = data.byteOffset % 4 === 0 ? data : data.slice();
  return new Int32Array(bytes.buffer, bytes.byteOffset, n);
}

/** One chunk's long strings at a time: readVarchar is done with it before it returns. */
const longStrings = new LongStrings();

function readVarchar(v: duckdb.Vector, n: number, out: Column, o: number): void {
  const data = duckdb.vector_get_data(v, n * 16);
  const headers = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const valid = validityOf(v, n);
  // Long strings come out of DuckDB's memory a run of adjacent ones at a time, each pointer once.
  longStrings.reset(dv, n, valid);
  for (let r = 0; r < n; r++) {
    if (!isValid(valid, r)) {
      out[o + r] = null;
      continue;
    }
    const at = r * 16;
    const length = dv.getUint32(at, true);
    if (length <= INLINE_MAX) out[o + r] = decoded(headers, at + 4, at + 4 + length);
    else {
      longStrings.locate(r);
      out[o + r] = decoded(longStrings.bytes, longStrings.from, longStrings.from + length);
    }
  }
}

/**
 * UTF-8 to a string as the library's TextDecoder gives it: invalid bytes as U+FFFD and, since a
 * decoder that does not ignore the BOM drops it, without a leading U+FEFF.
 */
function decoded(bytes: Buffer, from: number, to: number): string {
  const text = bytes.toString('utf8', from, to);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Any other type: the library's vector for the column, each value through `toJsValue`. */
function readWithLibrary(_v: duckdb.Vector, n: number, out: Column, o: number, type: DuckDBType, chunk: DuckDBDataChunk, column: number): void {
  const vector = chunk.getColumnVector(column);
  for (let r = 0; r < n; r++) {
    const value = vector.getItem(r);
    out[o + r] = value === null ? null : toJsValue(value, type, toJsValue);
  }
}
