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
import { getFactTableLayout, listWeekTotals, openWarehouse } from '@hamgam/warehouse';
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
    } finally {
      await wh.close();
    }
  }, 120_000);
});
