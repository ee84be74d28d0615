/**
 * Turns one fetched page (JSON, CSV or Arrow IPC stream) into the columns of the raw staging table:
 * row number, raw text, a parse error, and every contract field as text (null when absent). No
 * value is judged here — that is SQL's job in the warehouse — only what cannot be read at all:
 *
 * - a page that cannot be parsed (truncated JSON or Arrow, no data array) or whose columns lack a
 *   contract field (schema drift) throws FeedPayloadError: the run fails with that reason;
 * - a row that cannot be read (not an object, wrong number of CSV cells, bytes that are not
 *   UTF-8) gets a parse error and is quarantined with it;
 * - columns the contract does not know are ignored and reported as warnings.
 */
import { isUtf8 } from 'node:buffer';
import { type DataType, type RecordBatch, RecordBatchReader, Type, type Vector } from 'apache-arrow';
import type { FeedFormat, FeedPage } from '@hamgam/shared';
import { type AppendColumn, NULL_COLUMN, type StageType, type StageTypes } from '@hamgam/warehouse';
import { type FeedBody, FeedPayloadError } from './feed-client.js';

export interface ParsedPage {
  rowCount: number;
  /** row_number (bigint), raw, parse_error, then one array per field, each over the page's rows. */
  columns: (string | bigint | null)[][];
  /** Columns served that the contract does not define. */
  unknownColumns: string[];
  nextCursor: string | null;
  /**
   * A CSV page DuckDB's own reader may land as it is (UTF-8, no quotes, no blank lines): `columns`
   * is then empty and the warehouse reads `body` with the columns named in `header`. Should the
   * native read fail, `fallback` parses it here as before. `typed` is set when the header is the
   * contract's fields in order and every numeric cell is a number in its canonical form, or every
   * day a real day written YYYY-MM-DD (`canonicalCellsAt`): DuckDB may then read those columns as
   * DOUBLE or DATE (the stage types given).
   */
  native?: { body: Uint8Array; header: string[]; fallback: () => ParsedPage; typed?: StageTypes };
  /**
   * An Arrow page whose columns are exactly the contract's fields, each of a type the stage can
   * hold as it is (`types`): `columns` is then empty, and `columns()` here gives the stage's
   * columns straight from the Arrow vectors (numbers as typed arrays, no text, no raw text).
   * `fallback` parses the page the JS way, for a stage that is text already.
   */
  typed?: { types: StageTypes; columns: () => AppendColumn[]; fallback: () => ParsedPage };
}

/** Which stage type a field may be held as: the warehouse decides from the contract (`stageTypeFits`). */
export type StageTypeFits = (field: string, type: StageType) => boolean;

type Cell = string | null;

const NOT_UTF8 = 'row holds bytes that are not valid UTF-8';
const REPLACEMENT_CHAR = '\uFFFD';

class PageBuilder {
  readonly rowNumbers: bigint[] = [];
  readonly raw: Cell[] = [];
  readonly errors: Cell[] = [];
  readonly values: Cell[][];

  constructor(
    readonly fields: readonly string[],
    private readonly firstRowNumber: number,
  ) {
    this.values = fields.map(() => []);
  }

  add(raw: string, cells: (field: number) => Cell, parseError: string | null): void {
    this.rowNumbers.push(BigInt(this.firstRowNumber + this.rowNumbers.length));
    this.raw.push(raw);
    this.errors.push(parseError ?? (raw.includes(REPLACEMENT_CHAR) ? NOT_UTF8 : null));
    for (let i = 0; i < this.fields.length; i++) this.values[i].push(cells(i));
  }

  build(unknownColumns: string[], nextCursor: string | null): ParsedPage {
    return { rowCount: this.rowNumbers.length, columns: [this.rowNumbers, this.raw, this.errors, ...this.values], unknownColumns, nextCursor };
  }
}

/** Bytes to text; invalid sequences become U+FFFD, which marks their rows for quarantine. */
function decodeUtf8(body: Uint8Array): string {
  return new TextDecoder('utf-8').decode(body); // strips a leading BOM
}

