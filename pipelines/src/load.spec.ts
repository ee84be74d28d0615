/**
 * Medium tests of the set-based load: a real DuckDB warehouse and a real HTTP feed serving JSON,
 * CSV and Arrow. Every run checked here also satisfies received = loaded + rejected + duplicate.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Agency, Dataset, FeedFormat } from '@hamgam/shared';
import { type Warehouse, getFactTableLayout, listAgencyFreshness, openMigratedWarehouse } from '@hamgam/warehouse';
import { clusterFacts } from './cluster-facts.js';
import { syncRegistry } from './registry.js';
import { type RunOptions, type RunResult, runSource } from './run-source.js';
import { type SourceConfig, sourcesForFeedServer } from './sources.js';
import { type Row, type TestFeed, startTestFeed } from './testing/test-feed.js';

const agencies: Agency[] = [
  { agencyId: 'ncr', nameFa: 'سازمان ثبت احوال کشور', nameEn: 'Civil Registration', kind: 'organization', sector: 'identity', parentId: null, deadline: null },
  { agencyId: 'sso', nameFa: 'سازمان تأمین اجتماعی', nameEn: 'Social Security', kind: 'organization', sector: 'welfare', parentId: null, deadline: null },
];
const now = new Date('2026-11-28T08:00:00Z'); // Saturday 11:30 in Tehran
const service = (serviceId: string, extra: Row = {}): Row => ({
  serviceId, agencyId: 'ncr', nameFa: 'ثبت ولادت', nameEn: 'Birth, registration', isKey: true, stage: 'live', usesNationalSso: true, usesExchange: false, ...extra,
});
const metric = (date: string, requests: number, extra: Row = {}): Row => ({
  date, serviceId: 'ncr-birth', requests, completed: requests - 10, failed: 5, availabilityPct: 99.8, latencyP50Ms: 150, latencyP95Ms: 800.5,
  satisfactionSum: 40, satisfactionCount: 10, docsAsked: 2, docsFetched: 6, ...extra,
});
const exchange = (date: string, calls: number, extra: Row = {}): Row => ({
  date, providerAgencyId: 'ncr', consumerAgencyId: 'sso', dataService: 'birth-certificate', calls, failures: 1, latencyP50Ms: 20, latencyP95Ms: 90, ...extra,
});
const event = (eventId: string, occurredAt: string, extra: Row = {}): Row => ({
  eventId, serviceId: 'ncr-birth', occurredAt, fromStage: 'testing', toStage: 'live', ...extra,
});

let feed: TestFeed;

beforeAll(async () => {
  feed = await startTestFeed();
});
afterAll(() => feed.close());

async function freshWarehouse(): Promise<Warehouse> {
  const wh = await openMigratedWarehouse();
  await syncRegistry(wh, agencies);
  return wh;
}

function sourcesIn(format: FeedFormat): Record<Dataset, SourceConfig> {
  return Object.fromEntries(sourcesForFeedServer(feed.url, agencies.slice(0, 1), () => 'token').map((s) => [s.dataset, { ...s, format }])) as Record<Dataset, SourceConfig>;
}

/** Runs a source and checks what every run must satisfy. */
async function run(wh: Warehouse, source: SourceConfig, opts: RunOptions = {}): Promise<RunResult> {
  const result = await runSource(wh, source, { now, retries: 0, ...opts });
  expect(result.received).toBe(result.loaded + result.rejected + result.duplicate);
  const recorded = await wh.db.selectFrom('pipeline_run').selectAll().where('run_id', '=', result.runId).executeTakeFirstOrThrow();
  expect(recorded).toMatchObject({ status: result.status, received: result.received, loaded: result.loaded, rejected: result.rejected, duplicate: result.duplicate });
  return result;
}

const tables = ['service', 'service_daily', 'exchange_daily', 'integration_event', 'rejected_row', 'restatement', 'source_state'] as const;

