/** Medium tests: the week's facts and the scoreboard snapshots on a real, migrated DuckDB. */
import type { Insertable } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Warehouse } from '../connection.js';
import type { ScoreboardWeeklyTable } from '../schema.js';
import { openMigratedWarehouse } from '../testing.js';
import { upsertAgencies } from './agency.repository.js';
import { insertIntegrationEvents, upsertExchangeDaily, upsertServiceDaily, upsertServices } from './ingest.repository.js';
import {
  getAgencyWeekFacts,
  getAgencyWeekFactsForWeeks,
  getScoreboardStandings,
  getScoreboardWeek,
  latestScoreboardWeek,
  listScoreboardWeeks,
  replaceScoreboardWeek,
} from './scoreboard.repository.js';

// The week of Nowruz 1405: Saturday 21 March to Friday 27 March 2026. It ends at 28 March 00:00
// in Tehran, which is 27 March 20:30 UTC.
const WEEK = { weekStart: '2026-03-21', weekEnd: '2026-03-27' };

const agency = (agencyId: string, deadline: string | null = null) => ({
  agency_id: agencyId, name_fa: `دستگاه ${agencyId}`, name_en: `Agency ${agencyId}`, kind: 'ministry', sector: 'public',
  parent_id: null, deadline,
});

const service = (serviceId: string, agencyId: string, isKey: boolean, sso: boolean) => ({
  service_id: serviceId, agency_id: agencyId, name_fa: serviceId, name_en: serviceId, is_key: isKey,
  // Today's stage in the catalogue is 'live' for all: the facts must come from events instead.
  stage: 'live', uses_national_sso: sso, uses_exchange: false, updated_at: '2026-04-10T00:00:00Z', run_id: 'r0',
});

let eventSeq = 0;
const event = (serviceId: string, agencyId: string, occurredAt: string, toStage: string) => ({
  event_id: `e${++eventSeq}`, service_id: serviceId, agency_id: agencyId, occurred_at: occurredAt, from_stage: 'x',
  to_stage: toStage, source_id: `${agencyId}:integration-events`, run_id: 'r0',
});

const daily = (date: string, serviceId: string, m: { requests: number; completed: number; avail: number; p95: number; satSum: number; satCount: number; asked: number; fetched: number }) => ({
  date, service_id: serviceId, agency_id: serviceId.startsWith('a') ? 'alpha' : 'beta', requests: m.requests, completed: m.completed,
  failed: m.requests - m.completed, availability_pct: m.avail, latency_p50_ms: 100, latency_p95_ms: m.p95,
  satisfaction_sum: m.satSum, satisfaction_count: m.satCount, docs_asked: m.asked, docs_fetched: m.fetched, run_id: 'r0',
});

const exchange = (date: string, provider: string, consumer: string, calls: number) => ({
  date, provider_agency_id: provider, consumer_agency_id: consumer, data_service: 'records', calls, failures: 0,
  latency_p50_ms: 10, latency_p95_ms: 20, run_id: 'r0',
});

function snapshotRow(weekEnd: string, agencyId: string, rank: number, index: number): Insertable<ScoreboardWeeklyTable> {
  return {
    week_end: weekEnd, agency_id: agencyId, methodology_version: '1.0.0', coverage: 50, identity: 40, exchange: 30.5,
    reliability: 90, experience: 70, index, rank, status: 'on_track', expected_coverage: 45.2, services_total: 4,
    services_live: 2, computed_at: '2026-03-28T06:00:00.000Z',
  };
}

