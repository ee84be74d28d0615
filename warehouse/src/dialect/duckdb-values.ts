/**
 * Values across the DuckDB boundary. On the way out, rows become plain JSON-friendly values the
 * rest of Hamgam can compare and serialise: BIGINT and DECIMAL become numbers (counts stay far
 * below 2^53), DATE stays the calendar day it is ('YYYY-MM-DD', never shifted by the process's
 * time zone), timestamps become ISO 8601 strings. On the way in, parameters are bound with an
 * explicit DuckDB type so a JS integer is never sent as a DOUBLE (LIMIT $1 would then fail).
 */
import {
  BIGINT,
  BLOB,
  BOOLEAN,
  DOUBLE,
  DuckDBDateValue,
  DuckDBTimestampTZValue,
  DuckDBTypeId,
  HUGEINT,
  INTEGER,
  JSDuckDBValueConverter,
  LIST,
  listValue,
  TIMESTAMPTZ,
  VARCHAR,
  type DuckDBPreparedStatement,
  type DuckDBType,
  type DuckDBValue,
  type DuckDBValueConverter,
  type JS,
} from '@duckdb/node-api';

/** A row value as Kysely callers see it. */
export type RowValue = unknown;

const DAY_MS = 86_400_000;
const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

/** Microseconds since the epoch to ISO 8601; infinities keep DuckDB's own spelling. */
function microsToIso(micros: bigint, fallback: string): string {
  const ms = Number(micros / 1000n);
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? fallback : date.toISOString();
}

/** DuckDB value → JS value for Kysely rows. Nested types recurse through this same converter. */
export const toJsValue: DuckDBValueConverter<RowValue> = (value, type, converter) => {
  if (value === null) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return Number(value as bigint);
    case DuckDBTypeId.DATE:
      // The value holds whole days since the epoch: its own toString never consults a time zone.
      return String(value);
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return microsToIso((value as { micros: bigint }).micros, String(value));
    case DuckDBTypeId.TIMESTAMP_MS:
      return microsToIso((value as { millis: bigint }).millis * 1000n, String(value));
    case DuckDBTypeId.TIMESTAMP_S:
      return microsToIso((value as { seconds: bigint }).seconds * 1_000_000n, String(value));
    case DuckDBTypeId.TIMESTAMP_NS:
      return microsToIso((value as { nanos: bigint }).nanos / 1000n, String(value));
    case DuckDBTypeId.TIME:
    case DuckDBTypeId.TIME_TZ:
    case DuckDBTypeId.INTERVAL:
    case DuckDBTypeId.UUID:
      return String(value);
    default:
      // DECIMAL → double, LIST/STRUCT/MAP → arrays/objects (recursing through `converter`), etc.
      return JSDuckDBValueConverter(value, type, converter as unknown as DuckDBValueConverter<JS>);
  }
};

/** One parameter with the DuckDB type to bind it as. */
export interface TypedParameter {
  value: DuckDBValue;
  type: DuckDBType;
}

function typedNumber(n: number): TypedParameter {
  if (Number.isInteger(n)) {
    if (n >= INT32_MIN && n <= INT32_MAX) return { value: n, type: INTEGER };
    if (Number.isSafeInteger(n)) return { value: BigInt(n), type: BIGINT };
  }
  return { value: n, type: DOUBLE };
}

function dateToTimestampTz(d: Date): DuckDBTimestampTZValue {
  if (Number.isNaN(d.getTime())) throw new Error('cannot bind an invalid Date');
  return new DuckDBTimestampTZValue(BigInt(d.getTime()) * 1000n);
}

/** A JS array binds as a LIST; its element type comes from its non-null elements. */
function typedList(items: readonly unknown[]): TypedParameter {
  const present = items.filter((x) => x !== null && x !== undefined);
  const every = (test: (x: unknown) => boolean) => present.length > 0 && present.every(test);
  const list = (map: (x: unknown) => DuckDBValue, type: DuckDBType): TypedParameter => ({
    value: listValue(items.map((x) => (x === null || x === undefined ? null : map(x)))),
    type: LIST(type),
  });
  if (every((x) => Number.isSafeInteger(x))) return list((x) => BigInt(x as number), BIGINT);
  if (every((x) => typeof x === 'number')) return list((x) => x as number, DOUBLE);
  if (every((x) => typeof x === 'boolean')) return list((x) => x as boolean, BOOLEAN);
  if (every((x) => x instanceof Date)) return list((x) => dateToTimestampTz(x as Date), TIMESTAMPTZ);
  return list((x) => String(x), VARCHAR);
}

export function toTypedParameter(value: unknown): TypedParameter | null {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return { value, type: VARCHAR };
    case 'number':
      return typedNumber(value);
    case 'bigint':
      return { value, type: HUGEINT };
    case 'boolean':
      return { value, type: BOOLEAN };
  }
  if (value instanceof Date) return { value: dateToTimestampTz(value), type: TIMESTAMPTZ };
  if (value instanceof Uint8Array) return { value: value as unknown as DuckDBValue, type: BLOB };
  if (Array.isArray(value)) return typedList(value);
  // Plain objects go in as JSON text: DuckDB can cast it to JSON or a STRUCT where needed.
  return { value: JSON.stringify(value), type: VARCHAR };
}

export function bindParameters(statement: DuckDBPreparedStatement, parameters: readonly unknown[]): void {
  parameters.forEach((raw, i) => {
    const typed = toTypedParameter(raw);
    if (typed === null) statement.bindNull(i + 1);
    else statement.bindValue(i + 1, typed.value, typed.type);
  });
}

/** 'YYYY-MM-DD' → DuckDB DATE, for the appender (which takes typed values, not text). */
export function isoDayToDateValue(iso: string): DuckDBDateValue {
  const ms = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`not a calendar day (YYYY-MM-DD): ${iso}`);
  return new DuckDBDateValue(Math.round(ms / DAY_MS));
}

/** ISO string or Date → DuckDB TIMESTAMPTZ, for the appender. */
export function toTimestampTzValue(value: string | Date): DuckDBTimestampTZValue {
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) throw new Error(`not a timestamp: ${String(value)}`);
  return dateToTimestampTz(d);
}
