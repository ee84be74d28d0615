/** Medium tests: idempotent loads on a real, migrated DuckDB. */
import type { Insertable } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Warehouse } from '../connection.js';
import type { ServiceDailyTable } from '../schema.js';
import { openMigratedWarehouse } from '../testing.js';
import { insertIntegrationEvents, upsertExchangeDaily, upsertServiceDaily, upsertServices } from './ingest.repository.js';

function daily(date: string, serviceId: string, runId: string, requests = 100): Insertable<ServiceDailyTable> {
  return {
    date, service_id: serviceId, agency_id: 'health', requests, completed: 90, failed: 10, availability_pct: 99.25,
    latency_p50_ms: 120.5, latency_p95_ms: 900, satisfaction_sum: 40, satisfaction_count: 10, docs_asked: 3, docs_fetched: 7,
    run_id: runId,
  };
}

const exchange = (date: string, calls: number, runId: string) => ({
  date, provider_agency_id: 'registry', consumer_agency_id: 'health', data_service: 'identity', calls, failures: 1,
  latency_p50_ms: 50, latency_p95_ms: 200.5, run_id: runId,
});

const event = (eventId: string, occurredAt: string | Date, runId: string) => ({
  event_id: eventId, service_id: 'h1', agency_id: 'health', occurred_at: occurredAt, from_stage: 'testing', to_stage: 'live',
  source_id: 'health:integration-events', run_id: runId,
});

