/**
 * The national generator end to end at a tiny scale: through the real pipelines into a real DuckDB
 * file, then the maintenance step a backfill needs (the facts in (day, agency) order), then the
 * snapshots. A large test: the feed, the SourceRunner and the warehouse are all real.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAgencyRegistry } from '@hamgam/pipelines';
import { sql } from 'kysely';
import * as repos from '@hamgam/warehouse';
import { getFactTableLayout, listWeekTotals, openWarehouse } from '@hamgam/warehouse';
import { aggregateQueries } from './national/aggregate-sql.mjs';
import { generateNational } from './national/generate-national.mjs';
import { TINY_SCALE, nationalWorld, worldTotals } from './national/national-world.mjs';

const dir = mkdtempSync(join(tmpdir(), 'hamgam-national-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('generate-national', () => {
  it('loads every row through the pipelines, leaves the facts in (day, agency) order and closes every week', async () => {
    const out = join(dir, 'tiny.duckdb');
    const meta = await generateNational({ out, seed: 5, scale: TINY_SCALE, log: () => undefined });
    const totals = worldTotals(nationalWorld({ seed: 5, registry: loadAgencyRegistry(), scale: TINY_SCALE }));
    expect(meta.loaded).toBe(totals.serviceDaily + totals.exchangeDaily + totals.integrationEvents + totals.services);
    expect(meta.seconds.cluster).toBeGreaterThanOrEqual(0);
    expect(JSON.parse(readFileSync(`${out}.meta.json`, 'utf8')).seconds).toHaveProperty('cluster');
    const wh = await openWarehouse({ path: out });
    try {
      expect((await getFactTableLayout(wh.db)).map((l) => [l.table, l.rows, l.orderBreaks])).toEqual([
        ['service_daily', totals.serviceDaily, 0],
        ['exchange_daily', totals.exchangeDaily, 0],
      ]);
      const weeks = await listWeekTotals(wh.db);
      expect(weeks).toHaveLength(TINY_SCALE.weeks);
      expect(weeks.every((w) => w.agencies === TINY_SCALE.agencies)).toBe(true);

      // Benchmark 4 gives PostgreSQL its own text of each repository query: run here on the same
      // warehouse, that text must give the repositories' rows, or the comparison is of other work.
      const agencyId = (await repos.listAgencies(wh.db))[1].agency_id;
      const week = { weekStart: '2026-11-21', weekEnd: TINY_SCALE.endDay };
      const byId = Object.fromEntries(aggregateQueries({ ...week, agencyId }).map((q) => [q.id, q]));
      const pg = async (id: string, i = 0) => (await sql.raw<Record<string, unknown>>(byId[id].pg[i]).execute(wh.db)).rows;
      const facts = await repos.getAgencyWeekFacts(wh.db, week);
      expect((await pg('scoreboard')).map((r) => [r.agency_id, r.metric_days, r.requests, r.services_live, r.key_live, r.exchange_calls_served])).toEqual(
        facts.map((f) => [f.agencyId, f.metricDays, f.requests, f.servicesLive, f.keyLive, f.exchangeCallsServed]),
      );
      expect(facts.some((f) => f.metricDays > 0 && f.exchangeCallsServed > 0)).toBe(true);
      expect(await pg('trend-snapshots')).toEqual(weeks);
      const [one] = await repos.getAgencyWeekFacts(wh.db, week, agencyId);
      expect((await pg('breakdown', 0)).map((r) => [r.agency_id, r.metric_days, r.requests, r.services_live, r.exchange_calls_served])).toEqual([[one.agencyId, one.metricDays, one.requests, one.servicesLive, one.exchangeCallsServed]]);
      expect(await pg('breakdown', 1)).toEqual(await repos.listAgencyServicesAsOf(wh.db, agencyId, week.weekEnd));
      const days = await repos.listAgencyServiceDays(wh.db, agencyId, week.weekStart, week.weekEnd);
      const served = await repos.listAgencyExchangeServed(wh.db, agencyId, week.weekStart, week.weekEnd);
      expect(days.length * served.length).toBeGreaterThan(0);
      expect(await pg('breakdown', 2)).toEqual(days);
      expect(await pg('breakdown', 3)).toEqual(served);
    } finally {
      await wh.close();
    }
  }, 120_000);
});
