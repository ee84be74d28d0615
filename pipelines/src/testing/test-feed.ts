/**
 * A small real HTTP feed for medium tests: serves rows each test sets, per dataset, in the format
 * asked (`?format=`), paged with a cursor (in the body for JSON, in X-Next-Cursor for CSV and
 * Arrow), optionally slowly, failing, or with a body the test writes itself.
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Bool, Float64, Int64, Utf8, tableToIPC, Table, vectorFromArray, type DataType } from 'apache-arrow';
import { FEED_MEDIA_TYPES, type FeedFormat, NEXT_CURSOR_HEADER } from '@hamgam/shared';

export type Row = Record<string, unknown>;

export interface FeedAnswer {
  rows?: Row[];
  status?: number;
  /** Written as is, instead of the rows (HTML pages, truncated bodies, bad bytes). */
  body?: Buffer | string;
  contentType?: string;
  /** The first this many requests answer 503 (a feed that recovers). */
  failFirst?: number;
  /** Milliseconds before each page is answered. */
  delayMs?: number;
  /** CSV only: a UTF-8 BOM and CRLF line ends, as spreadsheets write them. */
  bom?: boolean;
  crlf?: boolean;
  /**
   * Render each page once and serve the same bytes to every later request for it (benchmarks:
   * the pipeline is measured, not this feed's rendering of 100k-row pages in the same process).
   */
  cachePages?: boolean;
}

export interface TestFeed {
  url: string;
  /** Answers per `${agencyId}/${dataset}`. */
  answers: Map<string, FeedAnswer>;
  set(agencyId: string, dataset: string, answer: FeedAnswer): void;
  /** Requests answered so far, and the most ever in flight at once. */
  stats: { requests: number; inFlight: number; peakInFlight: number; byKey: Map<string, number>; lastQuery: Map<string, URLSearchParams> };
  close(): Promise<void>;
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(rows: Row[], opts: { bom?: boolean; crlf?: boolean; columns?: string[] } = {}): string {
  const columns = opts.columns ?? Object.keys(rows[0] ?? {});
  const eol = opts.crlf ? '\r\n' : '\n';
  const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))];
  return `${opts.bom ? '\uFEFF' : ''}${lines.join(eol)}${eol}`;
}

/** Int64 for whole numbers, Float64 for other numbers, Bool, Utf8 for the rest (as the contract says). */
function arrowType(values: unknown[]): DataType {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length && present.every((v) => typeof v === 'boolean')) return new Bool();
  if (present.length && present.every((v) => typeof v === 'number' && Number.isInteger(v))) return new Int64();
  if (present.length && present.every((v) => typeof v === 'number')) return new Float64();
  return new Utf8();
}

export function toArrow(rows: Row[]): Uint8Array {
  const columns = Object.keys(rows[0] ?? {});
  const vectors = Object.fromEntries(
    columns.map((c) => {
      const values = rows.map((r) => r[c]);
      const type = arrowType(values);
      const cast = type instanceof Int64 ? values.map((v) => (v === null || v === undefined ? null : BigInt(v as number))) : type instanceof Utf8 ? values.map((v) => (v === null || v === undefined ? null : String(v))) : values;
      return [c, vectorFromArray(cast, type)];
    }),
  );
  return tableToIPC(new Table(vectors), "stream");
}

function pageBody(format: FeedFormat, rows: Row[], answer: FeedAnswer, next: string | null): Buffer | Uint8Array | string {
  if (format === 'csv') return toCsv(rows, answer);
  if (format === 'arrow') return toArrow(rows);
  return JSON.stringify({ data: rows, nextCursor: next });
}

function renderPage(answer: FeedAnswer, url: URL, format: FeedFormat): { body: Buffer | Uint8Array | string; next: string | null } {
  const since = url.searchParams.get('since');
  const dayOf = (r: Row) => String(r.date ?? r.occurredAt ?? '').slice(0, 10);
  const rows = (answer.rows ?? []).filter((r) => !since || !dayOf(r) || dayOf(r) >= since);
  const limit = Number(url.searchParams.get('limit') ?? 5000);
  const offset = Number(url.searchParams.get('cursor') ?? 0);
  const page = rows.slice(offset, offset + limit);
  const next = offset + limit < rows.length ? String(offset + limit) : null;
  return { body: pageBody(format, page, answer, next), next };
}

export async function startTestFeed(): Promise<TestFeed> {
  const answers = new Map<string, FeedAnswer>();
  const pageCache = new WeakMap<FeedAnswer, Map<string, { body: Buffer | Uint8Array | string; next: string | null }>>();
  const stats = { requests: 0, inFlight: 0, peakInFlight: 0, byKey: new Map<string, number>(), lastQuery: new Map<string, URLSearchParams>() };
  const server: Server = createServer(async (req, res) => {
    stats.requests++;
    stats.inFlight++;
    stats.peakInFlight = Math.max(stats.peakInFlight, stats.inFlight);
    res.on('close', () => stats.inFlight--);
    const url = new URL(req.url ?? '/', 'http://feed.local');
    const match = /^\/agencies\/([^/]+)\/v1\/([a-z-]+)$/.exec(url.pathname);
    const key = match ? `${match[1]}/${match[2]}` : '';
    stats.byKey.set(key, (stats.byKey.get(key) ?? 0) + 1);
    stats.lastQuery.set(key, url.searchParams);
    const answer = answers.get(key) ?? { status: 404, rows: [] };
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    if (res.destroyed) return;
    const format = (url.searchParams.get('format') ?? 'json') as FeedFormat;
    if (answer.body !== undefined) {
      res.writeHead(answer.status ?? 200, { 'content-type': answer.contentType ?? FEED_MEDIA_TYPES[format] });
      return res.end(answer.body);
    }
    if (answer.failFirst && answer.failFirst-- > 0) {
      res.writeHead(503, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: 'busy' }));
    }
    if ((answer.status ?? 200) !== 200) {
      res.writeHead(answer.status!, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: 'down' }));
    }
    const cacheKey = `${key}?${url.searchParams}`;
    const cached = answer.cachePages ? pageCache.get(answer)?.get(cacheKey) : undefined;
    const { body, next } = cached ?? renderPage(answer, url, format);
    if (answer.cachePages && !cached) {
      if (!pageCache.has(answer)) pageCache.set(answer, new Map());
      pageCache.get(answer)!.set(cacheKey, { body, next });
    }
    const headers: Record<string, string> = { 'content-type': FEED_MEDIA_TYPES[format] };
    if (next && format !== 'json') headers[NEXT_CURSOR_HEADER] = next;
    res.writeHead(200, headers);
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answers,
    stats,
    set: (agencyId, dataset, answer) => void answers.set(`${agencyId}/${dataset}`, answer),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