/** Every table's rows, without the columns that name the run or the moment (they differ by design). */
async function contents(wh: Warehouse, { lineage = false } = {}) {
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    const rows = (await wh.db.selectFrom(table).selectAll().execute()) as Row[];
    out[table] = rows
      .map((r) => {
        const copy = { ...r };
        if (!lineage) for (const c of ['run_id', 'updated_at', 'reject_id', 'rejected_at', 'restatement_id', 'restated_at', 'last_run_id', 'last_success_at', 'format', 'raw']) delete copy[c];
        return JSON.stringify(copy);
      })
      .sort();
  }
  return out;
}

function serveStandardFeed() {
  feed.set('ncr', 'services', { rows: [service('ncr-birth'), service('ncr-death', { nameEn: 'Death "registration"', isKey: false, stage: 'testing' })] });
  feed.set('ncr', 'service-metrics', { rows: [metric('2026-11-20', 100), metric('2026-11-21', 120), metric('2026-11-21', 125, { serviceId: 'ncr-death' })] });
  feed.set('ncr', 'exchange', { rows: [exchange('2026-11-20', 300), exchange('2026-11-21', 310)] });
  feed.set('ncr', 'integration-events', { rows: [event('e1', '2026-11-01T09:00:00+03:30'), event('e2', '2026-11-02T10:00:00+03:30', { serviceId: 'ncr-death', toStage: 'testing', fromStage: 'developing' })] });
}

describe('formats', () => {
  it('JSON, CSV and Arrow feeds of the same rows load the same tables', async () => {
    serveStandardFeed();
    const loaded: Record<string, Awaited<ReturnType<typeof contents>>> = {};
    for (const format of ['json', 'csv', 'arrow'] as const) {
      const wh = await freshWarehouse();
      try {
        const sources = sourcesIn(format);
        for (const dataset of ['services', 'integration-events', 'service-metrics', 'exchange'] as const) {
          const result = await run(wh, sources[dataset], { pageSize: 1 }); // several pages: the cursor travels
          expect(result, `${format} ${dataset}: ${result.error}`).toMatchObject({ status: 'succeeded', rejected: 0, format });
        }
        loaded[format] = await contents(wh);
      } finally {
        await wh.close();
      }
    }
    expect(loaded.json.service_daily).toHaveLength(3);
    expect(loaded.json.service).toHaveLength(2);
    expect(loaded.csv).toEqual(loaded.json);
    expect(loaded.arrow).toEqual(loaded.json);
  });

  it('reads CSV with a UTF-8 BOM, CRLF line ends and quoted cells', async () => {
    const wh = await freshWarehouse();
    try {
      feed.set('ncr', 'services', { rows: [service('ncr-birth', { nameFa: 'ثبت، ولادت\r\n"نوزاد"' })], bom: true, crlf: true });
      const result = await run(wh, sourcesIn('csv').services);
      expect(result).toMatchObject({ status: 'succeeded', loaded: 1, rejected: 0 });
      const row = await wh.db.selectFrom('service').selectAll().executeTakeFirstOrThrow();
      expect(row).toMatchObject({ service_id: 'ncr-birth', name_fa: 'ثبت، ولادت "نوزاد"', is_key: true });
    } finally {
      await wh.close();
    }
  });
});