describe('getAgencyWeekFacts', () => {
  let warehouse: Warehouse;
  beforeEach(async () => {
    warehouse = await openMigratedWarehouse();
    const db = warehouse.db;
    await upsertAgencies(db, [agency('alpha', '2026-12-31'), agency('beta'), agency('gamma')]);
    await upsertServices(db, [
      service('a1', 'alpha', true, true),
      service('a2', 'alpha', true, false),
      service('a3', 'alpha', false, true),
      service('a4', 'alpha', false, false), // no event ever: not started
      service('b1', 'beta', true, true),
    ]);
    await insertIntegrationEvents(db, [
      event('a1', 'alpha', '2026-03-01T08:00:00Z', 'developing'),
      event('a1', 'alpha', '2026-03-27T20:00:00Z', 'live'), // Friday 23:30 in Tehran: inside the week
      event('a2', 'alpha', '2026-03-10T08:00:00Z', 'testing'),
      event('a2', 'alpha', '2026-03-27T20:30:00Z', 'live'), // Saturday 00:00 in Tehran: the next week
      event('a3', 'alpha', '2026-03-20T08:00:00Z', 'live'),
      event('a3', 'alpha', '2026-04-05T08:00:00Z', 'testing'), // after the week: does not count
      event('b1', 'beta', '2026-02-01T08:00:00Z', 'live'),
    ]);
    await upsertServiceDaily(db, [
      daily('2026-03-20', 'a1', { requests: 999, completed: 0, avail: 0, p95: 9999, satSum: 0, satCount: 0, asked: 99, fetched: 0 }),
      daily('2026-03-21', 'a1', { requests: 100, completed: 90, avail: 99, p95: 1000, satSum: 40, satCount: 10, asked: 5, fetched: 15 }),
      daily('2026-03-27', 'a3', { requests: 50, completed: 50, avail: 100, p95: 2000, satSum: 20, satCount: 5, asked: 0, fetched: 10 }),
      daily('2026-03-28', 'a1', { requests: 999, completed: 0, avail: 0, p95: 9999, satSum: 0, satCount: 0, asked: 99, fetched: 0 }),
    ]);
    await upsertExchangeDaily(db, [
      exchange('2026-03-22', 'alpha', 'beta', 30),
      exchange('2026-03-25', 'alpha', 'gamma', 12),
      exchange('2026-03-28', 'alpha', 'beta', 1000), // next week
      exchange('2026-03-23', 'beta', 'alpha', 7), // alpha consumed this: it counts for beta
    ]);
  });
  afterEach(async () => warehouse.close());

  it('derives stages as of the end of the week from events, in Tehran time', async () => {
    const facts = await getAgencyWeekFacts(warehouse.db, WEEK);
    expect(facts.map((f) => f.agencyId)).toEqual(['alpha', 'beta', 'gamma']);
    const alpha = facts[0];
    expect(alpha).toMatchObject({ servicesTotal: 4, servicesLive: 2, keyTotal: 2, keyLive: 1, liveWithSso: 2 });
  });

  it("sums the week's metrics and served exchange calls for an agency with data", async () => {
    const [alpha] = await getAgencyWeekFacts(warehouse.db, WEEK);
    expect(alpha).toEqual({
      agencyId: 'alpha', deadline: '2026-12-31',
      servicesTotal: 4, servicesLive: 2, keyTotal: 2, keyLive: 1, liveWithSso: 2,
      metricDays: 2, requests: 150, completed: 140, satisfactionSum: 60, satisfactionCount: 15, docsAsked: 5, docsFetched: 25,
      availabilityPct: 99.5, latencyP95Ms: 1500, exchangeCallsServed: 42,
    });
  });

  it('reports a silent agency with 0 metric days and null averages, and still counts what it serves', async () => {
    const [, beta, gamma] = await getAgencyWeekFacts(warehouse.db, WEEK);
    expect(beta).toEqual({
      agencyId: 'beta', deadline: null,
      servicesTotal: 1, servicesLive: 1, keyTotal: 1, keyLive: 1, liveWithSso: 1,
      metricDays: 0, requests: 0, completed: 0, satisfactionSum: 0, satisfactionCount: 0, docsAsked: 0, docsFetched: 0,
      availabilityPct: null, latencyP95Ms: null, exchangeCallsServed: 7,
    });
    expect(gamma).toMatchObject({ servicesTotal: 0, servicesLive: 0, metricDays: 0, exchangeCallsServed: 0 });
  });

  it("gives one agency's row alone, equal to its row among every agency's, in both weeks", async () => {
    for (const week of [WEEK, { weekStart: '2026-03-28', weekEnd: '2026-04-03' }]) {
      const all = await getAgencyWeekFacts(warehouse.db, week);
      for (const row of all) expect(await getAgencyWeekFacts(warehouse.db, week, row.agencyId), `${row.agencyId} ${week.weekEnd}`).toEqual([row]);
    }
    expect(await getAgencyWeekFacts(warehouse.db, WEEK, 'nowhere')).toEqual([]);
  });

  it('breaks a tie between events at the same instant by event id, as the many-weeks query does', async () => {
    const at = '2026-03-22T08:00:00Z';
    await insertIntegrationEvents(warehouse.db, [
      { ...event('b1', 'beta', at, 'testing'), event_id: 'tie-b' },
      { ...event('b1', 'beta', at, 'live'), event_id: 'tie-a' },
    ]);
    const [, beta] = await getAgencyWeekFacts(warehouse.db, WEEK);
    expect(beta).toMatchObject({ servicesTotal: 1, servicesLive: 0 }); // tie-b (testing) is the later by id
    expect((await getAgencyWeekFactsForWeeks(warehouse.db, [WEEK.weekEnd])).get(WEEK.weekEnd)).toEqual(await getAgencyWeekFacts(warehouse.db, WEEK));
    expect(await getAgencyWeekFacts(warehouse.db, WEEK, 'beta')).toEqual([beta]);
  });

  it('sees the next week differently: the later events now count', async () => {
    const [alpha] = await getAgencyWeekFacts(warehouse.db, { weekStart: '2026-03-28', weekEnd: '2026-04-03' });
    expect(alpha).toMatchObject({ servicesLive: 3, keyLive: 2, liveWithSso: 2, metricDays: 1, requests: 999, exchangeCallsServed: 1000 });
  });
});

