import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { AggregateCache, acceptsGzip, gzipOf, matchesEtag } from './aggregate-cache.js';

describe('aggregate cache', () => {
  it('keys by URL, scope and data version', () => {
    const cache = new AggregateCache();
    cache.set(cache.key('/api/v1/scoreboard', 'public', 1), '{"a":1}');
    expect(cache.get(cache.key('/api/v1/scoreboard', 'public', 1))?.body).toBe('{"a":1}');
    expect(cache.get(cache.key('/api/v1/scoreboard', 'public', 2))).toBeUndefined(); // a load committed
    expect(cache.get(cache.key('/api/v1/scoreboard', 'agency:ncr', 1))).toBeUndefined(); // another scope
    expect(cache.get(cache.key('/api/v1/scoreboard?week=2026-11-20', 'public', 1))).toBeUndefined();
    expect([cache.hits, cache.misses]).toEqual([1, 3]);
  });

  it('serves nothing keyed before an invalidation (an annotation written), even at the same data version', () => {
    const cache = new AggregateCache();
    const before = cache.key('/api/v1/scoreboard', 'public', 7);
    cache.set(before, '{"disputed":false}');
    cache.invalidate();
    const after = cache.key('/api/v1/scoreboard', 'public', 7);
    expect(after).not.toBe(before);
    expect(cache.get(after)).toBeUndefined();
  });

  it('evicts the least recently used entry beyond its bound', () => {
    const cache = new AggregateCache(2);
    cache.set('a', '1');
    cache.set('b', '2');
    cache.get('a');
    cache.set('c', '3');
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.body).toBe('1');
    expect(cache.size).toBe(2);
  });

  it('gives different entity tags to different bodies and matches If-None-Match lists', () => {
    const cache = new AggregateCache();
    const one = cache.set('k', '{"v":1}').etag;
    const two = cache.set('k', '{"v":2}').etag;
    expect(one).not.toBe(two);
    expect(matchesEtag(`"x", ${two}`, two)).toBe(true);
    expect(matchesEtag(`W/${two}`, two)).toBe(true);
    expect(matchesEtag('*', two)).toBe(true);
    expect(matchesEtag(one, two)).toBe(false);
    expect(matchesEtag(undefined, two)).toBe(false);
  });

  it('gzips an entry once and keeps it, and reads Accept-Encoding with q-values', () => {
    const cache = new AggregateCache();
    const entry = cache.set('k', JSON.stringify({ rows: Array.from({ length: 200 }, (_, i) => ({ i })) }));
    const zipped = gzipOf(entry);
    expect(gunzipSync(zipped).toString()).toBe(entry.body);
    expect(zipped.length).toBeLessThan(entry.body.length);
    expect(gzipOf(entry)).toBe(zipped);
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('br;q=1.0, gzip;q=0.5')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});