function cellOfJson(value: unknown): Cell {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function parseJsonPage(page: FeedBody, fields: readonly string[], firstRowNumber: number, pageNumber: number): ParsedPage {
  let parsed: FeedPage<unknown>;
  try {
    parsed = JSON.parse(decodeUtf8(page.body)) as FeedPage<unknown>;
  } catch (err) {
    throw new FeedPayloadError(`page ${pageNumber} is not valid JSON (truncated?): ${(err as Error).message}`, 200);
  }
  if (!parsed || typeof parsed !== 'object' || !Array.isArray(parsed.data)) {
    throw new FeedPayloadError(`page ${pageNumber} is not a feed page: no "data" array`, 200);
  }
  const known = new Set(fields);
  const unknown = new Set<string>();
  const builder = new PageBuilder(fields, firstRowNumber);
  for (const row of parsed.data) {
    const raw = JSON.stringify(row) ?? 'undefined';
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      builder.add(raw, () => null, 'row is not an object');
      continue;
    }
    const record = row as Record<string, unknown>;
    for (const key in record) if (!known.has(key)) unknown.add(key);
    builder.add(raw, (i) => cellOfJson(record[fields[i]]), null);
  }
  return builder.build([...unknown], typeof parsed.nextCursor === 'string' && parsed.nextCursor ? parsed.nextCursor : null);
}

interface CsvRecord {
  cells: string[];
  raw: string;
  error: string | null;
}

/** RFC 4180 records: quoted cells (with "" and line breaks inside), LF or CRLF line ends. */
export function parseCsvRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let pos = 0;
  while (pos < n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    const lineEnd = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const line = text.slice(pos, lineEnd);
    if (!line.includes('"')) {
      // The common case, fast: no quoting on this line.
      if (line.length > 0) records.push({ cells: line.split(','), raw: line, error: null });
      pos = end + 1;
      continue;
    }
    const quoted = parseQuotedRecord(text, pos);
    records.push(quoted.record);
    pos = quoted.next;
  }
  return records;
}

function parseQuotedRecord(text: string, start: number): { record: CsvRecord; next: number } {
  const cells: string[] = [];
  let cell = '';
  let inQuotes = false;
  let i = start;
  for (; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c !== '"') cell += c;
      else if (text[i + 1] === '"') {
        cell += '"';
        i++;
      } else inQuotes = false;
    } else if (c === '"' && cell === '') inQuotes = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') break;
    else cell += c;
  }
  cells.push(cell);
  const rawEnd = i;
  if (text[i] === '\r' && text[i + 1] === '\n') i++;
  const raw = text.slice(start, rawEnd);
  return { record: { cells, raw, error: inQuotes ? 'a quoted cell is not closed (truncated row?)' : null }, next: i + 1 };
}

