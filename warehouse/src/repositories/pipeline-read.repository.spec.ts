/**
 * Medium tests: the pipeline read queries on a real, migrated DuckDB. Their SQL is kept for review
 * in warehouse/sql/pipeline-read.sql (beside repositories.sql, which another change owns); rewrite
 * it with `npx vitest run warehouse -u`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Warehouse } from '../connection.js';
import { openWarehouse } from '../connection.js';
import { migrateToLatest } from '../migrate.js';
import { upsertAgencies } from './agency.repository.js';
import { upsertServiceDaily } from './ingest.repository.js';
import { finishPipelineRun, insertRejectedRows, startPipelineRun } from './pipeline.repository.js';
import { listAgencyLastDataDays, listDailyReporting, queryPipelineRuns, queryRejectedRows } from './pipeline-read.repository.js';

const agency = (id: string) => ({ agency_id: id, name_fa: `دستگاه ${id}`, name_en: `Agency ${id}`, kind: 'ministry', sector: 's', parent_id: null, deadline: null });
const run = (runId: string, agencyId: string, dataset: string, startedAt: string) => ({
  run_id: runId, source_id: `${agencyId}:${dataset}`, agency_id: agencyId, dataset, started_at: startedAt, finished_at: null,
  status: 'running', received: 0, loaded: 0, rejected: 0, duplicate: 0, watermark_before: null, watermark_after: null, error: null,
});
const metric = (date: string, agencyId: string) => ({
  date, service_id: `${agencyId}-s`, agency_id: agencyId, requests: 0, completed: 0, failed: 0, availability_pct: 100, latency_p50_ms: 1,
  latency_p95_ms: 2, satisfaction_sum: 0, satisfaction_count: 0, docs_asked: 0, docs_fetched: 0, run_id: 'r1',
});

describe('pipeline read repository', () => {
  let warehouse: Warehouse;
  let recorded: string[];
  beforeEach(async () => {
    recorded = [];
    warehouse = await openWarehouse({ path: ':memory:', log: (e) => void (e.level === 'query' && recorded.push(e.query.sql)) });
    await migrateToLatest(warehouse.db);
    await upsertAgencies(warehouse.db, [agency('a'), agency('b'), agency('c')]);
    await startPipelineRun(warehouse.db, run('r1', 'a', 'service-metrics', '2026-03-21T02:00:00Z'));
    await startPipelineRun(warehouse.db, run('r2', 'b', 'services', '2026-03-21T03:00:00Z'));
    await startPipelineRun(warehouse.db, run('r3', 'ghost', 'services', '2026-03-21T04:00:00Z'));
    await finishPipelineRun(warehouse.db, 'r1', { status: 'succeeded', received: 3, loaded: 1, rejected: 2 });
    await finishPipelineRun(warehouse.db, 'r2', { status: 'failed', error: 'HTTP 503' });
    await insertRejectedRows(warehouse.db, [
      { run_id: 'r1', source_id: 'a:service-metrics', dataset: 'service-metrics', row_number: 2, reason: 'requests is negative', raw: '{"requests":-1}', rejected_at: '2026-03-21T02:00:01Z' },
      { run_id: 'r1', source_id: 'a:service-metrics', dataset: 'service-metrics', row_number: 3, reason: 'unknown service', raw: '{}', rejected_at: '2026-03-21T02:00:01Z' },
    ]);
    await upsertServiceDaily(warehouse.db, [metric('2026-03-19', 'a'), metric('2026-03-20', 'a'), metric('2026-03-02', 'b')]);
  });
  afterEach(async () => warehouse.close());

  it('lists runs newest first with agency names, filtered by status, agency, dataset and scope', async () => {
    const all = await queryPipelineRuns(warehouse.db, { limit: 10 });
    expect(all.map((r) => r.run_id)).toEqual(['r3', 'r2', 'r1']);
    expect(all[2]).toMatchObject({ name_en: 'Agency a', status: 'succeeded', received: 3, loaded: 1, rejected: 2 });
    expect(all[0].name_fa).toBeNull(); // agency not in the registry: the run still shows
    expect((await queryPipelineRuns(warehouse.db, { limit: 10, status: 'failed' })).map((r) => [r.run_id, r.error])).toEqual([['r2', 'HTTP 503']]);
    expect((await queryPipelineRuns(warehouse.db, { limit: 10, agencyId: 'a' })).map((r) => r.run_id)).toEqual(['r1']);
    expect((await queryPipelineRuns(warehouse.db, { limit: 10, dataset: 'services' })).map((r) => r.run_id)).toEqual(['r3', 'r2']);
    expect((await queryPipelineRuns(warehouse.db, { limit: 10, agencyIds: ['a', 'b'] })).map((r) => r.run_id)).toEqual(['r2', 'r1']);
    expect(await queryPipelineRuns(warehouse.db, { limit: 10, agencyIds: [] })).toEqual([]);
    expect(await queryPipelineRuns(warehouse.db, { limit: 1 })).toHaveLength(1);
  });

  it('lists rejected rows with their reason, raw text, run and agency', async () => {
    const rows = await queryRejectedRows(warehouse.db, { limit: 10, runId: 'r1' });
    expect(rows.map((r) => [r.row_number, r.reason, r.raw, r.agency_id, r.name_en])).toEqual([
      [3, 'unknown service', '{}', 'a', 'Agency a'],
      [2, 'requests is negative', '{"requests":-1}', 'a', 'Agency a'],
    ]);
    expect(await queryRejectedRows(warehouse.db, { limit: 10, agencyId: 'b' })).toEqual([]);
    expect(await queryRejectedRows(warehouse.db, { limit: 10, agencyIds: ['b'] })).toEqual([]);
    expect(await queryRejectedRows(warehouse.db, { limit: 10, dataset: 'service-metrics', agencyId: 'a' })).toHaveLength(2);
  });

  it("gives every agency its last data day, null when it never reported", async () => {
    expect(await listAgencyLastDataDays(warehouse.db)).toEqual([
      { agency_id: 'a', name_fa: 'دستگاه a', name_en: 'Agency a', last_data_day: '2026-03-20' },
      { agency_id: 'b', name_fa: 'دستگاه b', name_en: 'Agency b', last_data_day: '2026-03-02' },
      { agency_id: 'c', name_fa: 'دستگاه c', name_en: 'Agency c', last_data_day: null },
    ]);
    expect((await listAgencyLastDataDays(warehouse.db, ['c'])).map((r) => r.agency_id)).toEqual(['c']);
  });

  it('counts agencies and rows per day in a range', async () => {
    expect(await listDailyReporting(warehouse.db, { from: '2026-03-02', to: '2026-03-19' })).toEqual([
      { date: '2026-03-02', agencies: 1, rows: 1 },
      { date: '2026-03-19', agencies: 1, rows: 1 },
    ]);
    expect(await listDailyReporting(warehouse.db, { from: '2026-03-01', to: '2026-03-31', agencyIds: ['b'] })).toEqual([{ date: '2026-03-02', agencies: 1, rows: 1 }]);
  });

  it('keeps its SQL in warehouse/sql/pipeline-read.sql', async () => {
    const sections: string[] = [];
    for (const [name, call] of [
      ['queryPipelineRuns', () => queryPipelineRuns(warehouse.db, { limit: 10, status: 'failed', agencyId: 'a', agencyIds: ['a'], dataset: 'services' })],
      ['queryRejectedRows', () => queryRejectedRows(warehouse.db, { limit: 10, runId: 'r1', agencyId: 'a', agencyIds: ['a'], dataset: 'services' })],
      ['listAgencyLastDataDays', () => listAgencyLastDataDays(warehouse.db, ['a'])],
      ['listDailyReporting', () => listDailyReporting(warehouse.db, { from: '2026-03-01', to: '2026-03-31', agencyIds: ['a'] })],
    ] as const) {
      recorded = [];
      await call();
      sections.push(`-- ${name}\n${recorded.map((q) => `${q};`).join('\n\n')}`);
    }
    await expect(`${sections.join('\n\n')}\n`).toMatchFileSnapshot('../../sql/pipeline-read.sql');
  });
});
