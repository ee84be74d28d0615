// What the ingest benchmark and its profiler both load: one agency (ncr) with 1,000 live services
// and `rows` service-days of metrics, served by the in-process test feed. The feed renders each
// page once and then serves the same bytes, and every page is fetched once here, before any timing:
// what the scripts time is the pipeline, not this feed's rendering (the reference COPY reads a file
// rendered in advance). Build first (npx -y pnpm@12.4.2 build).
import { fetchPages } from '../dist/feed-client.js';
import { startTestFeed } from '../dist/testing/test-feed.js';

export const SERVICES = 1000;
export const agencies = [{ agencyId: 'ncr', nameFa: 'ثبت احوال', nameEn: 'NCR', kind: 'organization', sector: 'identity', parentId: null, deadline: null }];
export const now = new Date('2026-11-28T08:00:00Z');
const day = (d) => new Date(Date.UTC(2026, 10, 27) - d * 86_400_000).toISOString().slice(0, 10);

export function metricRows(count) {
  return Array.from({ length: count }, (_, n) => ({
    date: day(Math.floor(n / SERVICES)), serviceId: `ncr-${n % SERVICES}`, requests: 100 + (n % 7), completed: 90, failed: 5, availabilityPct: 99.5,
    latencyP50Ms: 120.5, latencyP95Ms: 480.25, satisfactionSum: 40, satisfactionCount: 10, docsAsked: 2, docsFetched: 6,
  }));
}

export const services = Array.from({ length: SERVICES }, (_, i) => ({ serviceId: `ncr-${i}`, agencyId: 'ncr', nameFa: 'خدمت', nameEn: 'Service', isKey: false, stage: 'live', usesNationalSso: true, usesExchange: false }));

/** The feed serving `rows`, its pages rendered in both formats; `rendering` is the seconds that took. */
export async function startBenchFeed(rows) {
  const feed = await startTestFeed();
  feed.set('ncr', 'services', { rows: services });
  feed.set('ncr', 'service-metrics', { rows, cachePages: true });
  const rendering = {};
  for (const format of ['csv', 'arrow']) {
    const t0 = performance.now();
    for await (const _page of fetchPages({ baseUrl: `${feed.url}/agencies/ncr`, dataset: 'service-metrics', token: 't', since: null, format, pageSize: 100_000, timeoutMs: 300_000 }, (p) => p.headerCursor));
    rendering[format] = (performance.now() - t0) / 1000;
  }
  return { feed, rendering };
}