function schemaDrift(format: FeedFormat, missing: string[], pageNumber: number): FeedPayloadError {
  return new FeedPayloadError(`schema drift: page ${pageNumber} (${format}) lacks column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, 200);
}

function parseCsvPage(page: FeedBody, fields: readonly string[], firstRowNumber: number, pageNumber: number): ParsedPage {
  const records = parseCsvRecords(decodeUtf8(page.body));
  const builder = new PageBuilder(fields, firstRowNumber);
  if (records.length === 0) return builder.build([], page.headerCursor);
  const header = records[0].cells.map((h) => h.trim());
  const missing = fields.filter((name) => !header.includes(name));
  if (missing.length) throw schemaDrift('csv', missing, pageNumber);
  const positions = fields.map((name) => header.indexOf(name));
  for (const record of records.slice(1)) {
    const error = record.error ?? (record.cells.length !== header.length ? `row has ${record.cells.length} cells, the header has ${header.length}` : null);
    builder.add(record.raw, (i) => (error ? null : record.cells[positions[i]] || null), error);
  }
  return builder.build(header.filter((h) => !fields.includes(h)), page.headerCursor);
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const BOM = [0xef, 0xbb, 0xbf];

/**
 * A CSV page for DuckDB's native reader, or null when only the parser above can read it exactly:
 * a quote anywhere (quoted cells), bytes that are not UTF-8 (quarantined row by row), a NUL byte or
 * a blank line. The header is checked here (schema drift fails the run as before) and the rows are
 * counted, so the run knows what it received before anything is staged.
 */
function nativeCsvPage(page: FeedBody, fields: readonly string[], firstRowNumber: number, pageNumber: number, typedFits?: StageTypeFits): ParsedPage | null {
  const body = Buffer.from(page.body.buffer, page.body.byteOffset, page.body.byteLength);
  if (body.length === 0 || body.includes(QUOTE) || body.includes(0) || !isUtf8(body)) return null;
  const start = BOM.every((b, i) => body[i] === b) ? 3 : 0;
  let end = body.indexOf(LF, start);
  if (end < 0) end = body.length;
  const headerLine = body.toString('utf8', start, end > start && body[end - 1] === CR ? end - 1 : end);
  const header = headerLine.split(',').map((h) => h.trim());
  const missing = fields.filter((name) => !header.includes(name));
  if (missing.length) throw schemaDrift('csv', missing, pageNumber);
  if (new Set(header).size !== header.length || header.some((h) => h === '')) return null;
  let rows = 0;
  for (let pos = end + 1; pos < body.length; ) {
    let next = body.indexOf(LF, pos);
    if (next < 0) next = body.length;
    const length = next - pos - (next > pos && body[next - 1] === CR ? 1 : 0);
    if (length <= 0) return null; // a blank line: the parser skips it, DuckDB might not
    rows++;
    pos = next + 1;
  }
  let typed: StageTypes | undefined;
  if (typedFits && header.length === fields.length && header.every((name, i) => name === fields[i])) {
    const kinds = fields.map((name): CellKind | null => (typedFits(name, 'double') ? 'double' : typedFits(name, 'date') ? 'date' : null));
    const canonical = !kinds.some(Boolean) ? null : allCanonicalAt(body, end + 1, kinds) ? new Set(kinds.filter((k): k is CellKind => k !== null)) : canonicalCellsAt(body, end + 1, kinds);
    const entries = canonical ? fields.flatMap((name, i) => (kinds[i] && canonical.has(kinds[i]) ? [[name, kinds[i]] as const] : [])) : [];
    if (entries.length) typed = Object.fromEntries(entries);
  }
  return {
    rowCount: rows,
    columns: [],
    unknownColumns: header.filter((h) => !fields.includes(h)),
    nextCursor: page.headerCursor,
    native: { body: page.body, header, fallback: () => parseCsvPage(page, fields, firstRowNumber, pageNumber), typed },
  };
}

const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
/** Significant digits a decimal may have and still be given back as written by DuckDB and JavaScript alike. */
const MAX_DIGITS = 15;

type CellKind = 'double' | 'date';

/**
 * Which kinds of cell (of `kinds`, one per field) are canonical in every row from `start`, or null
 * when a row has not one cell per field. A number is canonical when it is written the one way both
 * DuckDB (`textOfTyped`) and JavaScript write that number back:
 * an optional minus (not on zero), no leading zeros, no trailing zeros after the point, at most 15
 * digits (every such decimal round-trips through a double unchanged), no exponent, and not below
 * 0.0001 (where DuckDB writes 1e-05). Such a cell read as DOUBLE is the value `try_cast` gives its
 * text, and its text is what the check and the raw row give back, so the typed stage changes
 * nothing but the work. A day is canonical when it is a real day written YYYY-MM-DD (years 1000 to
 * 9999), which DATE reads as `try_cast` does and writes back as the same text. Anything else (an
 * empty cell, Persian digits, padding, 1e3, 007, 1.50, 2026-02-30…) leaves that kind of column to
 * the text way, where SQL normalises and judges it as before.
 */
export function canonicalCellsAt(body: Uint8Array, start: number, kinds: readonly (CellKind | null)[]): Set<CellKind> | null {
  const cells = kinds.length;
  let numbers = kinds.includes('double');
  let days = kinds.includes('date');
  let field = 0;
  let at = start; // the current cell's first byte
  for (let i = start; i <= body.length; i++) {
    const b = i < body.length ? body[i] : LF;
    if (b !== COMMA && b !== LF) continue;
    const endOfLine = b === LF;
    let cellEnd = i;
    if (endOfLine && cellEnd > at && body[cellEnd - 1] === CR) cellEnd--;
    if (endOfLine && i === body.length && field === 0 && cellEnd === at) break; // the final newline
    if (field >= cells) return null;
    const kind = kinds[field];
    if (kind === 'double' && numbers && !canonicalNumber(body, at, cellEnd)) numbers = false;
    else if (kind === 'date' && days && !canonicalDay(body, at, cellEnd)) days = false;
    field++;
    at = i + 1;
    if (endOfLine) {
      if (field !== cells) return null;
      field = 0;
    }
  }
  const canonical = new Set<CellKind>();
  if (numbers) canonical.add('double');
  if (days) canonical.add('date');
  return canonical;
}

/**
 * One regular expression per line for the common page, where every cell is canonical: a subset of
 * what `canonicalCellsAt` accepts (a bit stricter: 15 digits at most, leading zeros of 0.0… included),
 * so when every line matches, the answer is the same, found several times faster; when one does
 * not, `canonicalCellsAt` decides.
 */
const CANONICAL_NUMBER = String.raw`(?!-0(?:[,\r\n]|$))(?!-?0\.0000)(?=-?(?:\d{1,15}|(?=\d*\.)[\d.]{3,16})(?:[,\r\n]|$))-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?`;
const LEAP_YEAR = String.raw`(?:[1-9]\d(?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[13579][26])00)`;
const CANONICAL_DAY = String.raw`(?:[1-9]\d{3}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|02-(?:0[1-9]|1\d|2[0-8]))|${LEAP_YEAR}-02-29)`;
const lineRegexes = new Map<string, RegExp>();

function allCanonicalAt(body: Uint8Array, start: number, kinds: readonly (CellKind | null)[]): boolean {
  const key = kinds.join(',');
  let line = lineRegexes.get(key);
  if (!line) {
    const cells = kinds.map((kind) => (kind === 'double' ? CANONICAL_NUMBER : kind === 'date' ? CANONICAL_DAY : '[^,\r\n]*'));
    line = new RegExp(`${cells.join(',')}\r?(?:\n|$)`, 'y');
    lineRegexes.set(key, line);
  }
  // Latin-1: one character per byte, so a non-ASCII byte is a character no pattern above matches.
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');
  for (let pos = start; pos < text.length; pos = line.lastIndex) {
    line.lastIndex = pos;
    if (!line.test(text)) return false;
  }
  return true;
}

const digit = (b: number) => b - ZERO;

/**
 * The day number (days since 1970-01-01) of a real day written YYYY-MM-DD, years 1000 to 9999
 * (what DuckDB's DATE reads from, and writes back as, that very text), or null.
 */
export function canonicalDayNumber(body: Uint8Array, from: number, to: number): number | null {
  if (to - from !== 10 || body[from + 4] !== MINUS || body[from + 7] !== MINUS) return null;
  for (let i = 0; i < 10; i++) if (i !== 4 && i !== 7 && (body[from + i] < ZERO || body[from + i] > NINE)) return null;
  const year = digit(body[from]) * 1000 + digit(body[from + 1]) * 100 + digit(body[from + 2]) * 10 + digit(body[from + 3]);
  const month = digit(body[from + 5]) * 10 + digit(body[from + 6]);
  const day = digit(body[from + 8]) * 10 + digit(body[from + 9]);
  if (year < 1000 || month < 1 || month > 12 || day < 1) return null;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31)) return null;
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

const canonicalDay = (body: Uint8Array, from: number, to: number) => canonicalDayNumber(body, from, to) !== null;

function canonicalNumber(body: Uint8Array, from: number, to: number): boolean {
  let i = from;
  const negative = body[i] === MINUS;
  if (negative) i++;
  const intStart = i;
  while (i < to && body[i] >= ZERO && body[i] <= NINE) i++;
  const intDigits = i - intStart;
  if (intDigits === 0 || (intDigits > 1 && body[intStart] === ZERO)) return false;
  if (i === to) return intDigits <= MAX_DIGITS && !(negative && intDigits === 1 && body[intStart] === ZERO);
  if (body[i] !== DOT) return false;
  i++;
  const fracStart = i;
  while (i < to && body[i] >= ZERO && body[i] <= NINE) i++;
  const fracDigits = i - fracStart;
  if (i !== to || fracDigits === 0 || body[to - 1] === ZERO) return false;
  if (intDigits === 1 && body[intStart] === ZERO) {
    // 0.xxx: its significant digits start at the first non-zero one; below 0.0001 DuckDB writes 1e-05.
    let zeros = 0;
    while (body[fracStart + zeros] === ZERO) zeros++;
    return zeros < 4 && fracDigits - zeros <= MAX_DIGITS;
  }
  return intDigits + fracDigits <= MAX_DIGITS;
}

/** The Arrow IPC end-of-stream marker: a continuation token and a zero length. */
function endsWithEos(body: Uint8Array): boolean {
  const tail = Buffer.from(body.subarray(Math.max(0, body.length - 8)));
  return tail.length === 8 && tail.readUInt32LE(0) === 0xffffffff && tail.readUInt32LE(4) === 0;
}

function arrowCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
  return value;
}

/** A column's values: the typed array when there are no nulls (fast), element by element otherwise. */
function valuesOf(vector: Vector): ArrayLike<unknown> {
  if (vector.nullCount === 0) return vector.toArray() as ArrayLike<unknown>;
  return Array.from({ length: vector.length }, (_, i) => vector.get(i));
}

/** A value as JSON.stringify writes it inside the row's raw text (BigInt as a number when safe). */
function jsonText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return String(value);
    case 'undefined':
      return 'null';
    default:
      return JSON.stringify(jsonSafe(value)) ?? 'null';
  }
}

/** The stage type an Arrow column maps to as it is, or null (then the page goes the text way). */
function stageTypeOfArrow(type: DataType): StageType | null {
  switch (type.typeId) {
    case Type.Int:
      return (type as DataType & { bitWidth: number; isSigned: boolean }).bitWidth === 64 ? ((type as DataType & { isSigned: boolean }).isSigned ? 'bigint' : null) : 'double';
    case Type.Float:
      return 'double';
    case Type.Bool:
      return 'boolean';
    case Type.Utf8:
      return 'varchar';
    default:
      return null;
  }
}

/** One column over every batch of a page, as the stage takes it. */
function stageColumn(batches: RecordBatch[], name: string, type: StageType, rowCount: number): AppendColumn {
  const vectors = batches.map((batch) => batch.getChild(name)!);
  if (type === 'bigint' || type === 'double') {
    const values = type === 'bigint' ? new BigInt64Array(rowCount) : new Float64Array(rowCount);
    let nulls: Uint8Array | null = null;
    let at = 0;
    for (const vector of vectors) {
      const array = vector.toArray() as ArrayLike<number | bigint>;
      if (type === 'bigint') (values as BigInt64Array).set(array as BigInt64Array, at);
      else if (array instanceof Float64Array) (values as Float64Array).set(array, at);
      else for (let r = 0; r < vector.length; r++) (values as Float64Array)[at + r] = Number(array[r]);
      if (vector.nullCount > 0) {
        nulls ??= new Uint8Array(rowCount);
        for (let r = 0; r < vector.length; r++) if (!vector.isValid(r)) nulls[at + r] = 1;
      }
      at += vector.length;
    }
    return { values, nulls };
  }
  const out: (string | boolean | null)[] = new Array(rowCount);
  let at = 0;
  for (const vector of vectors) {
    if (type === 'varchar' && utf8Into(vector, out, at)) {
      at += vector.length;
      continue;
    }
    for (let r = 0; r < vector.length; r++) out[at + r] = (vector.get(r) as string | boolean | null) ?? null;
    at += vector.length;
  }
  return out;
}

/**
 * A Utf8 vector's strings, decoded straight from its offsets and bytes (several times faster than
 * `get` value by value). Bytes that are not UTF-8 become U+FFFD, as Arrow's own decoder makes them.
 * False when the vector is not laid out as one plain Utf8 buffer (then `get` does it).
 */
function utf8Into(vector: Vector, out: (string | boolean | null)[], at: number): boolean {
  if (vector.data.length !== 1) return false;
  const data = vector.data[0] as { valueOffsets?: Int32Array; values?: Uint8Array; offset: number };
  const { valueOffsets: offsets, values } = data;
  if (data.offset !== 0 || !(offsets instanceof Int32Array) || !(values instanceof Uint8Array)) return false;
  const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  const hasNulls = vector.nullCount > 0;
  // Short ASCII values repeat (a service id on every one of its days): each is decoded once per
  // vector and shared, found by a hash of its bytes and checked byte for byte.
  const seen = new Map<number, string>();
  for (let r = 0; r < vector.length; r++) {
    if (hasNulls && !vector.isValid(r)) {
      out[at + r] = null;
      continue;
    }
    const start = offsets[r];
    const end = offsets[r + 1];
    if (end - start > 24) {
      out[at + r] = bytes.toString('utf8', start, end);
      continue;
    }
    let hash = end - start;
    let ascii = true;
    for (let i = start; i < end; i++) {
      const b = bytes[i];
      if (b >= 0x80) ascii = false;
      hash = (Math.imul(hash, 31) + b) | 0;
    }
    const known = ascii ? seen.get(hash) : undefined;
    if (known !== undefined && sameAscii(known, bytes, start, end)) {
      out[at + r] = known;
      continue;
    }
    const text = bytes.toString('utf8', start, end);
    if (ascii) seen.set(hash, text);
    out[at + r] = text;
  }
  return true;
}

function sameAscii(text: string, bytes: Uint8Array, start: number, end: number): boolean {
  if (text.length !== end - start) return false;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== bytes[start + i]) return false;
  return true;
}

/** The day numbers of a Utf8 column over every batch, read from its bytes; null unless every value is canonical (`canonicalDayNumber`). */
function dayNumbersOf(batches: RecordBatch[], name: string): Int32Array | null {
  const rowCount = batches.reduce((n, batch) => n + batch.numRows, 0);
  const out = new Int32Array(rowCount);
  let at = 0;
  for (const batch of batches) {
    const vector = batch.getChild(name)!;
    if (vector.nullCount > 0 || vector.data.length !== 1) return null;
    const data = vector.data[0] as { valueOffsets?: Int32Array; values?: Uint8Array; offset: number };
    const { valueOffsets: offsets, values } = data;
    if (data.offset !== 0 || !(offsets instanceof Int32Array) || !(values instanceof Uint8Array)) return null;
    for (let r = 0; r < vector.length; r++) {
      const day = canonicalDayNumber(values, offsets[r], offsets[r + 1]);
      if (day === null) return null;
      out[at + r] = day;
    }
    at += vector.length;
  }
  return out;
}

/**
 * The typed path of an Arrow page (`ParsedPage.typed`), or null when a column is not a contract
 * field, a field is missing or out of order, or a column's type is not one the stage holds as it is.
 */
function typedArrowPage(page: FeedBody, fields: readonly string[], firstRowNumber: number, pageNumber: number, fits: StageTypeFits): ParsedPage | null {
  let batches: RecordBatch[];
  let names: string[];
  let types: StageTypes;
  try {
    const reader = RecordBatchReader.from(page.body);
    reader.open();
    const schema = reader.schema.fields;
    names = schema.map((field) => field.name);
    if (names.length !== fields.length || names.some((name, i) => name !== fields[i])) return null;
    types = {};
    for (const field of schema) {
      const type = stageTypeOfArrow(field.type);
      if (!type || !fits(field.name, type)) return null;
      types[field.name] = type;
    }
    batches = [...reader];
  } catch {
    return null; // the text path says what is wrong with it
  }
  // A day column (Utf8) whose every value is a real day written YYYY-MM-DD is staged as DATE.
  const days = new Map<string, Int32Array>();
  for (const name of fields) {
    if (types[name] !== 'varchar' || !fits(name, 'date')) continue;
    const numbers = dayNumbersOf(batches, name);
    if (numbers) {
      days.set(name, numbers);
      types[name] = 'date';
    }
  }
  const rowCount = batches.reduce((n, batch) => n + batch.numRows, 0);
  const columns = (): AppendColumn[] => {
    const fieldColumns = fields.map((name): AppendColumn => (days.has(name) ? { values: days.get(name)! } : stageColumn(batches, name, types[name]!, rowCount)));
    // A string with U+FFFD came from bytes that were not UTF-8: the row is quarantined for it.
    let errors: (string | null)[] | null = null;
    for (const column of fieldColumns) {
      if (!Array.isArray(column)) continue;
      for (let r = 0; r < rowCount; r++) {
        const value = column[r];
        if (typeof value === 'string' && value.includes(REPLACEMENT_CHAR)) (errors ??= new Array(rowCount).fill(null))[r] = NOT_UTF8;
      }
    }
    // Row numbers are left null, as for CSV files: pages are staged in order, so a row's number is
    // its position in the stage (`rowid + 1`, checked by `rawStageCount`), which is `firstRowNumber` on.
    return [NULL_COLUMN, NULL_COLUMN, errors ?? NULL_COLUMN, ...fieldColumns];
  };
  return { rowCount, columns: [], unknownColumns: [], nextCursor: page.headerCursor, typed: { types, columns, fallback: () => parseArrowPage(page, fields, firstRowNumber, pageNumber) } };
}

/**
 * Column by column, without a JS object per row: each field's cells straight from the vector's
 * values, and each row's raw text (the row as a JSON object, as before) concatenated from the
 * columns' JSON pieces.
 */
function parseArrowPage(page: FeedBody, fields: readonly string[], firstRowNumber: number, pageNumber: number): ParsedPage {
  if (!endsWithEos(page.body)) {
    throw new FeedPayloadError(`page ${pageNumber} is not a whole Arrow stream: no end-of-stream marker (truncated?)`, 200);
  }
  const rowNumbers: bigint[] = [];
  const raw: Cell[] = [];
  const errors: Cell[] = [];
  const values: Cell[][] = fields.map(() => []);
  let unknown: string[] = [];
  try {
    const reader = RecordBatchReader.from(page.body);
    reader.open();
    const names = reader.schema.fields.map((field) => field.name);
    const missing = fields.filter((name) => !names.includes(name));
    if (missing.length) throw schemaDrift('arrow', missing, pageNumber);
    unknown = names.filter((name) => !fields.includes(name));
    const positions = fields.map((name) => names.indexOf(name));
    const keys = names.map((name, c) => `${c === 0 ? '{' : ','}${JSON.stringify(name)}:`);
    for (const batch of reader) {
      const n = batch.numRows;
      const columns = names.map((name) => valuesOf(batch.getChild(name)!));
      const texts: string[] = new Array(n).fill('');
      columns.forEach((column, c) => {
        const key = keys[c];
        for (let r = 0; r < n; r++) texts[r] += key + jsonText(column[r]);
      });
      const base = firstRowNumber + rowNumbers.length;
      for (let r = 0; r < n; r++) {
        const text = names.length ? `${texts[r]}}` : '{}';
        rowNumbers.push(BigInt(base + r));
        raw.push(text);
        errors.push(text.includes(REPLACEMENT_CHAR) ? NOT_UTF8 : null);
      }
      positions.forEach((c, i) => {
        const column = columns[c];
        const target = values[i];
        for (let r = 0; r < n; r++) target.push(arrowCell(column[r]));
      });
    }
  } catch (err) {
    if (err instanceof FeedPayloadError) throw err;
    throw new FeedPayloadError(`page ${pageNumber} is not a readable Arrow stream (truncated?): ${(err as Error).message}`, 200);
  }
  return { rowCount: rowNumbers.length, columns: [rowNumbers, raw, errors, ...values], unknownColumns: unknown, nextCursor: page.headerCursor };
}

/**
 * One page to staging columns. `firstRowNumber` continues the numbering across pages so every
 * row of a run has its own number (1-based); `pageNumber` (1-based) names the page in errors.
 */
export function parseFeedPage(page: FeedBody, fields: readonly string[], firstRowNumber: number, pageNumber: number, opts: { nativeCsv?: boolean; typedArrow?: StageTypeFits; typedCsv?: StageTypeFits } = {}): ParsedPage {
  if (page.format === 'csv' && opts.nativeCsv) return nativeCsvPage(page, fields, firstRowNumber, pageNumber, opts.typedCsv) ?? parseCsvPage(page, fields, firstRowNumber, pageNumber);
  if (page.format === 'arrow' && opts.typedArrow && endsWithEos(page.body)) {
    const typed = typedArrowPage(page, fields, firstRowNumber, pageNumber, opts.typedArrow);
    if (typed) return typed;
  }
  switch (page.format) {
    case 'json':
      return parseJsonPage(page, fields, firstRowNumber, pageNumber);
    case 'csv':
      return parseCsvPage(page, fields, firstRowNumber, pageNumber);
    case 'arrow':
      return parseArrowPage(page, fields, firstRowNumber, pageNumber);
  }
}
