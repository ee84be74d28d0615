/**
 * Pulls one dataset of one agency feed over HTTP, page by page, following the feed contract
 * (shared/feed-contract.ts). Retries transient failures with exponential backoff and jitter; a
 * timeout bounds every request so one slow feed never holds a run forever.
 */
import type { Dataset, FeedPage } from '@hamgam/shared';

export interface FeedRequest {
  baseUrl: string; // e.g. http://127.0.0.1:4100/agencies/ncr
  dataset: Dataset;
  token: string | null;
  since: string | null;
  pageSize?: number;
  timeoutMs?: number;
  retries?: number;
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function pageUrl(req: FeedRequest, cursor: string | null): string {
  const url = new URL(`${req.baseUrl.replace(/\/$/, '')}/v1/${req.dataset}`);
  if (req.since) url.searchParams.set('since', req.since);
  if (cursor) url.searchParams.set('cursor', cursor);
  url.searchParams.set('limit', String(req.pageSize ?? 5000));
  return url.toString();
}

async function fetchPage(req: FeedRequest, cursor: string | null): Promise<FeedPage<unknown>> {
  const url = pageUrl(req, cursor);
  const retries = req.retries ?? 3;
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(url, {
        headers: req.token ? { authorization: `Bearer ${req.token}`, accept: 'application/json' } : { accept: 'application/json' },
        signal: AbortSignal.timeout(req.timeoutMs ?? 30_000),
      });
      if (!res.ok) {
        const body = (await res.text()).slice(0, 300);
        throw new FeedError(`${req.dataset}: HTTP ${res.status} from ${url}: ${body}`, res.status);
      }
      const page = (await res.json()) as FeedPage<unknown>;
      if (!page || !Array.isArray(page.data)) throw new FeedError(`${req.dataset}: response is not a feed page`, res.status);
      return page;
    } catch (err) {
      // 4xx other than 429 are the agency's mistake or ours: retrying will not help.
      const status = err instanceof FeedError ? err.status : null;
      const permanent = status !== null && status >= 400 && status < 500 && status !== 429;
      if (permanent || attempt >= retries) throw err instanceof FeedError ? err : new FeedError(`${req.dataset}: ${(err as Error).message} (${url})`, null);
      await sleep(Math.min(8_000, 250 * 2 ** attempt) * (0.5 + Math.random()));
    }
  }
}

/** Every row of the dataset since `since`, in the order served. */
export async function fetchDataset(req: FeedRequest): Promise<unknown[]> {
  const rows: unknown[] = [];
  let cursor: string | null = null;
  do {
    const page = await fetchPage(req, cursor);
    for (const row of page.data) rows.push(row);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}
