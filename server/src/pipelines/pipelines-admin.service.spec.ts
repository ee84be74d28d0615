/** Small tests: the service's rules with the warehouse repositories mocked. */
import { BadRequestException } from '@nestjs/common';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SourceConfig } from '@hamgam/pipelines';
import * as wh from '@hamgam/warehouse';
import { PipelinesAdminService, freshnessOf } from './pipelines-admin.service.js';

vi.mock('@hamgam/warehouse', () => ({
  queryPipelineRuns: vi.fn(async () => []),
  queryRejectedRows: vi.fn(async () => []),
  listSourceStates: vi.fn(async () => []),
  listAgencyLastDataDays: vi.fn(async () => []),
  listDailyReporting: vi.fn(async () => [{ date: '2026-03-20', agencies: 1, rows: 4 }]),
}));

const warehouse = { db: {} } as unknown as wh.Warehouse;
const configured = (agencyId: string, dataset: SourceConfig['dataset']): SourceConfig => ({
  sourceId: `${agencyId}:${dataset}`, agencyId, dataset, baseUrl: 'http://x', format: 'json', token: 'secret', schedule: '0 * * * * *', enabled: true,
});

describe('PipelinesAdminService', () => {
  let service: PipelinesAdminService;
  beforeEach(() => {
    vi.clearAllMocks();
    service = new PipelinesAdminService(warehouse, [configured('a', 'services'), configured('b', 'services')]);
  });

  it('calls an agency fresh up to 2 days behind, late up to 7, silent after 7 or with no data', () => {
    expect([0, 1, 2, 3, 7, 8, null].map(freshnessOf)).toEqual(['fresh', 'fresh', 'fresh', 'late', 'late', 'silent', 'silent']);
  });

  it('refuses bad parameters with a 400 that names the parameter', async () => {
    for (const [query, word] of [
      [{ limit: '0' }, 'limit'], [{ limit: '1001' }, 'limit'], [{ limit: '2.5' }, 'limit'], [{ limit: 'ten' }, 'limit'],
      [{ status: 'done' }, 'status'], [{ dataset: 'payroll' }, 'dataset'], [{ agency: "x' or 1=1" }, 'agency'],
    ] as const) {
      const err = await service.runs(query).catch((e: unknown) => e);
      expect(err, JSON.stringify(query)).toBeInstanceOf(BadRequestException);
      expect((err as Error).message).toContain(word);
    }
    expect(await service.rejects({ runId: '../x' }).catch((e: unknown) => e)).toBeInstanceOf(BadRequestException);
    expect(wh.queryPipelineRuns).not.toHaveBeenCalled();
  });

  it('passes filters, defaults and the scope to the repository, and maps duration', async () => {
    vi.mocked(wh.queryPipelineRuns).mockResolvedValueOnce([
      { run_id: 'r', source_id: 'a:services', agency_id: 'a', name_fa: 'ا', name_en: 'A', dataset: 'services', started_at: '2026-03-21T02:00:00.000Z', finished_at: '2026-03-21T02:00:01.500Z', status: 'failed', received: 0, loaded: 0, rejected: 0, duplicate: 0, watermark_before: null, watermark_after: null, error: 'HTTP 503' } as unknown as wh.PipelineRunReadRow,
    ]);
    const res = await service.runs({ status: 'failed', agency: 'a' }, { agencyIds: ['a'] });
    expect(wh.queryPipelineRuns).toHaveBeenCalledWith(warehouse.db, { limit: 100, status: 'failed', agencyId: 'a', dataset: undefined, agencyIds: ['a'] });
    expect(res.runs[0]).toMatchObject({ runId: 'r', durationMs: 1500, status: 'failed', error: 'HTTP 503', nameEn: 'A' });
  });

  it('lists configured sources not yet run, never their token, and ranks silent agencies first', async () => {
    vi.mocked(wh.listSourceStates).mockResolvedValueOnce([
      { source_id: 'a:services', agency_id: 'a', dataset: 'services', base_url: 'http://x', format: 'json', token: 'secret', schedule: '0 * * * * *', enabled: true, watermark: '2026-03-20', last_run_id: 'r', last_success_at: null, last_error: 'HTTP 503', consecutive_failures: 3 } as unknown as wh.SourceStateRow,
    ]);
    vi.mocked(wh.listAgencyLastDataDays).mockResolvedValueOnce([
      { agency_id: 'a', name_fa: 'ا', name_en: 'A', last_data_day: '2026-03-20' },
      { agency_id: 'b', name_fa: 'ب', name_en: 'B', last_data_day: null },
    ]);
    const res = await service.sources(undefined, new Date('2026-03-21T12:00:00Z'));
    expect(JSON.stringify(res)).not.toContain('secret');
    expect(res.today).toBe('2026-03-21');
    expect(res.sources.map((s) => [s.sourceId, s.lastError, s.consecutiveFailures])).toEqual([['a:services', 'HTTP 503', 3], ['b:services', null, null]]);
    expect(res.agencies.map((a) => [a.agencyId, a.daysBehind, a.status, a.silent, a.failingSources])).toEqual([
      ['b', null, 'silent', true, 0],
      ['a', 1, 'fresh', false, 1],
    ]);
    expect(res.agencies[1].lastError).toBe('HTTP 503');
    expect(res.daily).toHaveLength(30);
    expect(res.daily.at(-1)).toEqual({ day: '2026-03-21', agencies: 0, rows: 0 });
    expect(res.daily.at(-2)).toEqual({ day: '2026-03-20', agencies: 1, rows: 4 });
  });
});