describe('validation in SQL', () => {
  let wh: Warehouse;
  beforeEach(async () => {
    wh = await freshWarehouse();
    feed.set('ncr', 'services', { rows: [service('ncr-birth')] });
    await run(wh, sourcesIn('json').services);
  });
  afterEach(() => wh.close());

  const cases: [string, Row, string][] = [
    ['a negative count', metric('2026-11-20', 100, { failed: -1 }), 'failed must be ≥ 0, got -1'],
    ['a count that is not whole', metric('2026-11-20', 100, { docsAsked: 2.5 }), 'docsAsked must be a whole number, got 2.5'],
    ['a count that is not a number', metric('2026-11-20', 100, { requests: 'many' }), 'requests must be a number, got "many"'],
    ['a missing field', metric('2026-11-20', 100, { latencyP50Ms: null }), 'latencyP50Ms is missing'],
    ['a missing service', metric('2026-11-20', 100, { serviceId: null }), 'serviceId is missing'],
    ['availability above 100', metric('2026-11-20', 100, { availabilityPct: 100.5 }), 'availabilityPct must be ≤ 100, got 100.5'],
    ['availability below 0', metric('2026-11-20', 100, { availabilityPct: -1 }), 'availabilityPct must be ≥ 0, got -1'],
    ['a tiny negative latency', metric('2026-11-20', 100, { latencyP50Ms: -1e-7 }), 'latencyP50Ms must be ≥ 0, got -1e-7'],
    ['a day in the future', metric('2026-11-29', 100), 'date 2026-11-29 is in the future (today in Tehran is 2026-11-28)'],
    ['a day that does not exist', metric('2026-02-30', 100), 'date must be a day YYYY-MM-DD, got "2026-02-30"'],
    ['an unknown service', metric('2026-11-20', 100, { serviceId: 'nope' }), 'serviceId nope is not a service of ncr'],
    ['completed and failed above requests', metric('2026-11-20', 100, { completed: 96 }), 'completed + failed (101) exceed requests (100)'],
    ['p95 below p50', metric('2026-11-20', 100, { latencyP95Ms: 100 }), 'latencyP95Ms (100) is below latencyP50Ms (150)'],
    ['satisfaction above 5 per rating', metric('2026-11-20', 100, { satisfactionSum: 51 }), 'satisfactionSum (51) is not between 1× and 5× satisfactionCount (10)'],
    ['satisfaction below 1 per rating', metric('2026-11-20', 100, { satisfactionSum: 9 }), 'satisfactionSum (9) is not between 1× and 5× satisfactionCount (10)'],
  ];

  // Arrow pages whose columns carry the contract's types are staged typed (no text on the way):
  // their reasons and raw text must read exactly as the JSON path's.
  it.each(cases.flatMap(([name, row, reason]) => (['json', 'arrow'] as const).map((format): [string, FeedFormat, Row, string] => [name, format, row, reason])))('quarantines %s (%s) with its reason and raw text', async (_name, format, row, reason) => {
    feed.set('ncr', 'service-metrics', { rows: [metric('2026-11-19', 80), row] });
    const result = await run(wh, sourcesIn(format)['service-metrics']);
    expect(result).toMatchObject({ status: 'succeeded', received: 2, loaded: 1, rejected: 1 });
    const rejects = await wh.db.selectFrom('rejected_row').selectAll().where('run_id', '=', result.runId).execute();
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ row_number: 2, reason, source_id: 'ncr:service-metrics', dataset: 'service-metrics' });
    expect(JSON.parse(rejects[0].raw)).toEqual(JSON.parse(JSON.stringify(row)));
  });

  it('quarantines rows a source may not speak for, and unknown agencies and stages', async () => {
    feed.set('ncr', 'exchange', { rows: [exchange('2026-11-20', 10, { providerAgencyId: 'sso' }), exchange('2026-11-20', 10, { consumerAgencyId: 'ghost' }), exchange('2026-11-20', 10, { failures: 11 })] });
    feed.set('ncr', 'services', { rows: [service('sso-pension', { agencyId: 'sso' }), service('ncr-x', { stage: 'done' }), service('ncr-y', { isKey: 'yes' })] });
    feed.set('ncr', 'integration-events', { rows: [event('e9', '2027-01-01T00:00:00+03:30'), event('e8', 'yesterday')] });
    const reasons = async (dataset: Dataset) => {
      const result = await run(wh, sourcesIn('json')[dataset]);
      expect(result.loaded).toBe(0);
      const rows = await wh.db.selectFrom('rejected_row').select(['reason']).where('run_id', '=', result.runId).orderBy('row_number').execute();
      return rows.map((r) => r.reason);
    };
    expect(await reasons('exchange')).toEqual(['providerAgencyId sso is not the agency of this feed (ncr)', 'consumerAgencyId ghost is not a known agency', 'failures (11) exceed calls (10)']);
    expect(await reasons('services')).toEqual([
      'agencyId sso is not the agency of this feed (ncr)',
      'stage must be one of not_started, developing, testing, live, got done',
      'isKey must be true or false',
    ]);
    expect(await reasons('integration-events')).toEqual(['occurredAt 2027-01-01T00:00:00+03:30 is in the future', 'occurredAt must be an ISO 8601 time, got "yesterday"']);
  });

  it('turns a typed Arrow stage into text when a later page changes a column type, keeping reasons and raw text', async () => {
    const bad = metric('2026-11-19', 80, { failed: -1, availabilityPct: 99.25 });
    // Page 1: every column typed (Int64, Float64). Page 2: requests and completed as text (Utf8), Persian digits in one.
    feed.set('ncr', 'service-metrics', { rows: [bad, metric('2026-11-20', 100, { requests: '۱۲۰', completed: '100' })] });
    const result = await run(wh, sourcesIn('arrow')['service-metrics'], { pageSize: 1 });
    expect(result).toMatchObject({ status: 'succeeded', received: 2, loaded: 1, rejected: 1 });
    const rejects = await wh.db.selectFrom('rejected_row').selectAll().where('run_id', '=', result.runId).execute();
    expect(rejects).toMatchObject([{ row_number: 1, reason: 'failed must be ≥ 0, got -1' }]);
    expect(rejects[0].raw).toBe(JSON.stringify(bad));
    const row = await wh.db.selectFrom('service_daily').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ date: '2026-11-20', requests: 120, completed: 100, availability_pct: 99.8 });
  });

  it('normalises Persian and Arabic digits and stray whitespace instead of rejecting them', async () => {
    feed.set('ncr', 'service-metrics', {
      rows: [metric('۲۰۲۶-۱۱-۲۰', 100, { serviceId: '  ncr-birth\u200f ', requests: '۱۲۰', completed: '١٠٠', availabilityPct: '۹۹٫۵', latencyP95Ms: ' 800 ' })],
    });
    const result = await run(wh, sourcesIn('json')['service-metrics']);
    expect(result).toMatchObject({ loaded: 1, rejected: 0 });
    const row = await wh.db.selectFrom('service_daily').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ date: '2026-11-20', service_id: 'ncr-birth', requests: 120, completed: 100, availability_pct: 99.5, latency_p95_ms: 800 });
  });
});

