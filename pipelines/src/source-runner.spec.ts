/**
 * Medium tests of running many sources: a real DuckDB warehouse and a real HTTP feed whose
 * answers (slow, failing) each test sets.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Agency } from '@hamgam/shared';
import { type Warehouse, getSourceState, openMigratedWarehouse } from '@hamgam/warehouse';
import { syncRegistry } from './registry.js';
import { Limiter, SourceRunner } from './source-runner.js';
import { type SourceConfig, sourcesForFeedServer } from './sources.js';
import { type Row, type TestFeed, startTestFeed } from './testing/test-feed.js';
import { applySourceOverrides, parseSourcesFile } from './sources-file.js';

const ids = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'];
const agencies: Agency[] = ids.map((id) => ({ agencyId: id, nameFa: id, nameEn: id, kind: 'organization', sector: 's', parentId: null, deadline: null }));
const now = new Date('2026-11-28T08:00:00Z');
const service = (agencyId: string): Row => ({ serviceId: `${agencyId}-s`, agencyId, nameFa: 'خدمت', nameEn: 'S', isKey: true, stage: 'live', usesNationalSso: true, usesExchange: false });
const metric = (agencyId: string): Row => ({
  date: '2026-11-20', serviceId: `${agencyId}-s`, requests: 10, completed: 9, failed: 1, availabilityPct: 99, latencyP50Ms: 1, latencyP95Ms: 2,
  satisfactionSum: 5, satisfactionCount: 1, docsAsked: 0, docsFetched: 0,
});

let feed: TestFeed;
let wh: Warehouse;
let sources: SourceConfig[];
const byId = (id: string) => sources.find((s) => s.sourceId === id)!;

beforeAll(async () => {
  feed = await startTestFeed();
});
afterAll(() => feed.close());

beforeEach(async () => {
  wh = await openMigratedWarehouse();
  await syncRegistry(wh, agencies);
  sources = sourcesForFeedServer(feed.url, agencies, () => 't').filter((s) => s.dataset === 'services' || s.dataset === 'service-metrics');
  feed.answers.clear();
  for (const id of ids) {
    feed.set(id, 'services', { rows: [service(id)] });
    feed.set(id, 'service-metrics', { rows: [metric(id)] });
  }
  feed.stats.peakInFlight = 0;
  feed.stats.byKey.clear();
});
afterEach(() => wh.close());

const runner = (extra: ConstructorParameters<typeof SourceRunner>[2] = {}) => new SourceRunner(wh, sources, { now, retries: 0, ...extra });

describe('running many sources', () => {
  it('never runs more sources at once than the global limit', async () => {
    for (const id of ids) feed.set(id, 'services', { rows: [service(id)], delayMs: 150 });
    const r = runner({ maxConcurrent: 2 });
    const results = await r.runAll();
    expect(results).toHaveLength(12);
    expect(results.every((x) => x.status === 'succeeded')).toBe(true);
    expect(r.limiter.peak).toBe(2);
    expect(feed.stats.peakInFlight).toBeLessThanOrEqual(2);
  });

  it("a slow source does not delay another source's run", async () => {
    feed.set('a1', 'services', { rows: [service('a1')], delayMs: 3_000 });
    const r = runner({ maxConcurrent: 2 });
    const slow = r.tick('a1:services');
    const started = Date.now();
    const fast = await r.tick('a2:services');
    expect(fast).toMatchObject({ status: 'ran', result: { status: 'succeeded' } });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(r.running()).toEqual(['a1:services']);
    // A tick of the slow source while it still runs is skipped, not queued behind it.
    expect(await r.tick('a1:services')).toEqual({ status: 'skipped', sourceId: 'a1:services', reason: 'running' });
    expect(await slow).toMatchObject({ status: 'ran', result: { status: 'succeeded' } });
  });

  it('times a source out rather than waiting on it forever', async () => {
    feed.set('a1', 'services', { rows: [service('a1')], delayMs: 2_000 });
    const result = await runner({ timeoutMs: 200 }).runNow(byId('a1:services'));
    expect(result).toMatchObject({ status: 'failed', error: expect.stringMatching(/timed out/) });
  });

  it('retries a transient failure with backoff and succeeds', async () => {
    feed.set('a1', 'services', { rows: [service('a1')], failFirst: 2 });
    const result = await runner({ retries: 2, retryBaseMs: 10 }).runNow(byId('a1:services'));
    expect(result.status).toBe('succeeded');
    expect(feed.stats.byKey.get('a1/services')).toBe(3);
  });

  it("loads an agency's catalogue before its other datasets on the first run", async () => {
    const r = runner();
    const outcome = await r.tick('a3:service-metrics');
    expect(outcome).toMatchObject({ status: 'ran', result: { status: 'succeeded', loaded: 1, rejected: 0 } });
    expect((await getSourceState(wh.db, 'a3:services'))?.last_success_at).toBeTruthy();
  });

  it('opens the circuit breaker after K consecutive failures, and closes it after a good trial run', async () => {
    feed.set('a1', 'services', { status: 500 });
    const r = runner({ breaker: { failureThreshold: 2, coolDownMs: 400 } });
    expect(await r.tick('a1:services')).toMatchObject({ status: 'ran', result: { status: 'failed' } });
    expect(await getSourceState(wh.db, 'a1:services')).toMatchObject({ consecutive_failures: 1, breaker_state: 'closed' });
    await r.tick('a1:services');
    expect(await getSourceState(wh.db, 'a1:services')).toMatchObject({ consecutive_failures: 2, breaker_state: 'open', breaker_opened_at: expect.any(String) });
    const requests = feed.stats.byKey.get('a1/services');
    expect(await r.tick('a1:services')).toEqual({ status: 'skipped', sourceId: 'a1:services', reason: 'breaker-open' });
    expect(feed.stats.byKey.get('a1/services')).toBe(requests); // the feed was left alone

    await new Promise((resolve) => setTimeout(resolve, 450));
    feed.set('a1', 'services', { rows: [service('a1')] });
    expect(await r.tick('a1:services')).toMatchObject({ status: 'ran', result: { status: 'succeeded' } });
    expect(await getSourceState(wh.db, 'a1:services')).toMatchObject({ consecutive_failures: 0, breaker_state: 'closed', breaker_opened_at: null });
  });
});

describe('stopping', () => {
  it('lets the runs in progress finish, starts none of those waiting, and skips later ticks', async () => {
    for (const id of ids) feed.set(id, 'services', { rows: [service(id)], delayMs: 300 });
    const r = runner({ maxConcurrent: 1 });
    const all = r.runAll();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(r.running().length).toBeGreaterThan(0);
    await r.stop();
    expect(r.running()).toEqual([]);
    const results = await all;
    const ran = results.filter((x) => x.status === 'succeeded');
    // The one in progress committed; the others never touched the warehouse.
    expect(ran.length).toBeGreaterThanOrEqual(1);
    expect(ran.length).toBeLessThan(results.length);
    expect(results.filter((x) => x.status === 'failed').every((x) => x.error === 'not started: the pipelines are stopping' && x.runId === '')).toBe(true);
    expect((await wh.db.selectFrom('pipeline_run').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n).toBe(ran.length);
    expect(await r.tick('a6:services')).toEqual({ status: 'skipped', sourceId: 'a6:services', reason: 'stopped' });
  });
});

describe('Limiter', () => {
  it('queues beyond its bound and runs in order of arrival', async () => {
    const limiter = new Limiter(1);
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((n) => limiter.run(async () => void order.push(n))));
    expect(order).toEqual([1, 2, 3]);
    expect(limiter.peak).toBe(1);
  });
});

describe('sources file', () => {
  const known = new Set(ids);
  it('overrides schedule, format and enabled per agency, then per dataset', () => {
    const file = parseSourcesFile(
      JSON.stringify({
        defaults: { schedule: '0 0 * * * *' },
        sources: [
          { agencyId: 'a1', format: 'arrow' },
          { agencyId: 'a1', dataset: 'service-metrics', format: 'csv', schedule: '0 5 * * * *' },
          { agencyId: 'a2', enabled: false },
        ],
      }),
      known,
    );
    const applied = applySourceOverrides(sources, file);
    const find = (id: string) => applied.find((s) => s.sourceId === id)!;
    expect(find('a1:services')).toMatchObject({ format: 'arrow', schedule: '0 0 * * * *', enabled: true });
    expect(find('a1:service-metrics')).toMatchObject({ format: 'csv', schedule: '0 5 * * * *' });
    expect(find('a2:services').enabled).toBe(false);
    expect(find('a3:services')).toMatchObject({ format: 'json', schedule: '0 0 * * * *', enabled: true });
  });

  it('names the entry that is wrong', () => {
    expect(() => parseSourcesFile('{"sources":[{"agencyId":"zz"}]}', known, 'f.json')).toThrow('f.json: sources[0]: agencyId "zz" is not in the registry');
    expect(() => parseSourcesFile('{"sources":[{"agencyId":"a1","format":"xml"}]}', known)).toThrow(/format must be one of json, csv, arrow/);
    expect(() => parseSourcesFile('{"defaults":{"schedule":"soon"}}', known)).toThrow(/schedule must be a cron/);
  });
});
