/**
 * Feeds that do not answer, answer with errors, answer with an HTML page, or answer slowly, beside
 * agencies that answer well: the faulted sources fail with a reason and load nothing, the others
 * load fully and on time, and once the faults are cleared the next run converges to a clean load.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '@hamgam/pipelines';
import { type Bench, countOf, expectConverged, expectLoadedLikeReference, expectReconciled, openBench, query, resultOf, RUN_OPTIONS, TABLE_OF } from './fault-bench.js';

let bench: Bench;
let results: RunResult[];
const finishedAt = new Map<string, number>();

beforeAll(async () => {
  bench = await openBench({ ncr: 'json', sso: 'csv', dpr: 'arrow', inta: 'csv', mfa: 'arrow', moe: 'json' });
  bench.sim.setFault('ncr', { kind: 'timeout', dataset: 'service-metrics' });
  bench.sim.setFault('sso', { kind: 'http-5xx', status: 503 });
  bench.sim.setFault('dpr', { kind: 'html-200' });
  bench.sim.setFault('inta', { kind: 'slow-body', seconds: 1, chunks: 4 }); // slower than usual, within the timeout
  bench.sim.setFault('mfa', { kind: 'http-5xx', status: 502, times: 1 }); // one failure: the retry succeeds
  const started = Date.now();
  results = await bench.run({ ...RUN_OPTIONS, onResult: (r) => finishedAt.set(r.sourceId, Date.now() - started) });
});

afterAll(async () => {
  await bench?.close();
});

describe('transport faults: timeout, 5xx, HTML with 200, slow body', () => {
  it('finishes every source without crashing, and every run reconciles', async () => {
    expect(results).toHaveLength(bench.sources.length);
    await expectReconciled(bench.wh, results);
  });

  it('fails the feed that never answers, with a timeout reason, and loads none of it', async () => {
    const run = resultOf(results, 'ncr', 'service-metrics');
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/time|abort/i);
    expect(await countOf(bench.wh, 'service_daily', 'ncr')).toBe(0);
    await expectLoadedLikeReference(bench, 'ncr', ['services', 'exchange', 'integration-events']);
  });

  it('fails every source of the agency answering 503, naming the status, and loads none of it', async () => {
    for (const dataset of ['services', 'service-metrics', 'exchange', 'integration-events'] as const) {
      const run = resultOf(results, 'sso', dataset);
      expect(run.status, dataset).toBe('failed');
      expect(run.error, dataset).toMatch(/503/);
      expect(await countOf(bench.wh, TABLE_OF[dataset], 'sso'), dataset).toBe(0);
    }
  });

  it('does not take an HTML error page served with 200 for data', async () => {
    for (const dataset of ['services', 'service-metrics', 'integration-events'] as const) {
      const run = resultOf(results, 'dpr', dataset);
      expect(run.status, dataset).toBe('failed');
      expect(run.error, dataset).toBeTruthy();
      expect(await countOf(bench.wh, TABLE_OF[dataset], 'dpr'), dataset).toBe(0);
    }
    const [rejects] = await query<{ n: number }>(bench.wh, `select count(*)::int as n from rejected_row where source_id like 'dpr:%'`);
    expect(rejects.n).toBe(0); // not quarantined as rows either: the page is not a feed page
  });

  it('loads the slow feed fully, and the feed that failed once after its retry', async () => {
    await expectLoadedLikeReference(bench, 'inta');
    await expectLoadedLikeReference(bench, 'mfa');
    expect(results.filter((r) => r.sourceId.startsWith('mfa:')).every((r) => r.status === 'succeeded')).toBe(true);
  });

  it('loads the agencies with healthy feeds fully, before the dead feed has even timed out', async () => {
    await expectLoadedLikeReference(bench, 'moe');
    const deadFeedDone = finishedAt.get('ncr:service-metrics')!;
    for (const agencyId of ['moe', 'mfa']) {
      const last = Math.max(...results.filter((r) => r.sourceId.startsWith(`${agencyId}:`)).map((r) => finishedAt.get(r.sourceId)!));
      expect(last, agencyId).toBeLessThan(deadFeedDone);
    }
  });

  it('converges to a clean load once the faults are cleared', async () => {
    bench.sim.clearFaults();
    const rerun = await bench.run();
    expect(rerun.filter((r) => r.status !== 'succeeded').map((r) => `${r.sourceId}: ${r.error}`)).toEqual([]);
    await expectReconciled(bench.wh, rerun);
    await expectConverged(bench);
  });
});