describe('ingest repository', () => {
  let warehouse: Warehouse;
  beforeEach(async () => (warehouse = await openMigratedWarehouse()));
  afterEach(async () => warehouse.close());

  const storedDaily = () => warehouse.db.selectFrom('service_daily').selectAll().orderBy('date').orderBy('service_id').execute();

  it('writes new daily rows, then reports a re-load of the same window as unchanged', async () => {
    const rows = [daily('2026-03-21', 'h1', 'r1'), daily('2026-03-21', 'h2', 'r1'), daily('2026-03-22', 'h1', 'r1')];
    expect(await upsertServiceDaily(warehouse.db, rows)).toEqual({ written: 3, unchanged: 0 });
    expect(await storedDaily()).toEqual(rows);
    // The same facts from a later run: nothing changes, and lineage still points at run r1.
    expect(await upsertServiceDaily(warehouse.db, rows.map((r) => ({ ...r, run_id: 'r2' })))).toEqual({ written: 0, unchanged: 3 });
    expect((await storedDaily()).map((r) => r.run_id)).toEqual(['r1', 'r1', 'r1']);
  });

  it('updates a corrected row and keeps the rest', async () => {
    await upsertServiceDaily(warehouse.db, [daily('2026-03-21', 'h1', 'r1'), daily('2026-03-22', 'h1', 'r1')]);
    const counts = await upsertServiceDaily(warehouse.db, [
      daily('2026-03-21', 'h1', 'r2', 150),
      daily('2026-03-22', 'h1', 'r2'),
      daily('2026-03-23', 'h1', 'r2'),
    ]);
    expect(counts).toEqual({ written: 2, unchanged: 1 });
    expect((await storedDaily()).map((r) => [r.date, r.requests, r.run_id])).toEqual([
      ['2026-03-21', 150, 'r2'],
      ['2026-03-22', 100, 'r1'],
      ['2026-03-23', 100, 'r2'],
    ]);
  });

  it('keeps the last of two rows with the same key in one batch', async () => {
    const counts = await upsertServiceDaily(warehouse.db, [daily('2026-03-21', 'h1', 'r1', 1), daily('2026-03-21', 'h1', 'r1', 2)]);
    expect(counts).toEqual({ written: 1, unchanged: 1 });
    expect((await storedDaily()).map((r) => r.requests)).toEqual([2]);
  });

  it("writes inside the caller's transaction and disappears with its rollback", async () => {
    await expect(
      warehouse.db.transaction().execute(async (trx) => {
        expect(await upsertServiceDaily(trx, [daily('2026-03-21', 'h1', 'r1')])).toEqual({ written: 1, unchanged: 0 });
        expect(await upsertExchangeDaily(trx, [exchange('2026-03-21', 5, 'r1')])).toEqual({ written: 1, unchanged: 0 });
        expect(await trx.selectFrom('service_daily').select('date').execute()).toEqual([{ date: '2026-03-21' }]);
        throw new Error('load failed');
      }),
    ).rejects.toThrow('load failed');
    expect(await storedDaily()).toEqual([]);
    expect(await warehouse.db.selectFrom('exchange_daily').selectAll().execute()).toEqual([]);
  });

  it('handles an empty batch', async () => {
    expect(await upsertServiceDaily(warehouse.db, [])).toEqual({ written: 0, unchanged: 0 });
  });

  it('upserts a few thousand rows in one call', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => daily(`2026-0${1 + Math.floor(i / 1000)}-1${i % 10}`, `s${Math.floor(i / 10) % 100}`, 'r1', i));
    expect(await upsertServiceDaily(warehouse.db, rows)).toEqual({ written: 3000, unchanged: 0 });
    expect(await upsertServiceDaily(warehouse.db, rows)).toEqual({ written: 0, unchanged: 3000 });
    const total = await warehouse.db.selectFrom('service_daily').select((eb) => eb.fn.sum<number>('requests').as('s')).executeTakeFirstOrThrow();
    expect(total.s).toBe((2999 * 3000) / 2);
  });

  it('upserts exchange rows on their four-part key', async () => {
    expect(await upsertExchangeDaily(warehouse.db, [exchange('2026-03-21', 5, 'r1'), { ...exchange('2026-03-21', 6, 'r1'), data_service: 'address' }]))
      .toEqual({ written: 2, unchanged: 0 });
    expect(await upsertExchangeDaily(warehouse.db, [exchange('2026-03-21', 9, 'r2'), { ...exchange('2026-03-21', 6, 'r2'), data_service: 'address' }]))
      .toEqual({ written: 1, unchanged: 1 });
    const rows = await warehouse.db.selectFrom('exchange_daily').select(['data_service', 'calls', 'latency_p95_ms']).orderBy('data_service').execute();
    expect(rows).toEqual([
      { data_service: 'address', calls: 6, latency_p95_ms: 200.5 },
      { data_service: 'identity', calls: 9, latency_p95_ms: 200.5 },
    ]);
  });

  it('stores integration events once, with occurred_at as an ISO instant', async () => {
    const events = [event('e1', '2026-03-21T08:00:00+03:30', 'r1'), event('e2', new Date('2026-03-22T10:00:00Z'), 'r1')];
    expect(await insertIntegrationEvents(warehouse.db, events)).toEqual({ written: 2, unchanged: 0 });
    expect(await insertIntegrationEvents(warehouse.db, events.map((e) => ({ ...e, run_id: 'r2' })))).toEqual({ written: 0, unchanged: 2 });
    const stored = await warehouse.db.selectFrom('integration_event').select(['event_id', 'occurred_at', 'run_id']).orderBy('event_id').execute();
    expect(stored).toEqual([
      { event_id: 'e1', occurred_at: '2026-03-21T04:30:00.000Z', run_id: 'r1' },
      { event_id: 'e2', occurred_at: '2026-03-22T10:00:00.000Z', run_id: 'r1' },
    ]);
  });

  it('treats a re-served catalogue with only a new updated_at as unchanged', async () => {
    const svc = {
      service_id: 'h1', agency_id: 'health', name_fa: 'نوبت', name_en: 'Appointments', is_key: true, stage: 'testing',
      uses_national_sso: true, uses_exchange: false, updated_at: '2026-03-01T00:00:00.000Z', run_id: 'r1',
    };
    expect(await upsertServices(warehouse.db, [svc])).toEqual({ written: 1, unchanged: 0 });
    expect(await upsertServices(warehouse.db, [{ ...svc, updated_at: new Date('2026-03-02T00:00:00Z'), run_id: 'r2' }])).toEqual({ written: 0, unchanged: 1 });
    expect(await upsertServices(warehouse.db, [{ ...svc, stage: 'live', updated_at: '2026-03-03T00:00:00Z', run_id: 'r3' }])).toEqual({ written: 1, unchanged: 0 });
    const stored = await warehouse.db.selectFrom('service').select(['stage', 'updated_at', 'run_id', 'is_key']).executeTakeFirstOrThrow();
    expect(stored).toEqual({ stage: 'live', updated_at: '2026-03-03T00:00:00.000Z', run_id: 'r3', is_key: true });
  });
});
