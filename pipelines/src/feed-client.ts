/**
 * Pulls one dataset of one agency feed over HTTP, page by page, following the feed contract
 * (shared/feed-contract.ts), in the source's declared format. Retries transient failures with
 * exponential backoff and jitter; a timeout bounds every request (body included) so one slow feed
 * never holds a run forever. A body that is not what the contract promises (an HTML error page
 * with status 200, a page without `data`) is a FeedPayloadError: retrying would get the same.
 */
import { type Dataset, FEED_MEDIA_TYPES, type FeedFormat, type FeedPage, NEXT_CURSOR_HEADER } from '@hamgam/shared';

export interface FeedRequest {
  baseUrl: string; // e.g. http://127.0.0.1:4100/agencies/ncr
  dataset: Dataset;
  token: string | null;
  since: string | null;
  /** Default 'json'. */
  format?: FeedFormat;
  pageSize?: number;
  /** Per request, body included. */
  timeoutMs?: number;
  retries?: number;
  /** First backoff; each retry doubles it (capped at 8 s), times a random 0.5–1.5 (jitter). */
  retryBaseMs?: number;
  /** Aborts the whole pull (a run's overall deadline). */
  signal?: AbortSignal;
}

export class FeedError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'FeedError';
  }
}

/** The feed answered, but not with what the contract promises: permanent for this run. */
export class FeedPayloadError extends FeedError {
  constructor(message: string, status: number | null) {
    super(message, status);
    this.name = 'FeedPayloadError';
  }
}

/** One page as received: the body still in bytes, parsed later in the declared format. */
export interface FeedBody {
  format: FeedFormat;
  url: string;
  body: Uint8Array;
  contentType: string;
  /** From the X-Next-Cursor header (CSV, Arrow); JSON pages carry theirs in the body. */
  headerCursor: string | null;
}

const MAX_BACKOFF_MS = 8_000;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });

/** Exponential backoff with jitter, so many failing sources do not retry in lockstep. */
export function backoffMs(attempt: number, baseMs = 250, random = Math.random): number {
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** attempt) * (0.5 + random());
}

function pageUrl(req: FeedRequest, cursor: string | null): string {
  const url = new URL(`${req.baseUrl.replace(/\/$/, '')}/v1/${req.dataset}`);
  if (req.since) url.searchParams.set('since', req.since);
  if (cursor) url.searchParams.set('cursor', cursor);
  url.searchParams.set('limit', String(req.pageSize ?? 5000));
  url.searchParams.set('format', req.format ?? 'json');
  return url.toString();
}

function requestSignal(req: FeedRequest): AbortSignal {
  const timeout = AbortSignal.timeout(req.timeoutMs ?? 30_000);
  return req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;
}

/** An HTML page where data was expected: a proxy's or portal's error page served with 200. */
function looksLikeHtml(body: Uint8Array, contentType: string): boolean {
  if (/text\/html/i.test(contentType)) return true;
  const head = Buffer.from(body.subarray(0, 64)).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
  return head.startsWith('<!doctype') || head.startsWith('<html');
}

function htmlTitle(body: Uint8Array): string {
  const text = Buffer.from(body.subarray(0, 4096)).toString('utf8');
  return /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim() ?? text.slice(0, 80).replace(/\s+/g, ' ');
}

async function requestPage(req: FeedRequest, url: string): Promise<FeedBody> {
  const format = req.format ?? 'json';
  const headers: Record<string, string> = { accept: FEED_MEDIA_TYPES[format] };
  if (req.token) headers.authorization = `Bearer ${req.token}`;
  const res = await fetch(url, { headers, signal: requestSignal(req) });
  const body = new Uint8Array(await res.arrayBuffer());
  const contentType = res.headers.get('content-type') ?? '';
  if (!res.ok) {
    const text = Buffer.from(body.subarray(0, 300)).toString('utf8');
    throw new FeedError(`${req.dataset}: HTTP ${res.status} from ${url}: ${text}`, res.status);
  }
  if (looksLikeHtml(body, contentType)) {
    throw new FeedPayloadError(`${req.dataset}: HTTP ${res.status} with an HTML page instead of ${format} from ${url}: "${htmlTitle(body)}"`, res.status);
  }
  return { format, url, body, contentType, headerCursor: res.headers.get(NEXT_CURSOR_HEADER) };
}

function isPermanent(err: unknown): boolean {
  if (err instanceof FeedPayloadError) return true;
  // 4xx other than 408/429 are the agency's mistake or ours: retrying will not help.
  const status = err instanceof FeedError ? err.status : null;
  return status !== null && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/** One page, retried on transient failures (network errors, timeouts, 5xx, 408, 429). */
export async function fetchPageBody(req: FeedRequest, cursor: string | null): Promise<FeedBody> {
  const url = pageUrl(req, cursor);
  const retries = req.retries ?? 3;
  for (let attempt = 0; ; attempt++) {
    try {
      return await requestPage(req, url);
    } catch (err) {
      if (req.signal?.aborted) throw new FeedError(`${req.dataset}: run deadline reached (${url})`, null);
      if (isPermanent(err) || attempt >= retries) {
        throw err instanceof FeedError ? err : new FeedError(`${req.dataset}: ${describe(err)} (${url})`, null);
      }
      await sleep(backoffMs(attempt, req.retryBaseMs), req.signal).catch(() => undefined);
    }
  }
}

function describe(err: unknown): string {
  const e = err as Error & { cause?: Error };
  if (e.name === 'TimeoutError') return 'timed out';
  return e.cause?.message ? `${e.message}: ${e.cause.message}` : e.message;
}

/**
 * Every page of the dataset since `since`, in order. The next cursor comes from the header (CSV,
 * Arrow) or from the JSON page itself, which `cursorOf` reads once the caller has parsed it.
 */
export async function* fetchPages(req: FeedRequest, cursorOf: (page: FeedBody) => string | null): AsyncGenerator<FeedBody> {
  let cursor: string | null = null;
  do {
    const page = await fetchPageBody(req, cursor);
    yield page;
    cursor = cursorOf(page);
  } while (cursor);
}

/** Every row of a JSON dataset since `since`, in the order served (kept for simple callers). */
export async function fetchDataset(req: FeedRequest): Promise<unknown[]> {
  const rows: unknown[] = [];
  let next: string | null = null;
  for await (const page of fetchPages({ ...req, format: 'json' }, () => next)) {
    const parsed = JSON.parse(Buffer.from(page.body).toString('utf8')) as FeedPage<unknown>;
    if (!parsed || !Array.isArray(parsed.data)) throw new FeedPayloadError(`${req.dataset}: response is not a feed page`, 200);
    rows.push(...parsed.data);
    next = parsed.nextCursor;
  }
  return rows;
}
