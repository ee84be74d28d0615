/** Medium tests: exchange and once-only aggregates on a real DuckDB, against hand-computed cases. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../connection.js';
import { openMigratedWarehouse } from '../testing.js';
import { upsertAgencies } from './agency.repository.js';
import {
  listConsumedServices,
  listExchangeEdges,
  listOnceOnlyByService,
  listOnceOnlyByWeek,
  listProvidedServices,
} from './exchange.repository.js';
import { upsertExchangeDaily, upsertServiceDaily, upsertServices } from './ingest.repository.js';

let wh: Warehouse;

const edge = (date: string, provider: string, consumer: string, dataService: string, calls: number, failures: number, p95: number) => ({
  date, provider_agency_id: provider, consumer_agency_id: consumer, data_service: dataService, calls, failures,
  latency_p50_ms: p95 / 2, latency_p95_ms: p95, run_id: 'r',
});

const metric = (date: string, serviceId: string, agencyId: string, asked: number, fetched: number) => ({
  date, service_id: serviceId, agency_id: agencyId, requests: 10, completed: 10, failed: 0, availability_pct: 100,
  latency_p50_ms: 1, latency_p95_ms: 2, satisfaction_sum: 5, satisfaction_count: 1, docs_asked: asked, docs_fetched: fetched, run_id: 'r',
});

const RANGE = { from: '2026-11-14', to: '2026-11-27' }; // two Iranian weeks: ending 20 and 27 Nov

beforeAll(async () => {
  wh = await openMigratedWarehouse();
  await upsertAgencies(
    wh.db,
    ['ncr', 'sso', 'inta'].map((id) => ({ agency_id: id, name_fa: id, name_en: id, kind: 'organization', sector: 's', parent_id: null, deadline: null })),
  );
  await upsertServices(wh.db, [
    { service_id: 'sso-pension', agency_id: 'sso', name_fa: 'مستمری', name_en: 'Pension', is_key: true, stage: 'live', uses_national_sso: true, uses_exchange: true, updated_at: '2026-11-01T00:00:00Z', run_id: 'r' },
    { service_id: 'inta-tax', agency_id: 'inta', name_fa: 'مالیات', name_en: 'Tax', is_key: true, stage: 'live', uses_national_sso: true, uses_exchange: false, updated_at: '2026-11-01T00:00:00Z', run_id: 'r' },
  ]);
  await upsertExchangeDaily(wh.db, [
    edge('2026-11-15', 'ncr', 'sso', 'identity', 100, 10, 400),
    edge('2026-11-22', 'ncr', 'sso', 'identity', 300, 0, 200),
    edge('2026-11-22', 'ncr', 'sso', 'address', 100, 5, 600),
    edge('2026-11-22', 'ncr', 'inta', 'identity', 50, 50, 1000),
    edge('2026-11-22', 'inta', 'sso', 'income', 20, 0, 300),
    edge('2026-11-01', 'ncr', 'inta', 'identity', 9999, 0, 100), // outside the range
  ]);
  await upsertServiceDaily(wh.db, [
    metric('2026-11-14', 'sso-pension', 'sso', 8, 2), // Saturday: week ending 20 Nov
    metric('2026-11-20', 'sso-pension', 'sso', 2, 8), // Friday: same week
    metric('2026-11-21', 'sso-pension', 'sso', 0, 10), // Saturday: week ending 27 Nov
    metric('2026-11-21', 'inta-tax', 'inta', 5, 0),
    metric('2026-11-13', 'inta-tax', 'inta', 100, 0), // outside the range
  ]);
});

afterAll(async () => {
  await wh?.close();
});

describe('exchange aggregates', () => {
  it('sums each provider → consumer pair, weighting latency by calls', async () => {
    const edges = await listExchangeEdges(wh.db, RANGE);
    expect(edges).toEqual([
      // 100 + 300 + 100 calls; p95 (400×100 + 200×300 + 600×100) / 500 = 320
      { provider_agency_id: 'ncr', consumer_agency_id: 'sso', calls: 500, failures: 15, data_services: 2, latency_p95_ms: 320 },
      { provider_agency_id: 'ncr', consumer_agency_id: 'inta', calls: 50, failures: 50, data_services: 1, latency_p95_ms: 1000 },
      { provider_agency_id: 'inta', consumer_agency_id: 'sso', calls: 20, failures: 0, data_services: 1, latency_p95_ms: 300 },
    ]);
  });

  it('lists what an agency provides, with its number of consumers', async () => {
    expect(await listProvidedServices(wh.db, 'ncr', RANGE)).toEqual([
      // identity: 100 + 300 to sso, 50 to inta; p50 = p95 / 2 here
      { data_service: 'identity', consumers: 2, calls: 450, failures: 60, latency_p50_ms: (200 * 100 + 100 * 300 + 500 * 50) / 450, latency_p95_ms: (400 * 100 + 200 * 300 + 1000 * 50) / 450 },
      { data_service: 'address', consumers: 1, calls: 100, failures: 5, latency_p50_ms: 300, latency_p95_ms: 600 },
    ]);
    expect(await listProvidedServices(wh.db, 'sso', RANGE)).toEqual([]);
  });

  it('lists what an agency consumes from others', async () => {
    expect(await listConsumedServices(wh.db, 'sso', RANGE)).toEqual([
      { provider_agency_id: 'ncr', data_service: 'identity', calls: 400, failures: 10 },
      { provider_agency_id: 'ncr', data_service: 'address', calls: 100, failures: 5 },
      { provider_agency_id: 'inta', data_service: 'income', calls: 20, failures: 0 },
    ]);
  });
});

describe('once-only aggregates', () => {
  it('groups documents asked and fetched by Iranian week (Saturday to Friday)', async () => {
    expect(await listOnceOnlyByWeek(wh.db, RANGE)).toEqual([
      { week_end: '2026-11-20', docs_asked: 10, docs_fetched: 10 },
      { week_end: '2026-11-27', docs_asked: 5, docs_fetched: 10 },
    ]);
    expect(await listOnceOnlyByWeek(wh.db, RANGE, 'inta')).toEqual([{ week_end: '2026-11-27', docs_asked: 5, docs_fetched: 0 }]);
  });

  it('ranks services by documents still asked of citizens', async () => {
    expect(await listOnceOnlyByService(wh.db, RANGE)).toEqual([
      { agency_id: 'sso', service_id: 'sso-pension', name_fa: 'مستمری', name_en: 'Pension', docs_asked: 10, docs_fetched: 20 },
      { agency_id: 'inta', service_id: 'inta-tax', name_fa: 'مالیات', name_en: 'Tax', docs_asked: 5, docs_fetched: 0 },
    ]);
  });
});
