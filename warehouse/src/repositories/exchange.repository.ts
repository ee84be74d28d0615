/**
 * Data exchange between agencies and the once-only measure (documents fetched from other agencies
 * instead of asked of citizens), aggregated over a date range.
 */
import { sql } from 'kysely';
import type { Db } from './staged-upsert.js';

export interface DateRange {
  from: string;
  to: string;
}

const inRange = (r: DateRange) => sql<boolean>`date between cast(${r.from} as date) and cast(${r.to} as date)`;

export interface ExchangeEdgeRow {
  provider_agency_id: string;
  consumer_agency_id: string;
  calls: number;
  failures: number;
  data_services: number;
  /** Call-weighted mean of the daily p95 latencies. */
  latency_p95_ms: number | null;
}

/** Provider → consumer pairs in the range, with their volume and failures. */
export async function listExchangeEdges(db: Db, range: DateRange): Promise<ExchangeEdgeRow[]> {
  const { rows } = await sql<ExchangeEdgeRow>`
    select provider_agency_id, consumer_agency_id,
           sum(calls) as calls, sum(failures) as failures,
           count(distinct data_service) as data_services,
           sum(latency_p95_ms * calls) / nullif(sum(calls), 0) as latency_p95_ms
    from exchange_daily
    where ${inRange(range)}
    group by provider_agency_id, consumer_agency_id
    order by calls desc, provider_agency_id, consumer_agency_id
  `.execute(db);
  return rows;
}

export interface ProvidedServiceRow {
  data_service: string;
  consumers: number;
  calls: number;
  failures: number;
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
}

/** The data services an agency provides, with how many agencies consume each. */
export async function listProvidedServices(db: Db, agencyId: string, range: DateRange): Promise<ProvidedServiceRow[]> {
  const { rows } = await sql<ProvidedServiceRow>`
    select data_service,
           count(distinct consumer_agency_id) as consumers,
           sum(calls) as calls, sum(failures) as failures,
           sum(latency_p50_ms * calls) / nullif(sum(calls), 0) as latency_p50_ms,
           sum(latency_p95_ms * calls) / nullif(sum(calls), 0) as latency_p95_ms
    from exchange_daily
    where provider_agency_id = ${agencyId} and ${inRange(range)}
    group by data_service
    order by calls desc, data_service
  `.execute(db);
  return rows;
}

export interface ConsumedServiceRow {
  provider_agency_id: string;
  data_service: string;
  calls: number;
  failures: number;
}

/** What an agency fetches from others. */
export async function listConsumedServices(db: Db, agencyId: string, range: DateRange): Promise<ConsumedServiceRow[]> {
  const { rows } = await sql<ConsumedServiceRow>`
    select provider_agency_id, data_service, sum(calls) as calls, sum(failures) as failures
    from exchange_daily
    where consumer_agency_id = ${agencyId} and ${inRange(range)}
    group by provider_agency_id, data_service
    order by calls desc, provider_agency_id, data_service
  `.execute(db);
  return rows;
}

export interface OnceOnlyWeekRow {
  week_end: string;
  docs_asked: number;
  docs_fetched: number;
}

/** Documents asked of citizens vs fetched from agencies, per Iranian week (one agency or all). */
export async function listOnceOnlyByWeek(db: Db, range: DateRange, agencyId?: string): Promise<OnceOnlyWeekRow[]> {
  const { rows } = await sql<OnceOnlyWeekRow>`
    select d.week_end, sum(s.docs_asked) as docs_asked, sum(s.docs_fetched) as docs_fetched
    from service_daily s join dim_date d on d.date = s.date
    where s.date between cast(${range.from} as date) and cast(${range.to} as date)
      ${agencyId ? sql`and s.agency_id = ${agencyId}` : sql``}
    group by d.week_end
    order by d.week_end
  `.execute(db);
  return rows;
}

export interface OnceOnlyServiceRow {
  agency_id: string;
  service_id: string;
  name_fa: string;
  name_en: string;
  docs_asked: number;
  docs_fetched: number;
}

/** Per service in the range: documents asked and fetched (one agency or all), most asked first. */
export async function listOnceOnlyByService(db: Db, range: DateRange, agencyId?: string): Promise<OnceOnlyServiceRow[]> {
  const { rows } = await sql<OnceOnlyServiceRow>`
    select s.agency_id, s.service_id, v.name_fa, v.name_en,
           sum(s.docs_asked) as docs_asked, sum(s.docs_fetched) as docs_fetched
    from service_daily s join service v on v.service_id = s.service_id
    where s.date between cast(${range.from} as date) and cast(${range.to} as date)
      ${agencyId ? sql`and s.agency_id = ${agencyId}` : sql``}
    group by s.agency_id, s.service_id, v.name_fa, v.name_en
    order by docs_asked desc, s.service_id
  `.execute(db);
  return rows;
}
