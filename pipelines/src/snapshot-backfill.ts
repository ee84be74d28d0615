/**
 * Weekly snapshots over history: build the missing (or all) weeks from the first day with data to
 * the latest complete week, and recompute a stored week to check it against its snapshot.
 */
import {
  type AgencyWeekScore,
  type IranWeek,
  addDays,
  iranWeekOf,
  latestCompleteWeek,
  methodologyByVersion,
  rankScores,
  scoreAgencyWeek,
} from '@hamgam/shared';
import { type Warehouse, getAgencyWeekFacts, getMetricDayRange, getScoreboardWeek, listScoreboardWeeks } from '@hamgam/warehouse';
import { buildWeeklySnapshot, buildWeeklySnapshots } from './weekly-snapshot.js';

/**
 * Weeks built together: one read of the facts and one transaction per batch. Each read scans the
 * fact tables whole (the pipelines load them agency by agency, so a date range does not narrow
 * the scan), so fewer, larger batches are faster: three years of national weeks are 78,500 rows.
 */
const BACKFILL_BATCH_WEEKS = 160;

export interface BackfillOptions {
  /** Any day of the first week to build; default: the week of the first day with metrics. */
  from?: string;
  /** Any day of the last week to build; default: the latest complete week. */
  to?: string;
  /** Rebuild weeks that already have a snapshot too. */
  rebuild?: boolean;
  now?: Date;
  onProgress?: (done: number, total: number, week: IranWeek) => void;
  /** Stops between batches of weeks (a server shutting down): the weeks built so far stay stored. */
  signal?: AbortSignal;
}

/** The Fridays of every week from the week of `from` to the week of `to`. */
export function weekEndsBetween(from: string, to: string): string[] {
  const ends: string[] = [];
  for (let end = iranWeekOf(from).end; end <= iranWeekOf(to).end; end = addDays(end, 7)) ends.push(end);
  return ends;
}

export async function backfillWeeklySnapshots(wh: Warehouse, opts: BackfillOptions = {}): Promise<{ built: string[]; skipped: number }> {
  const range = await getMetricDayRange(wh.db);
  const from = opts.from ?? range.first;
  const to = opts.to ?? latestCompleteWeek(opts.now).end;
  if (!from) return { built: [], skipped: 0 };
  const stored = new Set(opts.rebuild ? [] : await listScoreboardWeeks(wh.db));
  // Newest first: the scoreboard serves the latest stored week, so the week just ended must be
  // there before the history behind it, or a first start would show an old week for a while.
  const weeks = weekEndsBetween(from, to)
    .filter((end) => end <= latestCompleteWeek(opts.now).end)
    .reverse();
  const built: string[] = [];
  let done = 0;
  const missing = weeks.filter((end) => !stored.has(end));
  const report = (upTo: string | undefined) => {
    // Weeks are reported in order, newest first, as each one's batch commits (stored ones at once).
    while (done < weeks.length && (upTo === undefined || weeks[done] >= upTo)) {
      done++;
      opts.onProgress?.(done, weeks.length, iranWeekOf(weeks[done - 1]));
    }
  };
  // The newest missing week alone first when it has no snapshot at all, so the scoreboard serves
  // it while the rest are built (a rebuild keeps serving the stored snapshots meanwhile).
  const first = missing.length && (!opts.rebuild || !(await listScoreboardWeeks(wh.db)).includes(missing[0])) ? 1 : 0;
  if (first && !opts.signal?.aborted) {
    await buildWeeklySnapshot(wh, missing[0]);
    built.push(missing[0]);
    report(missing[0]);
  }
  for (let i = first; i < missing.length; i += BACKFILL_BATCH_WEEKS) {
    if (opts.signal?.aborted) break;
    const batch = missing.slice(i, i + BACKFILL_BATCH_WEEKS);
    await buildWeeklySnapshots(wh, batch);
    built.push(...batch);
    report(batch.at(-1));
  }
  report(undefined);
  return { built, skipped: weeks.length - built.length };
}

export interface SnapshotDifference {
  agencyId: string;
  field: string;
  stored: unknown;
  recomputed: unknown;
}

/**
 * Recomputes a stored week from the facts with the methodology version it was stored with, and
 * lists every difference (none when the facts have not changed since).
 */
export async function recomputeWeek(wh: Warehouse, weekEnd: string): Promise<SnapshotDifference[]> {
  const stored = await getScoreboardWeek(wh.db, weekEnd);
  if (stored.length === 0) throw new Error(`no snapshot is stored for the week ending ${weekEnd}`);
  const methodology = methodologyByVersion(stored[0].methodology_version);
  const week = iranWeekOf(weekEnd);
  const facts = await getAgencyWeekFacts(wh.db, { weekStart: week.start, weekEnd: week.end });
  const recomputed = new Map<string, AgencyWeekScore & { rank: number }>(
    rankScores(facts.map((f) => scoreAgencyWeek(methodology, f, weekEnd))).map((s) => [s.agencyId, s]),
  );
  const differences: SnapshotDifference[] = [];
  for (const row of stored) {
    const now = recomputed.get(row.agency_id);
    recomputed.delete(row.agency_id);
    if (!now) {
      differences.push({ agencyId: row.agency_id, field: 'agency', stored: 'present', recomputed: 'absent' });
      continue;
    }
    const pairs: [string, unknown, unknown][] = [
      ['index', row.index, now.index],
      ['rank', row.rank, now.rank],
      ['status', row.status, now.status],
      ['expected_coverage', row.expected_coverage, now.expectedCoverage],
      ['coverage', row.coverage, now.components.coverage],
      ['identity', row.identity, now.components.identity],
      ['exchange', row.exchange, now.components.exchange],
      ['reliability', row.reliability, now.components.reliability],
      ['experience', row.experience, now.components.experience],
    ];
    for (const [field, a, b] of pairs) if (a !== b) differences.push({ agencyId: row.agency_id, field, stored: a, recomputed: b });
  }
  for (const agencyId of recomputed.keys()) differences.push({ agencyId, field: 'agency', stored: 'absent', recomputed: 'present' });
  return differences;
}
