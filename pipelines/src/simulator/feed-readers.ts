/**
 * A plain reader of contract v1 pages in the three formats, for the simulator's own tests and the
 * fault tests: it turns CSV and Arrow back into the JSON rows they encode, so a test can compare a
 * format with JSON, or count what a feed serves, without going through the pipelines under test.
 * It is strict (a truncated Arrow stream or a non-UTF-8 body throws), not a loader.
 */
import { NEXT_CURSOR_HEADER, type Dataset, type FeedFormat } from '@hamgam/shared';
import { tableFromIPC } from 'apache-arrow';
import { parseCsv } from './agency-registry.js';
import { ARROW_EOS } from './feed-formats.js';
import { FEED_FIELDS, type FieldType } from './feed-schema.js';

export type FeedRow = Record<string, unknown>;

export interface ReadPage {
  rows: FeedRow[];
  nextCursor: string | null;
}

function typedCell(type: FieldType | undefined, cell: string): unknown {
  if (cell === '') return null;
  switch (type) {
    case 'integer':
    case 'number':
      return Number(cell);
    case 'boolean':
      return cell === 'true' ? true : cell === 'false' ? false : cell;
    default:
      return cell;
  }
}

/** CSV cells typed by the contract's field list; columns it does not know stay text. */
export function rowsFromCsv(dataset: Dataset, text: string): FeedRow[] {
  const [header, ...records] = parseCsv(text);
  if (!header) return [];
  const types = FEED_FIELDS[dataset] as Record<string, FieldType>;
  return records.map((cells) => Object.fromEntries(header.map((name, i) => [name, typedCell(types[name], cells[i] ?? '')])));
}

/** Arrow rows as JSON values: Int64 bigints become numbers (feed counts are far below 2^53). */
export function rowsFromArrow(bytes: Uint8Array): FeedRow[] {
  const tail = bytes.subarray(bytes.length - ARROW_EOS.length);
  if (!tail.every((b, i) => b === ARROW_EOS[i])) throw new Error('Arrow stream has no end-of-stream marker: it was cut short');
  const table = tableFromIPC(bytes);
  return table.toArray().map((row) => Object.fromEntries(Object.entries(row.toJSON()).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
}

export function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
}

/** One page from its bytes and headers, by the response's media type. */
export function readPage(dataset: Dataset, format: FeedFormat, bytes: Uint8Array, headers: Headers): ReadPage {
  const headerCursor = headers.get(NEXT_CURSOR_HEADER);
  if (format === 'json') {
    const page = JSON.parse(decodeUtf8(bytes)) as { data: FeedRow[]; nextCursor: string | null };
    return { rows: page.data, nextCursor: page.nextCursor };
  }
  const rows = format === 'csv' ? rowsFromCsv(dataset, decodeUtf8(bytes)) : rowsFromArrow(bytes);
  return { rows, nextCursor: headerCursor };
}

export interface FetchFeedOptions {
  baseUrl: string; // e.g. http://127.0.0.1:4100/agencies/ncr
  dataset: Dataset;
  token: string;
  format: FeedFormat;
  query?: Record<string, string>;
}

/** Every row of a dataset, following the cursor to the end, and the number of pages it took. */
export async function fetchAllRows(opts: FetchFeedOptions): Promise<{ rows: FeedRow[]; pages: number }> {
  const rows: FeedRow[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const params = new URLSearchParams({ ...opts.query, format: opts.format });
    if (cursor) params.set('cursor', cursor);
    const res = await fetch(`${opts.baseUrl}/v1/${opts.dataset}?${params}`, { headers: { authorization: `Bearer ${opts.token}` } });
    if (!res.ok) throw new Error(`HTTP ${res.status} from ${opts.baseUrl}/v1/${opts.dataset}: ${await res.text()}`);
    const page = readPage(opts.dataset, opts.format, new Uint8Array(await res.arrayBuffer()), res.headers);
    rows.push(...page.rows);
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  return { rows, pages };
}
