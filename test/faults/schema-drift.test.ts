/**
 * Schema drift, per the contract: a column the contract does not define is ignored; a contract
 * column that disappears loads nothing of that source and says which column; a column whose type
 * changes (requests as "12.5k", calls likewise, occurredAt as epoch numbers) is judged row by row:
 * values still readable load, the rest are quarantined naming the field. After the agency fixes
 * its feed, a backfill converges to a clean load.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '@hamgam/pipelines';
import { BACKFILL_OPTIONS, type Bench, countOf, expectConverged, expectLoadedLikeReference, expectReconciled, openBench, query, rejectsOf, resultOf } from './fault-bench.js';

let bench: Bench;
let results: RunResult[];

beforeAll(async () => {
  bench = await openBench({ ncr: 'json', sso: 'csv', dpr: 'arrow', inta: 'csv', mfa: 'arrow', moe: 'json' });
  bench.sim.setFault('ncr', { kind: 'schema-drift', change: 'remove-column', dataset: 'service-metrics' }); // docsFetched
  bench.sim.setFault('sso', { kind: 'schema-drift', change: 'add-column' }); // remarks, in the middle
  bench.sim.setFault('dpr', { kind: 'schema-drift', change: 'change-type', dataset: 'service-metrics' }); // requests
  bench.sim.setFault('inta', { kind: 'schema-drift', change: 'change-type', dataset: 'exchange' }); // calls
  bench.sim.setFault('mfa', { kind: 'schema-drift', change: 'change-type', dataset: 'integration-events' }); // occurredAt
  results = await bench.run();
});

afterAll(async () => {
  await bench?.close();
});

/** Rows of a dataset whose count field stays readable once written compactly ("850" yes, "12.5k" no). */
function splitByCompact(agencyId: string, dataset: 'service-metrics' | 'exchange', field: string) {
  const rows = bench.sim.world.feed(agencyId)![dataset] as unknown as Record<string, number>[];
  const readable = rows.filter((r) => r[field] < 1000);
  return { readable, unreadable: rows.length - readable.length, sum: readable.reduce((n, r) => n + r[field], 0) };
}

describe('schema drift', () => {
  it('finishes every source without crashing, and every run reconciles', async () => {
    expect(results).toHaveLength(bench.sources.length);
    await expectReconciled(bench.wh, results);
  });

  it('ignores a column the contract does not define, in CSV, and loads everything', async () => {
    await expectLoadedLikeReference(bench, 'sso');
  });

  it('loads nothing of a source that dropped a contract column, and names the column', async () => {
    const run = resultOf(results, 'ncr', 'service-metrics');
    expect(await countOf(bench.wh, 'service_daily', 'ncr')).toBe(0);
    const rejects = await rejectsOf(bench.wh, run.runId);
    // Failing the run and quarantining every row are both faithful; either must say which column.
    if (run.status === 'failed') expect(run.error).toMatch(/docsFetched/);
    else {
      expect(rejects).toHaveLength(bench.sim.world.feed('ncr')!['service-metrics'].length);
      for (const r of rejects) expect(r.reason).toMatch(/docsFetched/);
    }
    await expectLoadedLikeReference(bench, 'ncr', ['services', 'exchange', 'integration-events']);
  });

  it('judges an Arrow column that turned to text row by row: "850" loads, "12.5k" is quarantined naming requests', async () => {
    const { readable, unreadable, sum } = splitByCompact('dpr', 'service-metrics', 'requests');
    expect(readable.length > 0 && unreadable > 0, 'the window holds both kinds of rows').toBe(true);
    const run = resultOf(results, 'dpr', 'service-metrics');
    expect(run).toMatchObject({ status: 'succeeded', loaded: readable.length, rejected: unreadable });
    const [loaded] = await query<{ n: number; s: number }>(bench.wh, `select count(*)::int as n, sum(requests)::int as s from service_daily where agency_id = 'dpr'`);
    expect(loaded).toEqual({ n: readable.length, s: sum });
    for (const r of await rejectsOf(bench.wh, run.runId)) {
      expect(r.reason).toMatch(/requests/);
      expect(r.raw).toMatch(/\d\.\dk/);
    }
    await expectLoadedLikeReference(bench, 'dpr', ['services', 'exchange', 'integration-events']);
  });

  it('judges a CSV count written as "12.5k" row by row', async () => {
    const { readable, unreadable, sum } = splitByCompact('inta', 'exchange', 'calls');
    expect(readable.length > 0 && unreadable > 0, 'the window holds both kinds of rows').toBe(true);
    const run = resultOf(results, 'inta', 'exchange');
    expect(run).toMatchObject({ status: 'succeeded', loaded: readable.length, rejected: unreadable });
    const [loaded] = await query<{ n: number; s: number }>(bench.wh, `select count(*)::int as n, sum(calls)::int as s from exchange_daily where provider_agency_id = 'inta'`);
    expect(loaded).toEqual({ n: readable.length, s: sum });
    for (const r of await rejectsOf(bench.wh, run.runId)) expect(r.reason).toMatch(/calls/);
  });

  it('quarantines events whose time turned into a number, naming occurredAt', async () => {
    const run = resultOf(results, 'mfa', 'integration-events');
    const served = bench.sim.world.feed('mfa')!['integration-events'].length;
    expect(await countOf(bench.wh, 'integration_event', 'mfa')).toBe(0);
    if (run.status === 'failed') expect(run.error).toMatch(/occurredAt/);
    else {
      expect(run.rejected).toBe(served);
      for (const r of await rejectsOf(bench.wh, run.runId)) expect(r.reason).toMatch(/occurredAt/);
    }
    await expectLoadedLikeReference(bench, 'mfa', ['services', 'service-metrics', 'exchange']);
  });

  it('loads the agency without faults fully', async () => {
    await expectLoadedLikeReference(bench, 'moe');
  });

  it('converges to a clean load once the agencies fix their feeds and the history is pulled again', async () => {
    bench.sim.clearFaults();
    const rerun = await bench.run(BACKFILL_OPTIONS);
    expect(rerun.filter((r) => r.status !== 'succeeded').map((r) => `${r.sourceId}: ${r.error}`)).toEqual([]);
    await expectReconciled(bench.wh, rerun);
    await expectConverged(bench);
  });
});
