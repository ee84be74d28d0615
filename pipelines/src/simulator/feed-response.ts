/**
 * Writes a feed page to the wire in the asked format, with whatever the agency's fault does to the
 * bytes and their delivery: a BOM and CRLF, bytes that are not UTF-8, a body cut short, a body
 * padded to tens of megabytes, a body dripped out over seconds.
 */
import type { ServerResponse } from 'node:http';
import { NEXT_CURSOR_HEADER, type FeedFormat } from '@hamgam/shared';
import type { FeedFault } from './feed-faults.js';
import { CONTENT_TYPES, encodeArrowMessages, encodeCsv, encodeJson, joinArrow, type PageTable } from './feed-formats.js';
import { plantInvalidUtf8 } from './fault-rows.js';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const MEGABYTE = 1024 * 1024;
const WRITE_CHUNK = MEGABYTE;

/** A body as the pieces it is written in; big padding is produced lazily rather than held whole. */
interface Body {
  length: number;
  pieces: () => Iterable<Buffer>;
}

const wholeBody = (buffer: Buffer): Body => ({ length: buffer.length, pieces: () => [buffer] });

/** Bytes until the body is at least `target` long: the repeat count of a unit of `unit` bytes. */
const repeatsFor = (target: number, unit: number) => Math.max(1, Math.ceil(target / Math.max(1, unit)));

function encodeText(format: 'json' | 'csv', table: PageTable, nextCursor: string | null, fault: FeedFault | null): Buffer {
  if (format === 'json') return Buffer.from(encodeJson(table, nextCursor), 'utf8');
  const bomCrlf = fault?.kind === 'csv-bom-crlf';
  const text = Buffer.from(encodeCsv(table, bomCrlf ? '\r\n' : '\n'), 'utf8');
  return bomCrlf ? Buffer.concat([UTF8_BOM, text]) : text;
}

/** JSON allows whitespace between tokens: the page stays the same page, only far larger. */
function paddedJson(json: Buffer, target: number): Body {
  const head = json.subarray(0, json.length - 1); // everything before the closing brace
  const tail = json.subarray(json.length - 1);
  const padding = Math.max(0, target - json.length);
  return {
    length: json.length + padding,
    *pieces() {
      yield head;
      const block = Buffer.alloc(Math.min(WRITE_CHUNK, padding), 0x20);
      for (let left = padding; left > 0; left -= block.length) yield left >= block.length ? block : block.subarray(0, left);
      yield tail;
    },
  };
}

/** The page's rows again and again: CSV data lines repeated after the header. */
function repeatedCsvRows(csv: Buffer, target: number): Body {
  const headerEnd = csv.indexOf(0x0a) + 1;
  const header = csv.subarray(0, headerEnd);
  const rows = csv.subarray(headerEnd);
  const times = rows.length ? repeatsFor(target, rows.length) : 0;
  return {
    length: header.length + rows.length * times,
    *pieces() {
      yield header;
      for (let i = 0; i < times; i++) yield rows;
    },
  };
}

function hugeBody(format: FeedFormat, table: PageTable, nextCursor: string | null, fault: Extract<FeedFault, { kind: 'huge-body' }>): Body {
  const target = Math.round((fault.megabytes ?? 50) * MEGABYTE);
  if (format === 'arrow') {
    const messages = encodeArrowMessages(table);
    const batchBytes = messages.batches.reduce((n, b) => n + b.length, 0);
    const times = messages.batches.length ? repeatsFor(target, batchBytes) : 0;
    return {
      length: messages.schema.length + batchBytes * times + messages.eos.length,
      *pieces() {
        yield Buffer.from(messages.schema);
        for (let i = 0; i < times; i++) for (const b of messages.batches) yield Buffer.from(b.buffer, b.byteOffset, b.length);
        yield Buffer.from(messages.eos);
      },
    };
  }
  if (format === 'csv') return repeatedCsvRows(encodeText('csv', table, nextCursor, null), target);
  if (fault.fill === 'rows') {
    const once = encodeText('json', table, nextCursor, null);
    const times = repeatsFor(target, once.length);
    return wholeBody(encodeText('json', { columns: table.columns, rows: Array.from({ length: times }, () => table.rows).flat() }, nextCursor, null));
  }
  return paddedJson(encodeText('json', table, nextCursor, null), target);
}

