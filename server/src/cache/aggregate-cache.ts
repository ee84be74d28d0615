/**
 * A small LRU of serialized API responses keyed by the request, the caller's scope and the
 * warehouse's data version. Every committed load advances the version, so an entry can never be
 * served after the data behind it changed; old versions simply age out of the LRU.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface CachedResponse {
  body: string;
  etag: string;
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

  get(key: string): CachedResponse | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      // Refresh recency: a Map iterates in insertion order, so the first key is the least recent.
      this.entries.delete(key);
      this.entries.set(key, hit);
      this.hits++;
    } else this.misses++;
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