describe('idempotency and restatements', () => {
  it('the same window twice leaves identical tables; a restated day replaces the old values and is recorded', async () => {
    const wh = await freshWarehouse();
    try {
      serveStandardFeed();
      const sources = sourcesIn('csv');
      for (const dataset of ['services', 'service-metrics', 'exchange', 'integration-events'] as const) await run(wh, sources[dataset]);
      const first = await contents(wh, { lineage: true });
      const watermark = (await wh.db.selectFrom('source_state').select('watermark').where('source_id', '=', 'ncr:service-metrics').executeTakeFirstOrThrow()).watermark;

      for (const dataset of ['services', 'service-metrics', 'exchange', 'integration-events'] as const) {
        const again = await run(wh, sources[dataset]);
        expect(again).toMatchObject({ status: 'succeeded', loaded: 0, rejected: 0, restated: 0 });
        expect(again.duplicate).toBe(again.received);
      }
      const second = await contents(wh, { lineage: true });
      // Only the bookkeeping of the runs themselves moved on.
      expect({ ...second, source_state: [] }).toEqual({ ...first, source_state: [] });

      feed.set('ncr', 'service-metrics', { rows: [metric('2026-11-21', 150), metric('2026-11-20', 100)] });
      const restated = await run(wh, sources['service-metrics']);
      expect(restated).toMatchObject({ received: 2, loaded: 1, duplicate: 1, restated: 1, watermarkBefore: watermark, watermarkAfter: watermark });
      const day = await wh.db.selectFrom('service_daily').selectAll().where('date', '=', '2026-11-21').where('service_id', '=', 'ncr-birth').executeTakeFirstOrThrow();
      expect(day).toMatchObject({ requests: 150, run_id: restated.runId });
      const record = await wh.db.selectFrom('restatement').selectAll().executeTakeFirstOrThrow();
      expect(record).toMatchObject({ run_id: restated.runId, dataset: 'service-metrics', source_id: 'ncr:service-metrics' });
      expect(JSON.parse(record.key)).toEqual({ date: '2026-11-21', service_id: 'ncr-birth' });
      expect(JSON.parse(record.old_values)).toMatchObject({ requests: 120, completed: 110 });
      expect(JSON.parse(record.new_values)).toMatchObject({ requests: 150, completed: 140 });
    } finally {
      await wh.close();
    }
  });

  it('after the fact tables are rewritten in (day, agency) order, the same window converges and a restated day is recorded', async () => {
    const wh = await freshWarehouse();
    try {
      serveStandardFeed();
      const sources = sourcesIn('csv');
      for (const dataset of ['services', 'service-metrics', 'exchange', 'integration-events'] as const) await run(wh, sources[dataset]);
      const first = await contents(wh, { lineage: true });
      const { tables, skipped } = await clusterFacts(wh);
      // A table the merge happened to write in order is left alone; the rest are rewritten.
      expect([...tables.map((t) => t.table), ...skipped].sort()).toEqual(['exchange_daily', 'service_daily']);
      for (const t of tables) expect(t.after).toMatchObject({ rows: t.before.rows, orderBreaks: 0 });
      expect((await getFactTableLayout(wh.db)).map((l) => [l.table, l.rows, l.orderBreaks])).toEqual([
        ['service_daily', 3, 0],
        ['exchange_daily', 2, 0],
      ]);
      expect(await contents(wh, { lineage: true })).toEqual(first);
      // Run again, it finds both in order and rewrites nothing.
      expect(await clusterFacts(wh)).toMatchObject({ tables: [], skipped: ['service_daily', 'exchange_daily'] });

      for (const dataset of ['service-metrics', 'exchange'] as const) {
        const again = await run(wh, sources[dataset]);
        expect(again).toMatchObject({ status: 'succeeded', loaded: 0, rejected: 0, restated: 0 });
      }
      expect({ ...(await contents(wh, { lineage: true })), source_state: [] }).toEqual({ ...first, source_state: [] });

      feed.set('ncr', 'service-metrics', { rows: [metric('2026-11-21', 150), metric('2026-11-20', 100)] });
      const restated = await run(wh, sources['service-metrics']);
      expect(restated).toMatchObject({ received: 2, loaded: 1, duplicate: 1, restated: 1 });
      const day = await wh.db.selectFrom('service_daily').selectAll().where('date', '=', '2026-11-21').where('service_id', '=', 'ncr-birth').executeTakeFirstOrThrow();
      expect(day).toMatchObject({ requests: 150, run_id: restated.runId });
      const record = await wh.db.selectFrom('restatement').selectAll().executeTakeFirstOrThrow();
      expect(JSON.parse(record.old_values)).toMatchObject({ requests: 120 });
      expect(await wh.db.selectFrom('service_daily').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 3 });
    } finally {
      await wh.close();
    }
  });

  it('resumes from the committed watermark, asking again for a few days before it', async () => {
    const wh = await freshWarehouse();
    try {
      serveStandardFeed();
      const sources = sourcesIn('json');
      await run(wh, sources.services);
      expect((await run(wh, sources['service-metrics'])).watermarkAfter).toBe('2026-11-21');
      const next = await run(wh, sources['service-metrics'], { lookbackDays: 3 });
      expect(next.watermarkBefore).toBe('2026-11-21');
      expect(feed.stats.lastQuery.get('ncr/service-metrics')?.get('since')).toBe('2026-11-18');
    } finally {
      await wh.close();
    }
  });
});

