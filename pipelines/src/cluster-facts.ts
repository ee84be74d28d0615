/**
 * The maintenance step after a backfill or a large first load: the daily fact tables rewritten in
 * (day, agency) order, so that a week's reads skip every row group outside the week (why, and the
 * figures: warehouse/src/repositories/fact-layout.repository.ts). Scheduled runs need none of it:
 * they append the newest days at the end, which keeps the order.
 *
 * The contents do not change, so the data version does not move: cached aggregates and the
 * analysts' replica stay valid.
 */
import { type FactTableLayout, type Warehouse, clusterFactTables, getFactTableLayout } from '@hamgam/warehouse';

export interface ClusterFactsResult {
  /** Each table rewritten, as it lay before and after. */
  tables: { table: string; rows: number; before: FactTableLayout; after: FactTableLayout }[];
  /** Tables already in (day, agency) order, left alone (rewriting the national ones again took 43 s for nothing). */
  skipped: string[];
  seconds: number;
}

export async function clusterFacts(wh: Warehouse): Promise<ClusterFactsResult> {
  const before = await getFactTableLayout(wh.db);
  const todo = before.filter((l) => l.orderBreaks > 0).map((l) => l.table);
  const t0 = performance.now();
  const rewritten = todo.length ? await clusterFactTables(wh.db, todo) : [];
  const seconds = (performance.now() - t0) / 1000;
  const after = todo.length ? await getFactTableLayout(wh.db) : before;
  return {
    tables: rewritten.map((r) => ({ table: r.table, rows: r.rows, before: before.find((l) => l.table === r.table)!, after: after.find((l) => l.table === r.table)! })),
    skipped: before.filter((l) => l.orderBreaks === 0).map((l) => l.table),
    seconds: Math.round(seconds * 100) / 100,
  };
}

/** One line per table, for logs and the CLI. */
export function describeClusterResult(result: ClusterFactsResult): string[] {
  return [...result.skipped.map((t) => `${t}: already in (day, agency) order, left as it is`), ...result.tables.map(
    (t) =>
      `${t.table}: ${t.rows.toLocaleString('en')} rows in (day, agency) order; ${t.before.rowGroups} → ${t.after.rowGroups} row groups, ` +
      `${t.before.meanDaysPerRowGroup ?? '-'} → ${t.after.meanDaysPerRowGroup ?? '-'} days per row group, order breaks ${t.before.orderBreaks.toLocaleString('en')} → ${t.after.orderBreaks.toLocaleString('en')}`,
  )];
}
