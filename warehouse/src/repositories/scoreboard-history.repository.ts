/** Reads across weekly snapshots (weeks, trend) and the rows behind one agency's week (drill-down). */
import { sql } from 'kysely';
import { addDays } from '@hamgam/shared';
import type { Db } from './staged-upsert.js';

export interface WeekTotalsRow {
  week_end: string;
  methodology_version: string;
  agencies: number;
  joined: number;
  on_track: number;
  lagging: number;
  not_started: number;
  silent: number;
  services_live: number;
  services_total: number;
  mean_index: number;
}

/** One row per stored week, oldest first: status counts and services live on the window. */
export async function listWeekTotals(db: Db): Promise<WeekTotalsRow[]> {
  return db
    .selectFrom('scoreboard_weekly')
    .select((eb) => [
      'week_end',
      eb.fn.min('methodology_version').as('methodology_version'),
      eb.fn.countAll<number>().as('agencies'),
      sql<number>`count(*) filter (where status = 'joined')`.as('joined'),
      sql<number>`count(*) filter (where status = 'on_track')`.as('on_track'),
      sql<number>`count(*) filter (where status = 'lagging')`.as('lagging'),
      sql<number>`count(*) filter (where status = 'not_started')`.as('not_started'),
      sql<number>`count(*) filter (where status = 'silent')`.as('silent'),
      sql<number>`sum(services_live)`.as('services_live'),
      sql<number>`sum(services_total)`.as('services_total'),
      sql<number>`round(avg(index), 1)`.as('mean_index'),
    ])
    .groupBy('week_end')
    .orderBy('week_end')
    .execute();
}

export interface AgencyServiceAsOfRow {
  service_id: string;
  name_fa: string;
  name_en: string;
  is_key: boolean;
  uses_national_sso: boolean;
  uses_exchange: boolean;
  stage: string; // as of the end of the week, from integration events
  stage_since: string | null; // when it reached that stage (ISO), null when never changed
}

/** The agency's services with their stage when the week ended in Tehran (same rule as the facts). */
export async function listAgencyServicesAsOf(db: Db, agencyId: string, weekEnd: string): Promise<AgencyServiceAsOfRow[]> {
  const cutoff = new Date(`${addDays(weekEnd, 1)}T00:00:00+03:30`);
  const { rows } = await sql<AgencyServiceAsOfRow>`
    with last_event as (
      select service_id, to_stage, occurred_at
      from integration_event
      where agency_id = ${agencyId} and occurred_at < ${cutoff}
      qualify row_number() over (partition by service_id order by occurred_at desc, event_id desc) = 1
    )
    select s.service_id, s.name_fa, s.name_en, s.is_key, s.uses_national_sso, s.uses_exchange,
           coalesce(e.to_stage, 'not_started') as stage,
           e.occurred_at as stage_since
    from service s left join last_event e on e.service_id = s.service_id
    where s.agency_id = ${agencyId}
    order by s.is_key desc, s.service_id
  `.execute(db);
  return rows;
}

export interface ServiceDayRow {
  date: string;
  service_id: string;
  requests: number;
  completed: number;
  failed: number;
  availability_pct: number;
  latency_p95_ms: number;
  satisfaction_sum: number;
  satisfaction_count: number;
  docs_asked: number;
  docs_fetched: number;
  run_id: string;
}

/** The daily rows of one agency's services in a date range, with the run that loaded each. */
export async function listAgencyServiceDays(db: Db, agencyId: string, from: string, to: string): Promise<ServiceDayRow[]> {
  return db
    .selectFrom('service_daily')
    .select([
      'date',
      'service_id',
      'requests',
      'completed',
      'failed',
      'availability_pct',
      'latency_p95_ms',
      'satisfaction_sum',
      'satisfaction_count',
      'docs_asked',
      'docs_fetched',
      'run_id',
    ])
    .where('agency_id', '=', agencyId)
    .where(sql<boolean>`date between cast(${from} as date) and cast(${to} as date)`)
    .orderBy('date')
    .orderBy('service_id')
    .execute();
}

/** The calls an agency served to others in a date range, per consumer. */
export async function listAgencyExchangeServed(db: Db, agencyId: string, from: string, to: string) {
  return db
    .selectFrom('exchange_daily')
    .select((eb) => ['consumer_agency_id', 'data_service', eb.fn.sum<number>('calls').as('calls'), eb.fn.sum<number>('failures').as('failures')])
    .where('provider_agency_id', '=', agencyId)
    .where(sql<boolean>`date between cast(${from} as date) and cast(${to} as date)`)
    .groupBy(['consumer_agency_id', 'data_service'])
    .orderBy('calls', 'desc')
    .execute();
}

/** The first and last days with any daily metrics, or nulls for an empty warehouse. */
export async function getMetricDayRange(db: Db): Promise<{ first: string | null; last: string | null }> {
  const row = await db
    .selectFrom('service_daily')
    .select((eb) => [eb.fn.min('date').as('first'), eb.fn.max('date').as('last')])
    .executeTakeFirst();
  return { first: (row?.first as string | null) ?? null, last: (row?.last as string | null) ?? null };
}
