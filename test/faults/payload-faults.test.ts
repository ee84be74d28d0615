/**
 * Bodies that are cut short or far too large: a truncated JSON page, an Arrow stream cut inside a
 * message, an Arrow stream cut cleanly between record batches (which a careless reader takes for a
 * complete, shorter page), a JSON page padded to 50 MB and a CSV page of 5 MB of repeated rows.
 * Nothing of a cut page may be loaded; a huge but valid page loads like a normal one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '@hamgam/pipelines';
import { type Bench, countOf, expectConverged, expectLoadedLikeReference, expectReconciled, openBench, resultOf, RUN_OPTIONS } from './fault-bench.js';

const PAYLOAD_RUN = { ...RUN_OPTIONS, timeoutMs: 15_000 };
let bench: Bench;
let results: RunResult[];

beforeAll(async () => {
  bench = await openBench({ ncr: 'json', dpr: 'arrow', inta: 'arrow', sso: 'json', mfa: 'csv', moe: 'arrow' });
  bench.sim.setFault('ncr', { kind: 'truncated-json', dataset: 'service-metrics' });
  bench.sim.setFault('dpr', { kind: 'truncated-arrow', dataset: 'service-metrics' });
  bench.sim.setFault('inta', { kind: 'truncated-arrow', at: 'message-boundary', dataset: 'service-metrics' });
  bench.sim.setFault('sso', { kind: 'huge-body', megabytes: 50, dataset: 'service-metrics' });
  bench.sim.setFault('mfa', { kind: 'huge-body', megabytes: 5, dataset: 'service-metrics' });
  // No feed here hangs; a generous per-request timeout keeps a 50 MB body on two busy cores from failing for time.
  results = await bench.run(PAYLOAD_RUN);
});

afterAll(async () => {
  await bench?.close();
});

describe('payload faults: truncated JSON and Arrow, huge bodies', () => {
  it('finishes every source without crashing, and every run reconciles', async () => {
    expect(results).toHaveLength(bench.sources.length);
    await expectReconciled(bench.wh, results);
  });

  it('fails a truncated JSON page and loads none of it', async () => {
    const run = resultOf(results, 'ncr', 'service-metrics');
    expect(run.status).toBe('failed');
    expect(run.error).toBeTruthy();
    expect(await countOf(bench.wh, 'service_daily', 'ncr')).toBe(0);
    await expectLoadedLikeReference(bench, 'ncr', ['services', 'exchange', 'integration-events']);
  });

  it('fails an Arrow stream cut inside a message and loads none of it', async () => {
    const run = resultOf(results, 'dpr', 'service-metrics');
    expect(run.status).toBe('failed');
    expect(await countOf(bench.wh, 'service_daily', 'dpr')).toBe(0);
    await expectLoadedLikeReference(bench, 'dpr', ['services', 'exchange', 'integration-events']);
  });

  it('fails an Arrow stream cut cleanly between batches (no end-of-stream marker) rather than loading the part', async () => {
    expect(bench.sim.world.feed('inta')!['service-metrics'].length).toBeGreaterThan(256); // more than one batch, so a part exists
    const run = resultOf(results, 'inta', 'service-metrics');
    expect({ status: run.status, loaded: await countOf(bench.wh, 'service_daily', 'inta') }).toEqual({ status: 'failed', loaded: 0 });
    await expectLoadedLikeReference(bench, 'inta', ['services', 'exchange', 'integration-events']);
  });

  it('loads a valid page padded to 50 MB like a normal one', async () => {
    const run = resultOf(results, 'sso', 'service-metrics');
    expect({ status: run.status, rejected: run.rejected, error: run.error }).toEqual({ status: 'succeeded', rejected: 0, error: null });
    await expectLoadedLikeReference(bench, 'sso');
  });

  it('loads a 5 MB CSV page of repeated rows once, counting the repeats as duplicates', async () => {
    const run = resultOf(results, 'mfa', 'service-metrics');
    expect(run).toMatchObject({ status: 'succeeded', rejected: 0 });
    expect(run.duplicate).toBeGreaterThan(run.loaded);
    await expectLoadedLikeReference(bench, 'mfa');
  });

  it('loads the agency without faults fully', async () => {
    await expectLoadedLikeReference(bench, 'moe');
  });

  it('converges to a clean load once the faults are cleared', async () => {
    bench.sim.clearFaults();
    const rerun = await bench.run(PAYLOAD_RUN);
    expect(rerun.filter((r) => r.status !== 'succeeded').map((r) => `${r.sourceId}: ${r.error}`)).toEqual([]);
    await expectReconciled(bench.wh, rerun);
    await expectConverged(bench);
  });
});