describe('one transaction per run', () => {
  it('a failure inside the load leaves rows, rejects, restatements and the watermark as they were', async () => {
    const wh = await freshWarehouse();
    try {
      serveStandardFeed();
      const sources = sourcesIn('json');
      await run(wh, sources.services);
      await run(wh, sources['service-metrics']);
      const before = await contents(wh, { lineage: true });
      feed.set('ncr', 'service-metrics', { rows: [metric('2026-11-21', 999), metric('2026-11-22', 50), metric('2026-11-23', 50, { requests: -1 })] });
      const result = await run(wh, sources['service-metrics'], {
        hooks: {
          beforeCommit: () => {
            throw new Error('disk full (test)');
          },
        },
      });
      expect(result).toMatchObject({ status: 'failed', received: 0, loaded: 0, error: expect.stringMatching(/disk full \(test\).*3 rows fetched, none loaded/) });
      const after = await contents(wh, { lineage: true });
      expect({ ...after, source_state: [] }).toEqual({ ...before, source_state: [] });
      const state = await wh.db.selectFrom('source_state').selectAll().where('source_id', '=', 'ncr:service-metrics').executeTakeFirstOrThrow();
      expect(state).toMatchObject({ watermark: '2026-11-21', consecutive_failures: 1, breaker_state: 'closed', last_error: expect.stringMatching(/disk full/) });
      // No run is ever left 'running': the failed one is recorded as failed.
      const statuses = await wh.db.selectFrom('pipeline_run').select('status').execute();
      expect(statuses.map((s) => s.status).sort()).toEqual(['failed', 'succeeded', 'succeeded']);
    } finally {
      await wh.close();
    }
  });
});

