/**
 * Silent versus zero, through the real path: feeds over HTTP, the load into DuckDB, the week's
 * facts and the methodology. An agency whose feed gives nothing for a week is silent; one that
 * reported days of zero requests is not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agency, METHODOLOGY_V1, iranWeekOf, scoreAgencyWeek } from '@hamgam/shared';
import { type Warehouse, getAgencyWeekFacts, listAgencyFreshness, openMigratedWarehouse } from '@hamgam/warehouse';
import { syncRegistry } from './registry.js';
import { runSource } from './run-source.js';
import { sourcesForFeedServer } from './sources.js';
import { type Row, type TestFeed, startTestFeed } from './testing/test-feed.js';

const agencies: Agency[] = ['quiet', 'zero'].map((id) => ({ agencyId: id, nameFa: id, nameEn: id, kind: 'organization', sector: 's', parentId: null, deadline: null }));
const now = new Date('2026-11-28T08:00:00Z');
const week = iranWeekOf('2026-11-27'); // Saturday 21 … Friday 27 November 2026
const service = (agencyId: string): Row => ({ serviceId: `${agencyId}-s`, agencyId, nameFa: 'خدمت', nameEn: 'S', isKey: true, stage: 'live', usesNationalSso: true, usesExchange: false });
const metric = (agencyId: string, date: string, requests: number): Row => ({
  date, serviceId: `${agencyId}-s`, requests, completed: requests, failed: 0, availabilityPct: 100, latencyP50Ms: 0, latencyP95Ms: 0,
  satisfactionSum: 0, satisfactionCount: 0, docsAsked: 0, docsFetched: 0,
});

let feed: TestFeed;
let wh: Warehouse;

beforeAll(async () => {
  feed = await startTestFeed();
  wh = await openMigratedWarehouse();
  await syncRegistry(wh, agencies);
  // "quiet" reported the week before, then nothing; "zero" reported every day of the week, all zeros.
  feed.set('quiet', 'service-metrics', { rows: [metric('quiet', '2026-11-19', 40), metric('quiet', '2026-11-20', 40)] });
  feed.set('zero', 'service-metrics', { rows: Array.from({ length: 7 }, (_, d) => metric('zero', `2026-11-${21 + d}`, 0)) });
  for (const source of sourcesForFeedServer(feed.url, agencies, () => 't')) {
    if (source.dataset === 'services') feed.set(source.agencyId, 'services', { rows: [service(source.agencyId)] });
    if (source.dataset === 'services' || source.dataset === 'service-metrics') {
      const run = await runSource(wh, source, { now, retries: 0 });
      expect(run.status, run.error ?? '').toBe('succeeded');
    }
  }
});
afterAll(async () => {
  await wh?.close();
  await feed?.close();
});

describe('silence', () => {
  it('an agency whose feed gave nothing for the week is silent; one that reported zeros is not', async () => {
    const facts = await getAgencyWeekFacts(wh.db, { weekStart: week.start, weekEnd: week.end });
    const status = (id: string) => scoreAgencyWeek(METHODOLOGY_V1, facts.find((f) => f.agencyId === id)!, week.end).status;
    expect(facts.find((f) => f.agencyId === 'zero')).toMatchObject({ metricDays: 7, requests: 0 });
    expect(status('zero')).not.toBe('silent');
    expect(facts.find((f) => f.agencyId === 'quiet')).toMatchObject({ metricDays: 0 });
    expect(status('quiet')).toBe('silent');
  });

  it('freshness shows the silent agency stopped before the week began', async () => {
    const freshness = Object.fromEntries((await listAgencyFreshness(wh.db)).map((f) => [f.agencyId, f]));
    expect(freshness.quiet.lastDataDay).toBe('2026-11-20');
    expect(freshness.quiet.lastDataDay! < week.start).toBe(true);
    expect(freshness.zero.lastDataDay).toBe('2026-11-27');
    // Both feeds answered: a successful run is not fresh data.
    expect(freshness.quiet.lastSuccessAt).toEqual(expect.any(String));
  });
});
