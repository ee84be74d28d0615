/**
 * A small LRU of serialized API responses keyed by the request, the caller's scope and the
 * warehouse's data version. Every committed load advances the version, so an entry can never be
 * served after the data behind it changed; old versions simply age out of the LRU.
 */
import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export interface CachedResponse {
  body: string;
  etag: string;
  /** The body gzipped, made on the first hit that accepts gzip and kept with the entry. */
  gzip?: Buffer;
  /** The body as UTF-8 bytes, made on the first hit without gzip and kept with the entry. */
  bytes?: Buffer;
}

/** Bodies smaller than this are sent as they are: gzip would save little and cost a buffer. */
export const GZIP_MIN_BYTES = 1024;

/**
 * The entry's body gzipped, compressed once per entry: a national scoreboard is ≈ 200 KB of JSON,
 * and sending it whole capped cached throughput at a few hundred requests a second on loopback
 * (issue 8, benchmark 3); gzipped it is a few tens of KB, and compressing it per request would
 * cost more than the cache saves.
 */
export function gzipOf(entry: CachedResponse): Buffer {
  entry.gzip ??= gzipSync(entry.body);
  return entry.gzip;
}

/**
 * The entry's body as bytes, encoded once per entry: sending the string made Express encode the
 * 200 KB body to UTF-8 (and measure it) again on every hit.
 */
export function bytesOf(entry: CachedResponse): Buffer {
  entry.bytes ??= Buffer.from(entry.body);
  return entry.bytes;
}

/** Accept-Encoding headers seen, and whether each accepts gzip: browsers send a handful of spellings. */
const gzipAnswers = new Map<string, boolean>();

/** True when an Accept-Encoding header accepts gzip (and does not refuse it with q=0). */
export function acceptsGzip(acceptEncoding: string | string[] | undefined): boolean {
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : (acceptEncoding ?? '');
  let answer = gzipAnswers.get(header);
  if (answer === undefined) {
    answer = parseAcceptsGzip(header);
    // Bounded: a client inventing headers must not grow the map without end.
    if (gzipAnswers.size >= 256) gzipAnswers.clear();
    gzipAnswers.set(header, answer);
  }
  return answer;
}

function parseAcceptsGzip(header: string): boolean {
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return (coding === 'gzip' || coding === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

export class AggregateCache {
  private readonly entries = new Map<string, CachedResponse>();
  /** Distinguishes this process: data versions restart at 0 with every process. */
  private readonly epoch = randomBytes(4).toString('hex');
  /**
   * Advanced by writes that change responses without a warehouse load (an annotation opened or
   * resolved changes the scoreboard's dispute markers). Part of the key, read before the work like
   * the data version, so a response computed before such a write is never served after it.
   */
  private revision = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly maxEntries = 500) {}

  key(url: string, scope: string, dataVersion: number): string {
    return `${dataVersion}.${this.revision}\u0000${scope}\u0000${url}`;
  }

  /** Makes every entry stale at once (they age out of the LRU). */
  invalidate(): void {
    this.revision++;
  }

  /** The entry under `key` (a hit, made the most recent), or undefined; `countMiss` false when another lookup follows. */
  get(key: string, countMiss = true): CachedResponse | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      // Refresh recency: a Map iterates in insertion order, so the first key is the least recent.
      this.entries.delete(key);
      this.entries.set(key, hit);
      this.hits++;
    } else if (countMiss) this.misses++;
    return hit;
  }

  set(key: string, body: string): CachedResponse {
    const etag = `"${this.epoch}-${createHash('sha1').update(key).update(body).digest('base64url').slice(0, 22)}"`;
    const entry = { body, etag };
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** True when an If-None-Match header names this entity tag (or is `*`). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim().replace(/^W\//, '');
    return t === '*' || t === etag;
  });
}