describe('checked before the transaction, against the catalogue it commits with', () => {
  // The rows are checked before the run's transaction opens; a catalogue that changes in between
  // (a service added, a service moved to another agency) must not be judged by its old state.
  it.each(['csv', 'arrow', 'json'] as const)('checks the rows again when the catalogue changes after the check (%s)', async (format) => {
    const wh = await freshWarehouse();
    try {
      feed.set('ncr', 'services', { rows: [service('ncr-birth'), service('ncr-death')] });
      await run(wh, sourcesIn('json').services);
      feed.set('ncr', 'service-metrics', { rows: [metric('2026-11-20', 100), metric('2026-11-20', 100, { serviceId: 'ncr-new' }), metric('2026-11-20', 100, { serviceId: 'ncr-death' })] });
      const result = await run(wh, sourcesIn(format)['service-metrics'], {
        hooks: {
          afterCheck: async () => {
            // Another source's run commits in between: ncr-new joins ncr, ncr-death leaves it for sso.
            await wh.db.insertInto('service').values({ service_id: 'ncr-new', agency_id: 'ncr', name_fa: 'x', name_en: 'x', is_key: false, stage: 'live', uses_national_sso: true, uses_exchange: false, updated_at: now.toISOString(), run_id: 'other' }).execute();
            await wh.db.updateTable('service').set({ agency_id: 'sso' }).where('service_id', '=', 'ncr-death').execute();
          },
        },
      });
      expect(result).toMatchObject({ status: 'succeeded', received: 3, loaded: 2, rejected: 1 });
      const rejects = await wh.db.selectFrom('rejected_row').select(['row_number', 'reason']).where('run_id', '=', result.runId).execute();
      expect(rejects).toEqual([{ row_number: 3, reason: 'serviceId ncr-death is not a service of ncr' }]);
      const loaded = await wh.db.selectFrom('service_daily').select('service_id').orderBy('service_id').execute();
      expect(loaded.map((r) => r.service_id)).toEqual(['ncr-birth', 'ncr-new']);
    } finally {
      await wh.close();
    }
  });
});