describe('scoreboard snapshots', () => {
  let warehouse: Warehouse;
  beforeEach(async () => {
    warehouse = await openMigratedWarehouse();
    await upsertAgencies(warehouse.db, [agency('alpha'), agency('beta'), agency('gamma')]);
  });
  afterEach(async () => warehouse.close());

  it('has no latest week and no weeks before any snapshot', async () => {
    expect(await latestScoreboardWeek(warehouse.db)).toBeNull();
    expect(await listScoreboardWeeks(warehouse.db)).toEqual([]);
  });

  it('stores a week and reads it back by rank with agency names', async () => {
    await replaceScoreboardWeek(warehouse.db, '2026-03-27', [snapshotRow('2026-03-27', 'beta', 2, 40), snapshotRow('2026-03-27', 'alpha', 1, 60.5)]);
    const rows = await getScoreboardWeek(warehouse.db, '2026-03-27');
    expect(rows.map((r) => [r.rank, r.agency_id, r.name_en, r.index])).toEqual([
      [1, 'alpha', 'Agency alpha', 60.5],
      [2, 'beta', 'Agency beta', 40],
    ]);
    expect(rows[0]).toMatchObject({ week_end: '2026-03-27', name_fa: 'دستگاه alpha', kind: 'ministry', sector: 'public', computed_at: '2026-03-28T06:00:00.000Z', expected_coverage: 45.2 });
    expect(await getScoreboardWeek(warehouse.db, '2026-03-20')).toEqual([]);
  });

  it("reads a week's standings (rank, status, index) and only that week's", async () => {
    await replaceScoreboardWeek(warehouse.db, '2026-03-20', [snapshotRow('2026-03-20', 'alpha', 1, 10)]);
    await replaceScoreboardWeek(warehouse.db, '2026-03-27', [snapshotRow('2026-03-27', 'beta', 2, 40), snapshotRow('2026-03-27', 'alpha', 1, 60.5)]);
    const standings = await getScoreboardStandings(warehouse.db, '2026-03-27');
    const full = await getScoreboardWeek(warehouse.db, '2026-03-27');
    expect([...standings].sort((a, b) => a.rank - b.rank)).toEqual(full.map((r) => ({ agency_id: r.agency_id, rank: r.rank, status: r.status, index: r.index })));
    expect(await getScoreboardStandings(warehouse.db, '2026-03-20')).toEqual([{ agency_id: 'alpha', rank: 1, status: full[0].status, index: 10 }]);
    expect(await getScoreboardStandings(warehouse.db, '2026-03-13')).toEqual([]);
  });

  it('replaces a week whole, leaving other weeks alone, and lists weeks newest first', async () => {
    await replaceScoreboardWeek(warehouse.db, '2026-03-20', [snapshotRow('2026-03-20', 'alpha', 1, 10)]);
    await replaceScoreboardWeek(warehouse.db, '2026-03-27', [snapshotRow('2026-03-27', 'alpha', 1, 60), snapshotRow('2026-03-27', 'beta', 2, 40)]);
    await replaceScoreboardWeek(warehouse.db, '2026-03-27', [snapshotRow('2026-03-27', 'gamma', 1, 70), snapshotRow('2026-03-27', 'alpha', 2, 61)]);
    expect((await getScoreboardWeek(warehouse.db, '2026-03-27')).map((r) => [r.agency_id, r.index])).toEqual([['gamma', 70], ['alpha', 61]]);
    expect((await getScoreboardWeek(warehouse.db, '2026-03-20')).map((r) => r.index)).toEqual([10]);
    expect(await latestScoreboardWeek(warehouse.db)).toBe('2026-03-27');
    expect(await listScoreboardWeeks(warehouse.db)).toEqual(['2026-03-27', '2026-03-20']);
  });

  it("replaces inside the caller's transaction: a rollback keeps the old snapshot", async () => {
    await replaceScoreboardWeek(warehouse.db, '2026-03-27', [snapshotRow('2026-03-27', 'alpha', 1, 60)]);
    await expect(
      warehouse.db.transaction().execute(async (trx) => {
        await replaceScoreboardWeek(trx, '2026-03-27', [snapshotRow('2026-03-27', 'alpha', 1, 99)]);
        expect((await getScoreboardWeek(trx, '2026-03-27')).map((r) => r.index)).toEqual([99]);
        throw new Error('scoring failed');
      }),
    ).rejects.toThrow('scoring failed');
    expect((await getScoreboardWeek(warehouse.db, '2026-03-27')).map((r) => r.index)).toEqual([60]);
  });

  it('refuses rows of another week', async () => {
    await expect(replaceScoreboardWeek(warehouse.db, '2026-03-27', [snapshotRow('2026-03-20', 'alpha', 1, 60)])).rejects.toThrow(/week 2026-03-20/);
  });
});
