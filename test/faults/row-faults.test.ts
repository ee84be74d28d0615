/**
 * Faults inside the rows: bad values (negative counts, availability 150, future days, unknown
 * services, another agency's services), duplicates within and across pages, Persian and
 * Arabic-Indic digits with stray whitespace, a CSV with BOM and CRLF, bytes that are not UTF-8.
 * Valid rows load, bad ones are quarantined with the rule they broke, normalisable ones load as if
 * clean, and after the agencies fix their feeds a backfill converges to a clean load.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '@hamgam/pipelines';
import { BACKFILL_OPTIONS, type Bench, countOf, expectConverged, expectLoadedLikeReference, expectReconciled, openBench, query, rejectsOf, resultOf } from './fault-bench.js';

const BAD_EVERY = 7;
const UTF8_EVERY = 5;
/** The defects of bad-rows in service metrics, in the order the simulator applies them (README). */
const METRIC_DEFECT_REASONS = [/requests/, /availabilityPct/, /future/, /serviceId|service/, /serviceId|service/];

let bench: Bench;
let results: RunResult[];

beforeAll(async () => {
  bench = await openBench({ ncr: 'json', sso: 'csv', dpr: 'json', inta: 'csv', mfa: 'csv', moe: 'json' });
  bench.sim.setFault('ncr', { kind: 'bad-rows', every: BAD_EVERY, dataset: 'service-metrics' });
  bench.sim.setFault('sso', { kind: 'duplicate-rows' });
  bench.sim.setFault('dpr', { kind: 'persian-digits' });
  bench.sim.setFault('inta', { kind: 'csv-bom-crlf' });
  bench.sim.setFault('mfa', { kind: 'invalid-utf8', every: UTF8_EVERY, dataset: 'service-metrics' }); // in serviceId
  bench.sim.setFault('moe', { kind: 'invalid-utf8', every: UTF8_EVERY, dataset: 'services' }); // in nameFa
  results = await bench.run();
});

afterAll(async () => {
  await bench?.close();
});

const positionsHit = (count: number, every: number) => Array.from({ length: count }, (_, p) => p).filter((p) => p % every === 0);

describe('row faults', () => {
  it('finishes every source without crashing, and every run reconciles', async () => {
    expect(results).toHaveLength(bench.sources.length);
    expect(results.filter((r) => r.status !== 'succeeded').map((r) => `${r.sourceId}: ${r.error}`)).toEqual([]);
    await expectReconciled(bench.wh, results);
  });

  it('quarantines every bad row with the rule it broke, and loads the valid rows as served', async () => {
    const served = bench.sim.world.feed('ncr')!['service-metrics'];
    const bad = positionsHit(served.length, BAD_EVERY);
    const run = resultOf(results, 'ncr', 'service-metrics');
    expect(run).toMatchObject({ loaded: served.length - bad.length, rejected: bad.length, duplicate: 0 });
    const rejects = await rejectsOf(bench.wh, run.runId);
    expect(rejects.map((r) => Number(r.row_number))).toEqual(bad.map((p) => p + 1));
    rejects.forEach((r, k) => {
      expect(r.reason, `bad row ${k}: ${r.raw}`).toMatch(METRIC_DEFECT_REASONS[k % METRIC_DEFECT_REASONS.length]);
      // The raw text is the row as received: the values no defect touches are in it.
      expect(r.raw).toContain(String(served[bad[k]].latencyP95Ms));
    });
    const good = served.filter((_, p) => p % BAD_EVERY !== 0);
    const [loaded] = await query<{ n: number; s: number }>(bench.wh, `select count(*)::int as n, sum(requests)::int as s from service_daily where agency_id = 'ncr'`);
    expect(loaded).toEqual({ n: good.length, s: good.reduce((n, r) => n + r.requests, 0) });
    await expectLoadedLikeReference(bench, 'ncr', ['services', 'exchange', 'integration-events']);
  });

  it('loads rows repeated within and across pages once, counting the repeats as duplicates', async () => {
    await expectLoadedLikeReference(bench, 'sso');
    const runs = results.filter((r) => r.sourceId.startsWith('sso:'));
    expect(runs.every((r) => r.rejected === 0)).toBe(true);
    expect(resultOf(results, 'sso', 'service-metrics').duplicate).toBeGreaterThan(0);
  });

  it('normalises Persian and Arabic-Indic digits and stray whitespace: loaded exactly as a clean feed', async () => {
    await expectLoadedLikeReference(bench, 'dpr');
    expect(results.filter((r) => r.sourceId.startsWith('dpr:')).map((r) => r.rejected)).toEqual([0, 0, 0, 0]);
  });

  it('reads a CSV with a BOM and CRLF line ends as a clean one', async () => {
    await expectLoadedLikeReference(bench, 'inta');
    expect(results.filter((r) => r.sourceId.startsWith('inta:')).map((r) => r.rejected)).toEqual([0, 0, 0, 0]);
  });

  it('quarantines rows holding bytes that are not UTF-8, as such, and loads the rest', async () => {
    const served = bench.sim.world.feed('mfa')!['service-metrics'];
    const bad = positionsHit(served.length, UTF8_EVERY);
    const run = resultOf(results, 'mfa', 'service-metrics');
    expect(run).toMatchObject({ loaded: served.length - bad.length, rejected: bad.length });
    const rejects = await rejectsOf(bench.wh, run.runId);
    expect(rejects.map((r) => Number(r.row_number))).toEqual(bad.map((p) => p + 1));
    for (const r of rejects) expect(r.reason).toMatch(/utf-?8/i);
  });

  it('never stores a replacement character for a name that was not UTF-8; the service’s facts wait for it', async () => {
    const services = bench.sim.world.feed('moe')!.services;
    const bad = new Set(positionsHit(services.length, UTF8_EVERY).map((p) => services[p].serviceId));
    const run = resultOf(results, 'moe', 'services');
    expect(run).toMatchObject({ loaded: services.length - bad.size, rejected: bad.size });
    for (const r of await rejectsOf(bench.wh, run.runId)) expect(r.reason).toMatch(/utf-?8/i);
    const [garbled] = await query<{ n: number }>(bench.wh, `select count(*)::int as n from service where name_fa like '%\uFFFD%' or name_en like '%\uFFFD%'`);
    expect(garbled.n).toBe(0);
    // Metrics of a service not in the catalogue are quarantined, not loaded against nothing.
    const metrics = bench.sim.world.feed('moe')!['service-metrics'];
    const orphan = metrics.filter((m) => bad.has(m.serviceId)).length;
    expect(await countOf(bench.wh, 'service_daily', 'moe')).toBe(metrics.length - orphan);
    expect(resultOf(results, 'moe', 'service-metrics').rejected).toBe(orphan);
  });

  it('converges to a clean load once the agencies fix their feeds and the history is pulled again', async () => {
    bench.sim.clearFaults();
    const rerun = await bench.run(BACKFILL_OPTIONS);
    expect(rerun.filter((r) => r.status !== 'succeeded').map((r) => `${r.sourceId}: ${r.error}`)).toEqual([]);
    await expectReconciled(bench.wh, rerun);
    await expectConverged(bench);
  });
});