describe('feeds that cannot be read', () => {
  let wh: Warehouse;
  beforeEach(async () => {
    wh = await freshWarehouse();
    feed.set('ncr', 'services', { rows: [service('ncr-birth')] });
    await run(wh, sourcesIn('json').services);
  });
  afterEach(() => wh.close());

  const metricsIn = (format: FeedFormat) => sourcesIn(format)['service-metrics'];
  const rows = [metric('2026-11-20', 100), metric('2026-11-21', 120)];

  it.each([
    ['an HTML page with status 200', 'json', { body: '<!DOCTYPE html><html><head><title>Service Unavailable</title></head></html>', contentType: 'text/html' }, /HTML page instead of json.*Service Unavailable/],
    ['truncated JSON', 'json', { body: JSON.stringify({ data: rows, nextCursor: null }).slice(0, 120) }, /page 1 is not valid JSON \(truncated\?\)/],
    ['a JSON body that is not a page', 'json', { body: '{"rows": []}' }, /no "data" array/],
    ['a CSV without a column', 'csv', { body: 'date,serviceId,requests\n2026-11-20,ncr-birth,100\n' }, /schema drift: page 1 \(csv\) lacks columns completed, failed/],
  ] as const)('fails the run on %s, with the reason, and loads nothing', async (_name, format, answer, reason) => {
    feed.set('ncr', 'service-metrics', answer);
    const result = await run(wh, metricsIn(format));
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(reason);
    expect(await wh.db.selectFrom('service_daily').selectAll().execute()).toEqual([]);
  });

  it('fails the run on a truncated Arrow stream, cut inside a batch or at its end', async () => {
    const { toArrow } = await import('./testing/test-feed.js');
    const whole = toArrow(rows);
    for (const cut of [whole.length - 8, whole.length - 30]) {
      feed.set('ncr', 'service-metrics', { body: Buffer.from(whole.subarray(0, cut)) });
      const result = await run(wh, metricsIn('arrow'));
      expect(result.status).toBe('failed');
      expect(result.error).toMatch(/page 1 is not (a whole|a readable) Arrow stream/);
    }
    feed.set('ncr', 'service-metrics', { rows: rows.map(({ latencyP95Ms: _gone, ...rest }) => rest) });
    expect((await run(wh, metricsIn('arrow'))).error).toMatch(/schema drift: page 1 \(arrow\) lacks column latencyP95Ms/);
  });

  it('quarantines rows with bytes that are not UTF-8, and CSV rows with the wrong number of cells', async () => {
    const { toCsv } = await import('./testing/test-feed.js');
    const text = toCsv(rows);
    const bad = Buffer.concat([Buffer.from(text), Buffer.from('2026-11-22,ncr-birth'), Buffer.from([0xff, 0xfe]), Buffer.from(',1,1,0,99,1,2,5,1,0,0\n2026-11-23,ncr-birth,5\n')]);
    feed.set('ncr', 'service-metrics', { body: bad });
    const result = await run(wh, metricsIn('csv'));
    expect(result).toMatchObject({ status: 'succeeded', received: 4, loaded: 2, rejected: 2 });
    const rejects = await wh.db.selectFrom('rejected_row').select(['row_number', 'reason', 'raw']).where('run_id', '=', result.runId).orderBy('row_number').execute();
    expect(rejects.map((r) => [r.row_number, r.reason])).toEqual([
      [3, 'row holds bytes that are not valid UTF-8'],
      [4, 'row has 3 cells, the header has 12'],
    ]);
    expect(rejects[1].raw).toBe('2026-11-23,ncr-birth,5');
  });

  it('reads a clean CSV natively and parses one DuckDB refuses (a short row) itself, with the same reasons and raw text', async () => {
    const { toCsv } = await import('./testing/test-feed.js');
    const text = toCsv([...rows, metric('2026-11-22', 100, { failed: -1 })]);
    const bad = text.split('\n')[3];
    feed.set('ncr', 'service-metrics', { body: text });
    const clean = await run(wh, metricsIn('csv'));
    expect(clean).toMatchObject({ status: 'succeeded', received: 3, loaded: 2, rejected: 1 });
    const short = `${text}2026-11-23,ncr-birth,5\n`;
    feed.set('ncr', 'service-metrics', { body: short });
    const refused = await run(wh, metricsIn('csv'));
    expect(refused).toMatchObject({ status: 'succeeded', received: 4, loaded: 0, duplicate: 2, rejected: 2 });
    for (const result of [clean, refused]) {
      const rejects = await wh.db.selectFrom('rejected_row').select(['row_number', 'reason', 'raw']).where('run_id', '=', result.runId).orderBy('row_number').execute();
      expect(rejects[0]).toEqual({ row_number: 3, reason: 'failed must be ≥ 0, got -1', raw: bad });
    }
    const rejects = await wh.db.selectFrom('rejected_row').select(['row_number', 'reason', 'raw']).where('run_id', '=', refused.runId).orderBy('row_number').execute();
    expect(rejects[1]).toEqual({ row_number: 4, reason: 'row has 3 cells, the header has 12', raw: '2026-11-23,ncr-birth,5' });
  });

  it('reads clean CSV pages of one header in one native read, numbering rows across pages in order', async () => {
    const { toCsv } = await import('./testing/test-feed.js');
    const served = ['2026-11-15', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19'].map((day, i) => metric(day, 100, i === 1 || i === 4 ? { failed: -i } : {}));
    feed.set('ncr', 'service-metrics', { rows: served });
    const result = await run(wh, metricsIn('csv'), { pageSize: 2 }); // three pages, three files
    expect(result).toMatchObject({ status: 'succeeded', received: 5, loaded: 3, rejected: 2 });
    const rejects = await wh.db.selectFrom('rejected_row').select(['row_number', 'reason', 'raw']).where('run_id', '=', result.runId).orderBy('row_number').execute();
    const lines = toCsv(served).split('\n');
    expect(rejects).toEqual([
      { row_number: 2, reason: 'failed must be ≥ 0, got -1', raw: lines[2] },
      { row_number: 5, reason: 'failed must be ≥ 0, got -4', raw: lines[5] },
    ]);
  });

  it('ignores a column the contract does not define, with a warning on the run', async () => {
    feed.set('ncr', 'service-metrics', { rows: rows.map((r) => ({ ...r, region: 'tehran' })) });
    for (const format of ['json', 'csv', 'arrow'] as const) {
      const result = await run(wh, metricsIn(format));
      expect(result).toMatchObject({ status: 'succeeded', rejected: 0, warnings: ['ignored column the contract does not define: region'] });
      const recorded = await wh.db.selectFrom('pipeline_run').select('warnings').where('run_id', '=', result.runId).executeTakeFirstOrThrow();
      expect(JSON.parse(recorded.warnings!)).toEqual(result.warnings);
    }
  });
});

describe('freshness', () => {
  it("names each agency's last data day and last success", async () => {
    const wh = await freshWarehouse();
    try {
      serveStandardFeed();
      const sources = sourcesIn('json');
      await run(wh, sources.services);
      await run(wh, sources['service-metrics']);
      const freshness = await listAgencyFreshness(wh.db);
      expect(freshness.map((f) => f.agencyId)).toEqual(['ncr', 'sso']);
      expect(freshness[0]).toMatchObject({ agencyId: 'ncr', lastDataDay: '2026-11-21', lastSuccessAt: expect.any(String) });
      expect(freshness[0].datasets.map((d) => d.dataset)).toEqual(['service-metrics', 'services']);
      expect(freshness[1]).toEqual({ agencyId: 'sso', lastDataDay: null, lastSuccessAt: null, datasets: [] });
    } finally {
      await wh.close();
    }
  });
});