/** Where a truncated Arrow stream ends: inside a message, or cleanly between two (no end marker). */
function truncatedArrow(table: PageTable, fault: Extract<FeedFault, { kind: 'truncated-arrow' }>): Buffer {
  const messages = encodeArrowMessages(table);
  const whole = joinArrow(messages);
  const keep = fault.keep ?? 0.5;
  if (fault.at === 'message-boundary') {
    const batches = Math.floor(messages.batches.length * keep);
    return Buffer.concat([messages.schema, ...messages.batches.slice(0, batches)]);
  }
  // Never on a boundary, whatever `keep` is: a few bytes into the message that holds the cut.
  let cut = Math.max(1, Math.floor(whole.length * keep));
  const boundaries = new Set<number>();
  let at = messages.schema.length;
  boundaries.add(at);
  for (const b of messages.batches) boundaries.add((at += b.length));
  while (boundaries.has(cut)) cut += 3;
  return whole.subarray(0, Math.min(cut, whole.length - 1));
}

export interface EncodedPage {
  body: Body;
  /** Set when the bytes are cut short: the length the headers promise, with the connection then dropped. */
  promisedLength?: number;
}

export function encodePage(format: FeedFormat, table: PageTable, nextCursor: string | null, fault: FeedFault | null): EncodedPage {
  if (fault?.kind === 'huge-body') return { body: hugeBody(format, table, nextCursor, fault) };
  if (format === 'arrow') {
    if (fault?.kind !== 'truncated-arrow') return { body: wholeBody(joinArrow(encodeArrowMessages(table))) };
    const cut = truncatedArrow(table, fault);
    return { body: wholeBody(cut), promisedLength: fault.reset ? joinArrow(encodeArrowMessages(table)).length : undefined };
  }
  let text = encodeText(format, table, nextCursor, fault);
  if (fault?.kind === 'invalid-utf8') text = plantInvalidUtf8(text);
  if (fault?.kind === 'truncated-json') {
    const cut = text.subarray(0, Math.max(1, Math.floor(text.length * (fault.keep ?? 0.5))));
    return { body: wholeBody(cut), promisedLength: fault.reset ? text.length : undefined };
  }
  return { body: wholeBody(text) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves when the socket takes more bytes, or the client has gone; leaves no listener behind. */
function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Writes with backpressure; gives up quietly when the client has gone. */
async function writeAll(res: ServerResponse, pieces: Iterable<Buffer>, pauseMs = 0): Promise<boolean> {
  for (const piece of pieces) {
    // Pausing before each piece, not after: the last byte arrives when the time is up, not earlier.
    if (pauseMs) await sleep(pauseMs);
    if (res.destroyed) return false;
    if (!res.write(piece)) await drainedOrClosed(res);
  }
  return !res.destroyed;
}

/** Splits a body into `chunks` nearly equal pieces, for a slow body. */
function* inChunks(pieces: Iterable<Buffer>, length: number, chunks: number): Iterable<Buffer> {
  const size = Math.max(1, Math.ceil(length / chunks));
  let pending: Buffer[] = [];
  let pendingLength = 0;
  for (const piece of pieces) {
    pending.push(piece);
    pendingLength += piece.length;
    while (pendingLength >= size) {
      const joined = Buffer.concat(pending);
      yield joined.subarray(0, size);
      pending = [joined.subarray(size)];
      pendingLength = joined.length - size;
    }
  }
  if (pendingLength) yield Buffer.concat(pending);
}

export async function sendPage(res: ServerResponse, format: FeedFormat, page: EncodedPage, nextCursor: string | null, fault: FeedFault | null): Promise<void> {
  const headers: Record<string, string | number> = {
    'content-type': CONTENT_TYPES[format],
    'content-length': page.promisedLength ?? page.body.length,
  };
  // The contract puts the cursor in a header for CSV and Arrow; JSON gets it too, as a convenience.
  if (nextCursor) headers[NEXT_CURSOR_HEADER] = nextCursor;
  res.writeHead(200, headers);
  let pieces = page.body.pieces();
  let pauseMs = 0;
  if (fault?.kind === 'slow-body') {
    const chunks = fault.chunks ?? 10;
    pieces = inChunks(pieces, page.body.length, chunks);
    pauseMs = ((fault.seconds ?? 5) * 1000) / chunks;
    res.flushHeaders(); // the status arrives at once; only the body is slow
  }
  const complete = await writeAll(res, pieces, pauseMs);
  if (!complete) return;
  // A body shorter than its Content-Length, then a dropped connection: what a crashed upstream does.
  if (page.promisedLength !== undefined) res.destroy();
  else res.end();
}
