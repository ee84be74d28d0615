/**
 * Medium tests of one pipeline run: a real DuckDB warehouse and a real HTTP feed (a tiny node:http
 * server whose rows each test sets), so fetching, validation and the transactional load are
 * exercised as in production.
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Agency, Dataset } from '@hamgam/shared';
import { type Warehouse, migrateToLatest, openWarehouse } from '@hamgam/warehouse';
import { syncRegistry } from './registry.js';
import { runSource } from './run-source.js';
import { type SourceConfig, sourcesForFeedServer } from './sources.js';

const agencies: Agency[] = [
  { agencyId: 'ncr', nameFa: 'سازمان ثبت احوال کشور', nameEn: 'Civil Registration', kind: 'organization', sector: 'identity', parentId: null, deadline: null },
  { agencyId: 'sso', nameFa: 'سازمان تأمین اجتماعی', nameEn: 'Social Security', kind: 'organization', sector: 'welfare', parentId: null, deadline: null },
];

const feed: Record<string, { status: number; rows: unknown[] }> = {};
let server: Server;
let wh: Warehouse;
let sources: Record<Dataset, SourceConfig>;
const now = new Date('2026-11-28T08:00:00Z');

const metric = (date: string, requests: number) => ({
  date,
  serviceId: 'ncr-birth',
  requests,
  completed: requests - 10,
  failed: 5,
  availabilityPct: 99.8,
  latencyP50Ms: 150,
  latencyP95Ms: 800,
  satisfactionSum: 40,
  satisfactionCount: 10,
  docsAsked: 2,
  docsFetched: 6,
});

async function count(table: 'service_daily' | 'rejected_row' | 'pipeline_run') {
  const r = await wh.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return r.n;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const dataset = /\/agencies\/ncr\/v1\/([a-z-]+)/.exec(req.url ?? '')?.[1] ?? '';
    const answer = feed[dataset] ?? { status: 404, rows: [] };
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.status === 200 ? { data: answer.rows, nextCursor: null } : { error: 'down' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sources = Object.fromEntries(sourcesForFeedServer(url, agencies.slice(0, 1), () => 'token').map((s) => [s.dataset, s])) as Record<Dataset, SourceConfig>;
  wh = await openWarehouse({ path: ':memory:' });
  await migrateToLatest(wh.db);
  await syncRegistry(wh, agencies);
  feed.services = {
    status: 200,
    rows: [{ serviceId: 'ncr-birth', agencyId: 'ncr', nameFa: 'ثبت ولادت', nameEn: 'Birth registration', isKey: true, stage: 'live', usesNationalSso: true, usesExchange: true }],
  };
  expect((await runSource(wh, sources.services, { now })).status).toBe('succeeded');
});

afterAll(async () => {
  await wh?.close();
  await new Promise((resolve) => server?.close(resolve));
});

beforeEach(() => {
  feed['service-metrics'] = { status: 200, rows: [metric('2026-11-20', 100), metric('2026-11-21', 120)] };
});

describe('a pipeline run', () => {
  it('loads valid rows, quarantines invalid ones with their reason, and accounts for every row', async () => {
    feed['service-metrics'].rows.push({ ...metric('2026-11-22', 50), requests: -3 }, metric('2026-11-21', 125), metric('2026-11-23', 90));
    const run = await runSource(wh, sources['service-metrics'], { now });
    expect(run).toMatchObject({ status: 'succeeded', received: 5, loaded: 3, rejected: 1, duplicate: 1, watermarkBefore: null, watermarkAfter: '2026-11-23' });
    expect(run.received).toBe(run.loaded + run.rejected + run.duplicate);

    const rejects = await wh.db.selectFrom('rejected_row').selectAll().where('run_id', '=', run.runId).execute();
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ row_number: 3, reason: 'requests must be ≥ 0, got -3', source_id: 'ncr:service-metrics' });
    expect(JSON.parse(rejects[0].raw)).toMatchObject({ date: '2026-11-22', requests: -3 });
    // The later of two rows for the same day wins.
    const day21 = await wh.db.selectFrom('service_daily').select('requests').where('date', '=', '2026-11-21').executeTakeFirstOrThrow();
    expect(day21.requests).toBe(125);

    const recorded = await wh.db.selectFrom('pipeline_run').selectAll().where('run_id', '=', run.runId).executeTakeFirstOrThrow();
    expect(recorded).toMatchObject({ status: 'succeeded', received: 5, loaded: 3, rejected: 1, duplicate: 1, watermark_after: '2026-11-23' });
    const state = await wh.db.selectFrom('source_state').selectAll().where('source_id', '=', 'ncr:service-metrics').executeTakeFirstOrThrow();
    expect(state.watermark).toBe('2026-11-23');
  });

  it('is idempotent: the same rows again write nothing and count as duplicates', async () => {
    feed['service-metrics'].rows = [metric('2026-11-20', 100), metric('2026-11-21', 125), metric('2026-11-23', 90)];
    const before = await count('service_daily');
    const run = await runSource(wh, sources['service-metrics'], { now });
    expect(run).toMatchObject({ status: 'succeeded', received: 3, loaded: 0, rejected: 0, duplicate: 3 });
    expect(await count('service_daily')).toBe(before);
  });

  it('takes a restated day as the new value', async () => {
    feed['service-metrics'].rows = [metric('2026-11-21', 130), metric('2026-11-23', 90)];
    const run = await runSource(wh, sources['service-metrics'], { now });
    expect(run).toMatchObject({ loaded: 1, duplicate: 1 });
    const day21 = await wh.db.selectFrom('service_daily').select('requests').where('date', '=', '2026-11-21').executeTakeFirstOrThrow();
    expect(day21.requests).toBe(130);
  });

  it('records a failed feed as a failed run and changes nothing else', async () => {
    feed['service-metrics'] = { status: 500, rows: [] };
    const rowsBefore = await count('service_daily');
    const rejectsBefore = await count('rejected_row');
    const run = await runSource(wh, sources['service-metrics'], { now, retries: 0 });
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/HTTP 500/);
    expect(run).toMatchObject({ received: 0, loaded: 0, watermarkAfter: '2026-11-23' });
    expect(await count('service_daily')).toBe(rowsBefore);
    expect(await count('rejected_row')).toBe(rejectsBefore);
    const state = await wh.db.selectFrom('source_state').selectAll().where('source_id', '=', 'ncr:service-metrics').executeTakeFirstOrThrow();
    expect(state).toMatchObject({ watermark: '2026-11-23', last_error: expect.stringMatching(/HTTP 500/) });
  });
});
