/** Medium tests: pipeline bookkeeping on a real, migrated DuckDB. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Warehouse } from '../connection.js';
import { openMigratedWarehouse } from '../testing.js';
import {
  finishPipelineRun,
  getSourceState,
  insertRejectedRows,
  listPipelineRuns,
  listRejectedRows,
  listSourceStates,
  startPipelineRun,
  upsertSourceState,
} from './pipeline.repository.js';

const run = (runId: string, startedAt: string) => ({
  run_id: runId, source_id: 'health:service-metrics', agency_id: 'health', dataset: 'service-metrics', started_at: startedAt,
  finished_at: null, status: 'running', received: 0, loaded: 0, rejected: 0, duplicate: 0, watermark_before: '2026-03-20',
  watermark_after: null, error: null,
});

const state = (sourceId: string, watermark: string | null) => ({
  source_id: sourceId, agency_id: sourceId.split(':')[0], dataset: sourceId.split(':')[1], base_url: 'http://127.0.0.1:9000/health',
  format: 'json', token: 'secret', schedule: '0 2 * * *', enabled: true, watermark, last_run_id: null, last_success_at: null,
  last_error: null,
});

describe('pipeline repository', () => {
  let warehouse: Warehouse;
  beforeEach(async () => (warehouse = await openMigratedWarehouse()));
  afterEach(async () => warehouse.close());

  it('starts and finishes a run, and lists runs newest first', async () => {
    await startPipelineRun(warehouse.db, run('r1', '2026-03-21T02:00:00.000Z'));
    await startPipelineRun(warehouse.db, run('r2', '2026-03-22T02:00:00.000Z'));
    await finishPipelineRun(warehouse.db, 'r1', {
      finished_at: new Date('2026-03-21T02:00:05Z'), status: 'succeeded', received: 10, loaded: 7, rejected: 2, duplicate: 1,
      watermark_after: '2026-03-21',
    });
    const runs = await listPipelineRuns(warehouse.db, { limit: 10 });
    expect(runs.map((r) => [r.run_id, r.status])).toEqual([['r2', 'running'], ['r1', 'succeeded']]);
    expect(runs[1]).toEqual({
      ...run('r1', '2026-03-21T02:00:00.000Z'), finished_at: '2026-03-21T02:00:05.000Z', status: 'succeeded', received: 10,
      loaded: 7, rejected: 2, duplicate: 1, watermark_after: '2026-03-21', format: null, restated: 0, warnings: null,
    });
    expect(await listPipelineRuns(warehouse.db, { limit: 1 })).toHaveLength(1);
    expect(await listPipelineRuns(warehouse.db, { limit: 5, sourceId: 'other:x' })).toEqual([]);
  });

  it('refuses to finish a run that never started', async () => {
    await expect(finishPipelineRun(warehouse.db, 'ghost', { status: 'failed' })).rejects.toThrow(/no pipeline run ghost/);
  });

  it('quarantines rejected rows with increasing ids', async () => {
    const reject = (n: number) => ({
      run_id: 'r1', source_id: 'health:service-metrics', dataset: 'service-metrics', row_number: n, reason: 'requests < completed',
      raw: `{"row":${n}}`, rejected_at: '2026-03-21T02:00:01Z',
    });
    expect(await insertRejectedRows(warehouse.db, [reject(3), reject(9)])).toBe(2);
    expect(await insertRejectedRows(warehouse.db, [])).toBe(0);
    const rows = await listRejectedRows(warehouse.db, { runId: 'r1', limit: 10 });
    expect(rows.map((r) => [r.reject_id, r.row_number, r.raw])).toEqual([[2, 9, '{"row":9}'], [1, 3, '{"row":3}']]);
    expect(rows[0].rejected_at).toBe('2026-03-21T02:00:01.000Z');
  });

  it('upserts, gets and lists source states', async () => {
    expect(await getSourceState(warehouse.db, 'health:service-metrics')).toBeUndefined();
    await upsertSourceState(warehouse.db, state('health:service-metrics', null));
    await upsertSourceState(warehouse.db, state('bank:exchange', '2026-03-01'));
    await upsertSourceState(warehouse.db, {
      ...state('health:service-metrics', '2026-03-21'), last_run_id: 'r1', last_success_at: new Date('2026-03-21T02:00:05Z'),
    });
    expect(await getSourceState(warehouse.db, 'health:service-metrics')).toEqual({
      ...state('health:service-metrics', '2026-03-21'), last_run_id: 'r1', last_success_at: '2026-03-21T02:00:05.000Z',
      consecutive_failures: 0, breaker_state: 'closed', breaker_opened_at: null,
    });
    expect((await listSourceStates(warehouse.db)).map((s) => [s.source_id, s.watermark])).toEqual([
      ['bank:exchange', '2026-03-01'],
      ['health:service-metrics', '2026-03-21'],
    ]);
  });
});
