/**
 * Query parameters of a feed request (`since`, `cursor`, `limit`) and the page they select.
 * The cursor is the position in the full, stably ordered dataset, so a client that keeps the same
 * `since` walks every row exactly once, and a cursor stays meaningful if `since` is dropped.
 */
import { isIsoDay, type FeedPage } from '@hamgam/shared';

export const DEFAULT_PAGE_LIMIT = 1000;
export const MAX_PAGE_LIMIT = 10_000;

export class BadRequest extends Error {}

export interface PageQuery {
  since: string | null;
  /** Position in the full dataset to continue from. */
  position: number;
  limit: number;
}

export function encodeCursor(position: number): string {
  return Buffer.from(`p:${position}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^p:(\d{1,9})$/.exec(text);
  if (!match) throw new BadRequest(`cursor is not one this feed issued: ${JSON.stringify(cursor)}; start again without a cursor`);
  return Number(match[1]);
}

export function parsePageQuery(params: URLSearchParams): PageQuery {
  const since = params.get('since');
  if (since !== null && !isIsoDay(since)) throw new BadRequest(`since must be a calendar day YYYY-MM-DD (Asia/Tehran), got ${JSON.stringify(since)}`);
  const cursor = params.get('cursor');
  const limitText = params.get('limit');
  let limit = DEFAULT_PAGE_LIMIT;
  if (limitText !== null) {
    if (!/^\d+$/.test(limitText)) throw new BadRequest(`limit must be a whole number from 1 to ${MAX_PAGE_LIMIT}, got ${JSON.stringify(limitText)}`);
    limit = Number(limitText);
    if (limit < 1 || limit > MAX_PAGE_LIMIT) throw new BadRequest(`limit must be from 1 to ${MAX_PAGE_LIMIT}, got ${limit}`);
  }
  return { since, position: cursor === null || cursor === '' ? 0 : decodeCursor(cursor), limit };
}

/** First index whose day is ≥ `since`; rows are sorted by day. */
function firstOnOrAfter<T>(rows: readonly T[], dayOf: (row: T) => string, since: string): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (dayOf(rows[mid]) < since) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface PageRange {
  /** Position of the page's first row in the full dataset. */
  from: number;
  /** Position just past the page's last row. */
  to: number;
  /** Where the rows `since` selects begin: a page never reaches back before it. */
  first: number;
  nextCursor: string | null;
}

/** `dayOf` null: the dataset ignores `since` (the service catalogue is always served whole). */
export function selectRange<T>(rows: readonly T[], query: PageQuery, dayOf: ((row: T) => string) | null): PageRange {
  if (query.position > rows.length) throw new BadRequest('cursor points past the end of this dataset; start again without a cursor');
  const first = query.since && dayOf ? firstOnOrAfter(rows, dayOf, query.since) : 0;
  const from = Math.max(query.position, first);
  const to = Math.min(rows.length, from + query.limit);
  return { from, to, first, nextCursor: to < rows.length ? encodeCursor(to) : null };
}

export function selectPage<T>(rows: readonly T[], query: PageQuery, dayOf: ((row: T) => string) | null): FeedPage<T> {
  const { from, to, nextCursor } = selectRange(rows, query, dayOf);
  return { data: rows.slice(from, to), nextCursor };
}
