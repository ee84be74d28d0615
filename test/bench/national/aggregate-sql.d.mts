export interface AggregateQuery {
  id: 'scoreboard' | 'trend-facts' | 'trend-snapshots' | 'breakdown';
  label: string;
  /** The PostgreSQL statements, run one after another. */
  pg: string[];
  /** The warehouse calls whose SQL DuckDB runs instead (null: the same text as PostgreSQL). */
  repositoryCalls: ((repos: typeof import('@hamgam/warehouse'), db: import('@hamgam/warehouse').Db) => Promise<unknown>[]) | null;
}
export function aggregateQueries(week: { weekStart: string; weekEnd: string; agencyId: string }): AggregateQuery[];
export const PG_TABLES: Record<string, string>;
export const PG_INDEXES: string[];
