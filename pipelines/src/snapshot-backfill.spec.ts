/**
 * Snapshots over the whole history: the real simulator (a subset of the registry) over real HTTP
 * into a real DuckDB, every week built, and every stored week recomputed from the facts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iranWeekOf, latestCompleteWeek } from '@hamgam/shared';
import { type Warehouse, getScoreboardWeek, listScoreboardWeeks, migrateToLatest, openWarehouse } from '@hamgam/warehouse';
import { syncRegistry } from './registry.js';
import { runSources } from './run-all.js';
import { backfillWeeklySnapshots, recomputeWeek, weekEndsBetween } from './snapshot-backfill.js';
import { loadAgencyRegistry, startSimulator } from './simulator/index.js';
import { sourcesForFeedServer } from './sources.js';

const TODAY = '2026-11-28'; // a Saturday: the week ending 2026-11-27 is the latest complete one
const now = new Date(`${TODAY}T09:00:00+03:30`);
let wh: Warehouse;
let simulator: Awaited<ReturnType<typeof startSimulator>>;

beforeAll(async () => {
  const agencies = loadAgencyRegistry().filter((a) => ['ncr', 'sso', 'inta', 'mfa', 'tehran', 'doe', 'post', 'cbi'].includes(a.agencyId));
  simulator = await startSimulator({ seed: 7, today: TODAY, agencies });
  wh = await openWarehouse({ path: ':memory:' });
  await migrateToLatest(wh.db);
  await syncRegistry(wh, agencies);
  const runs = await runSources(wh, sourcesForFeedServer(simulator.url, agencies, simulator.tokenFor), { now });
  expect(runs.filter((r) => r.status === 'failed')).toEqual([]);
});

afterAll(async () => {
  await wh?.close();
  await simulator?.close();
});

describe('weekly snapshot backfill', () => {
  it('lists the Fridays of a range, inclusive', () => {
    expect(weekEndsBetween('2026-11-01', '2026-11-27')).toEqual(['2026-11-06', '2026-11-13', '2026-11-20', '2026-11-27']);
    expect(weekEndsBetween('2026-11-28', '2026-11-28')).toEqual(['2026-12-04']);
  });

  it('stops between batches when its signal is aborted, keeping the weeks already built', async () => {
    const stop = new AbortController();
    // Aborted once the newest week (built alone, first) is stored: the batch of the rest never starts.
    const partial = await backfillWeeklySnapshots(wh, { now, signal: stop.signal, onProgress: (done) => done === 1 && stop.abort() });
    expect(partial.built).toEqual([latestCompleteWeek(now).end]);
    expect(await listScoreboardWeeks(wh.db)).toEqual([latestCompleteWeek(now).end]);
    const none = await backfillWeeklySnapshots(wh, { now, signal: AbortSignal.abort() });
    expect(none.built).toEqual([]);
    // What remains is built by the next backfill.
    await wh.db.deleteFrom('scoreboard_weekly').execute();
  });

  it('builds every week from the first day of data to the latest complete week, then only what is missing', async () => {
    const first = await backfillWeeklySnapshots(wh, { now });
    const weeks = await listScoreboardWeeks(wh.db);
    expect(weeks).toContain(latestCompleteWeek(now).end);
    expect(weeks).toContain(iranWeekOf('2025-03-21').end);
    expect(first.built.length).toBe(weeks.length);
    // Newest first, so the scoreboard (the latest stored week) shows the week just ended at once.
    expect(first.built[0]).toBe(latestCompleteWeek(now).end);
    expect(first.built.at(-1)).toBe(iranWeekOf('2025-03-21').end);
    expect(first.built.length).toBeGreaterThan(80); // 20 months of history
    const again = await backfillWeeklySnapshots(wh, { now });
    expect(again).toEqual({ built: [], skipped: weeks.length });
  });

  it('recomputes every stored week to exactly its snapshot', async () => {
    const weeks = await listScoreboardWeeks(wh.db);
    for (const week of weeks) expect(await recomputeWeek(wh, week), `week ending ${week}`).toEqual([]);
  });

  it('shows the difference when a fact behind a stored week changes', async () => {
    const week = iranWeekOf('2026-10-10');
    const before = await getScoreboardWeek(wh.db, week.end);
    expect(before.length).toBe(8);
    // A restated week: ncr's services report far worse availability than when the week was closed.
    await wh.db
      .updateTable('service_daily')
      .set({ availability_pct: 90 })
      .where('agency_id', '=', 'ncr')
      .where('date', '>=', week.start)
      .where('date', '<=', week.end)
      .execute();
    const diff = await recomputeWeek(wh, week.end);
    expect(diff.some((d) => d.agencyId === 'ncr' && d.field === 'reliability')).toBe(true);
    expect(diff.every((d) => d.agencyId === 'ncr' || d.field === 'rank')).toBe(true);
  });
});
