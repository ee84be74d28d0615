/**
 * The three encodings of a feed page (contract v1): JSON `{ data, nextCursor }`, CSV (RFC 4180,
 * UTF-8, header row) and Arrow IPC stream. A page is held as columns + row objects until it is
 * encoded, so that a fault can change the schema (drift) the same way in every format.
 */
import { FEED_FORMATS, FEED_MEDIA_TYPES, type FeedFormat } from '@hamgam/shared';
import { Bool, Float64, Int64, Table, Utf8, tableToIPC, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import { BadRequest } from './feed-paging.js';
import type { Column, FieldType } from './feed-schema.js';

export interface PageTable {
  columns: Column[];
  rows: Record<string, unknown>[];
}

export class NotAcceptable extends Error {}

export const CONTENT_TYPES: Record<FeedFormat, string> = {
  json: `${FEED_MEDIA_TYPES.json}; charset=utf-8`,
  csv: `${FEED_MEDIA_TYPES.csv}; charset=utf-8; header=present`,
  arrow: FEED_MEDIA_TYPES.arrow,
};

/** Rows per Arrow record batch: a page is several batches, as a real writer streams them. */
export const ARROW_BATCH_ROWS = 256;

const MEDIA_TO_FORMAT = new Map<string, FeedFormat>([
  ...FEED_FORMATS.map((f) => [FEED_MEDIA_TYPES[f], f] as const),
  ['application/*', 'json'],
  ['text/*', 'csv'],
  ['*/*', 'json'],
]);

/** `?format=` wins over Accept; no preference at all means JSON, the contract's default. */
export function chooseFormat(params: URLSearchParams, accept: string | undefined): FeedFormat {
  const asked = params.get('format');
  if (asked !== null) {
    if ((FEED_FORMATS as readonly string[]).includes(asked)) return asked as FeedFormat;
    throw new BadRequest(`format must be one of ${FEED_FORMATS.join(', ')}, got ${JSON.stringify(asked)}`);
  }
  if (!accept || !accept.trim()) return 'json';
  const ranges = accept
    .split(',')
    .map((part, order) => {
      const [media, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
      const q = params.find((p) => p.startsWith('q='));
      return { media, q: q ? Number(q.slice(2)) : 1, order };
    })
    .filter((r) => r.q > 0 && MEDIA_TO_FORMAT.has(r.media))
    .sort((a, b) => b.q - a.q || a.order - b.order);
  if (!ranges.length) throw new NotAcceptable(`this feed serves ${FEED_FORMATS.map((f) => FEED_MEDIA_TYPES[f]).join(', ')}; Accept was ${JSON.stringify(accept)}`);
  return MEDIA_TO_FORMAT.get(ranges[0].media)!;
}

/** Objects in column order, so a dropped column is absent and an added one present in JSON too. */
function orderedRows(table: PageTable): Record<string, unknown>[] {
  return table.rows.map((row) => Object.fromEntries(table.columns.map((c) => [c.name, row[c.name] ?? null])));
}

export function encodeJson(table: PageTable, nextCursor: string | null): string {
  return JSON.stringify({ data: orderedRows(table), nextCursor });
}

/** RFC 4180: quote a cell holding a comma, quote or line break; keep edge spaces by quoting them. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function encodeCsv(table: PageTable, lineEnd = '\n'): string {
  const lines = [table.columns.map((c) => csvCell(c.name)).join(',')];
  for (const row of table.rows) lines.push(table.columns.map((c) => csvCell(row[c.name])).join(','));
  return lines.join(lineEnd) + lineEnd;
}

function arrowType(type: FieldType): DataType {
  switch (type) {
    case 'string':
      return new Utf8();
    case 'integer':
      return new Int64();
    case 'number':
      return new Float64();
    case 'boolean':
      return new Bool();
  }
}

function arrowValue(type: FieldType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  // Int64 vectors hold bigints; a count that is not whole cannot be sent as one.
  if (type === 'integer') return BigInt(value as number);
  return value;
}

function arrowVectors(columns: Column[], rows: Record<string, unknown>[]): Record<string, Vector> {
  return Object.fromEntries(
    columns.map((c) => [c.name, vectorFromArray(rows.map((r) => arrowValue(c.type, r[c.name])), arrowType(c.type))]),
  );
}

export const ARROW_EOS = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

/**
 * An Arrow IPC stream as its messages: the schema, one message per record batch, and the
 * end-of-stream marker. Knowing the boundaries lets a fault cut a stream exactly between batches,
 * the truncation a careless reader mistakes for a complete, shorter page.
 */
export interface ArrowMessages {
  schema: Uint8Array;
  batches: Uint8Array[];
  eos: Uint8Array;
}

export function encodeArrowMessages(table: PageTable): ArrowMessages {
  // A table built from no vectors' batches: the stream holds the schema message alone.
  const schemaOnly = tableToIPC(new Table(new Table(arrowVectors(table.columns, [])).schema), 'stream');
  const schema = schemaOnly.subarray(0, schemaOnly.length - ARROW_EOS.length);
  const batches: Uint8Array[] = [];
  for (let from = 0; from < table.rows.length; from += ARROW_BATCH_ROWS) {
    const slice = table.rows.slice(from, from + ARROW_BATCH_ROWS);
    const one = tableToIPC(new Table(arrowVectors(table.columns, slice)), 'stream');
    batches.push(one.subarray(schema.length, one.length - ARROW_EOS.length));
  }
  return { schema, batches, eos: ARROW_EOS };
}

export function joinArrow(messages: ArrowMessages): Buffer {
  return Buffer.concat([messages.schema, ...messages.batches, messages.eos]);
}

export function encodeArrow(table: PageTable): Buffer {
  return joinArrow(encodeArrowMessages(table));
}
