/**
 * Read side of the pipeline bookkeeping for the operators' pages: runs and rejected rows with the
 * agency's names joined in, filtered by an optional set of agencies (the caller's access scope),
 * and each agency's last data day. The write side stays in pipeline.repository.ts.
 */
import type { Selectable } from 'kysely';
import type { AgencyTable, PipelineRunTable, RejectedRowTable } from '../schema.js';
import type { Db } from './staged-upsert.js';

type AgencyNames = Pick<AgencyTable, 'name_fa' | 'name_en'>;
/** Names are null when a run's agency is no longer in the registry. */
type Named<T> = T & { [K in keyof AgencyNames]: AgencyNames[K] | null };

export type PipelineRunReadRow = Named<Selectable<PipelineRunTable>>;
export type RejectedRowReadRow = Named<Selectable<RejectedRowTable> & { agency_id: string }>;

export interface RunQuery {
  limit: number;
  status?: string;
  /** One agency asked for in the request. */
  agencyId?: string;
  /** The agencies the caller may see; undefined = every agency. An empty list sees nothing. */
  agencyIds?: readonly string[];
  dataset?: string;
}

/** Most recent first. */
export function queryPipelineRuns(db: Db, q: RunQuery): Promise<PipelineRunReadRow[]> {
  let query = db
    .selectFrom('pipeline_run as r')
    .leftJoin('agency as a', 'a.agency_id', 'r.agency_id')
    .selectAll('r')
    .select(['a.name_fa', 'a.name_en']);
  if (q.status) query = query.where('r.status', '=', q.status);
  if (q.agencyId) query = query.where('r.agency_id', '=', q.agencyId);
  if (q.agencyIds) query = q.agencyIds.length ? query.where('r.agency_id', 'in', [...q.agencyIds]) : query.where((eb) => eb.val(false));
  if (q.dataset) query = query.where('r.dataset', '=', q.dataset);
  return query.orderBy('r.started_at', 'desc').orderBy('r.run_id', 'desc').limit(q.limit).execute();
}

export interface RejectQuery {
  limit: number;
  runId?: string;
  agencyId?: string;
  agencyIds?: readonly string[];
  dataset?: string;
}

/** Newest first. The agency comes from the run that quarantined the row. */
export function queryRejectedRows(db: Db, q: RejectQuery): Promise<RejectedRowReadRow[]> {
  let query = db
    .selectFrom('rejected_row as j')
    .innerJoin('pipeline_run as r', 'r.run_id', 'j.run_id')
    .leftJoin('agency as a', 'a.agency_id', 'r.agency_id')
    .selectAll('j')
    .select(['r.agency_id', 'a.name_fa', 'a.name_en']);
  if (q.runId) query = query.where('j.run_id', '=', q.runId);
  if (q.agencyId) query = query.where('r.agency_id', '=', q.agencyId);
  if (q.agencyIds) query = q.agencyIds.length ? query.where('r.agency_id', 'in', [...q.agencyIds]) : query.where((eb) => eb.val(false));
  if (q.dataset) query = query.where('j.dataset', '=', q.dataset);
  return query.orderBy('j.reject_id', 'desc').limit(q.limit).execute();
}

export interface AgencyDataDayRow {
  agency_id: string;
  name_fa: string;
  name_en: string;
  /** The latest day of daily service metrics stored for the agency; null when it never reported. */
  last_data_day: string | null;
}

/**
 * Every registered agency with the last day its daily metrics cover. A row of zeros counts as data:
 * an agency that reported no requests is not silent. (Named apart from the pipelines' own
 * freshness query, which may define "last data day" for the scoreboard differently.)
 */
export function listAgencyLastDataDays(db: Db, agencyIds?: readonly string[]): Promise<AgencyDataDayRow[]> {
  let query = db
    .selectFrom('agency as a')
    .leftJoin('service_daily as d', 'd.agency_id', 'a.agency_id')
    .select(['a.agency_id', 'a.name_fa', 'a.name_en'])
    .select((eb) => eb.fn.max('d.date').as('last_data_day'))
    .groupBy(['a.agency_id', 'a.name_fa', 'a.name_en']);
  if (agencyIds) query = agencyIds.length ? query.where('a.agency_id', 'in', [...agencyIds]) : query.where((eb) => eb.val(false));
  return query.orderBy('a.agency_id').execute() as Promise<AgencyDataDayRow[]>;
}

export interface DailyReportingRow {
  date: string;
  agencies: number;
  rows: number;
}

/** Per day from `from` to `to`: how many agencies sent daily metrics, and how many rows. Days without any are absent. */
export function listDailyReporting(db: Db, range: { from: string; to: string; agencyIds?: readonly string[] }): Promise<DailyReportingRow[]> {
  let query = db
    .selectFrom('service_daily')
    .select('date')
    .select((eb) => [eb.fn.count<number>('agency_id').distinct().as('agencies'), eb.fn.countAll<number>().as('rows')])
    .where('date', '>=', range.from)
    .where('date', '<=', range.to)
    .groupBy('date');
  if (range.agencyIds) query = range.agencyIds.length ? query.where('agency_id', 'in', [...range.agencyIds]) : query.where((eb) => eb.val(false));
  return query.orderBy('date').execute();
}
