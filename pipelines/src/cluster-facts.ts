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
  /** Each table as it lay before and after the rewrite. */
  tables: { table: string; rows: number; before: FactTableLayout; after: FactTableLayout }[];
  seconds: number;
}

export async function clusterFacts(wh: Warehouse): Promise<ClusterFactsResult> {
  const before = await getFactTableLayout(wh.db);
  const t0 = performance.now();
  const rewritten = await clusterFactTables(wh.db);
  const seconds = (performance.now() - t0) / 1000;
  const after = await getFactTableLayout(wh.db);
  return {
    tables: rewritten.map((r) => ({ table: r.table, rows: r.rows, before: before.find((l) => l.table === r.table)!, after: after.find((l) => l.table === r.table)! })),
    seconds: Math.round(seconds * 100) / 100,
  };
}

/** One line per table, for logs and the CLI. */
export function describeClusterResult(result: ClusterFactsResult): string[] {
  return result.tables.map(
    (t) =>
      `${t.table}: ${t.rows.toLocaleString('en')} rows in (day, agency) order; ${t.before.rowGroups} → ${t.after.rowGroups} row groups, ` +
      `${t.before.meanDaysPerRowGroup ?? '-'} → ${t.after.meanDaysPerRowGroup ?? '-'} days per row group, order breaks ${t.before.orderBreaks.toLocaleString('en')} → ${t.after.orderBreaks.toLocaleString('en')}`,
  );
}
