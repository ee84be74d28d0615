/**
 * Schema v1: every table of `schema.ts`, and the calendar dimension filled for 2024–2030.
 * No foreign keys: DuckDB refuses to update a referenced row even when the key does not change,
 * which would break the idempotent upserts of agencies and services; loads validate references.
 */
import { sql, type Kysely } from 'kysely';
import { addDays, iranWeekday, iranWeekOf, isNowruzHoliday, toJalali } from '@hamgam/shared';
import { withDuckDBConnection } from '../dialect/with-connection.js';

const DIM_DATE_FIRST = '2024-01-01';
const DIM_DATE_LAST = '2030-12-31';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table agency (
      agency_id varchar primary key,
      name_fa varchar not null,
      name_en varchar not null,
      kind varchar not null,
      sector varchar not null,
      parent_id varchar,
      deadline date
    );
    create table service (
      service_id varchar primary key,
      agency_id varchar not null,
      name_fa varchar not null,
      name_en varchar not null,
      is_key boolean not null,
      stage varchar not null,
      uses_national_sso boolean not null,
      uses_exchange boolean not null,
      updated_at timestamptz not null,
      run_id varchar
    );
    create index service_agency_idx on service (agency_id);
    create table service_daily (
      date date not null,
      service_id varchar not null,
      agency_id varchar not null,
      requests bigint not null,
      completed bigint not null,
      failed bigint not null,
      availability_pct double not null,
      latency_p50_ms double not null,
      latency_p95_ms double not null,
      satisfaction_sum bigint not null,
      satisfaction_count bigint not null,
      docs_asked bigint not null,
      docs_fetched bigint not null,
      run_id varchar not null,
      primary key (date, service_id)
    );
    create table exchange_daily (
      date date not null,
      provider_agency_id varchar not null,
      consumer_agency_id varchar not null,
      data_service varchar not null,
      calls bigint not null,
      failures bigint not null,
      latency_p50_ms double not null,
      latency_p95_ms double not null,
      run_id varchar not null,
      primary key (date, provider_agency_id, consumer_agency_id, data_service)
    );
    create table integration_event (
      event_id varchar primary key,
      service_id varchar not null,
      agency_id varchar not null,
      occurred_at timestamptz not null,
      from_stage varchar not null,
      to_stage varchar not null,
      source_id varchar not null,
      run_id varchar not null
    );
    create table scoreboard_weekly (
      week_end date not null,
      agency_id varchar not null,
      methodology_version varchar not null,
      coverage double not null,
      identity double not null,
      exchange double not null,
      reliability double not null,
      experience double not null,
      "index" double not null,
      rank integer not null,
      status varchar not null,
      expected_coverage double not null,
      services_total integer not null,
      services_live integer not null,
      computed_at timestamptz not null,
      primary key (week_end, agency_id)
    );
    create table pipeline_run (
      run_id varchar primary key,
      source_id varchar not null,
      agency_id varchar not null,
      dataset varchar not null,
      started_at timestamptz not null,
      finished_at timestamptz,
      status varchar not null,
      received bigint not null default 0,
      loaded bigint not null default 0,
      rejected bigint not null default 0,
      duplicate bigint not null default 0,
      watermark_before varchar,
      watermark_after varchar,
      error varchar
    );
    create sequence rejected_row_seq start 1;
    create table rejected_row (
      reject_id bigint primary key default nextval('rejected_row_seq'),
      run_id varchar not null,
      source_id varchar not null,
      dataset varchar not null,
      row_number bigint not null,
      reason varchar not null,
      raw varchar not null,
      rejected_at timestamptz not null
    );
    create table source_state (
      source_id varchar primary key,
      agency_id varchar not null,
      dataset varchar not null,
      base_url varchar not null,
      format varchar not null,
      token varchar,
      schedule varchar not null,
      enabled boolean not null,
      watermark varchar,
      last_run_id varchar,
      last_success_at timestamptz,
      last_error varchar
    );
    create table dim_date (
      date date primary key,
      jalali_year integer not null,
      jalali_month integer not null,
      jalali_day integer not null,
      iran_weekday integer not null,
      week_start date not null,
      week_end date not null,
      is_nowruz_holiday boolean not null
    );
  `.execute(db);
  await fillDimDate(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table dim_date; drop table source_state; drop table rejected_row; drop sequence rejected_row_seq;
    drop table pipeline_run; drop table scoreboard_weekly; drop table integration_event;
    drop table exchange_daily; drop table service_daily; drop table service; drop table agency;
  `.execute(db);
}

/** The calendar from shared's Intl-based functions, so SQL and TypeScript agree on every day. */
export function dimDateRows(first = DIM_DATE_FIRST, last = DIM_DATE_LAST) {
  const rows = [];
  for (let day = first; day <= last; day = addDays(day, 1)) {
    const j = toJalali(day);
    const week = iranWeekOf(day);
    rows.push({
      date: day,
      jalali_year: j.year,
      jalali_month: j.month,
      jalali_day: j.day,
      iran_weekday: iranWeekday(day),
      week_start: week.start,
      week_end: week.end,
      is_nowruz_holiday: isNowruzHoliday(day),
    });
  }
  return rows;
}

/** Through the appender, in the migration's transaction: bound parameters took ~0.7 s for 2,557 rows. */
async function fillDimDate(db: Kysely<any>): Promise<void> {
  const rows = dimDateRows();
  await withDuckDBConnection(db, (c) => c.appendRows('dim_date', rows));
}
