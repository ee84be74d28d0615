// The aggregates compared on DuckDB and PostgreSQL 15 (issue 8, benchmark 4), over the same rows:
// on DuckDB the SQL the warehouse's repositories send (captured with their bound parameters), on
// PostgreSQL the same queries in its dialect (QUALIFY written as a subquery). Each is the work
// behind a dashboard answer computed from the facts: a week's scoreboard facts (what a snapshot is
// scored from), the national trend over the three years, the trend over the stored snapshots (the
// /trend endpoint's own query) and one agency's week as the breakdown endpoint drills into it.

/** The instant a Tehran day ends (no DST since 2022), as SQL text. */
const endOfTehranDay = (day) => `timestamptz '${day} 00:00:00+03:30' + interval '1 day'`;

/** A week's facts of every agency, or of one (the warehouse's getAgencyWeekFacts, its QUALIFY as a subquery). */
function weekFactsSql({ weekStart, weekEnd, agencyId = null }) {
  const cutoff = endOfTehranDay(weekEnd);
  const only = (keyword, column) => (agencyId === null ? '' : `${keyword} ${column} = '${agencyId}'`);
  return `
        with stage_as_of as (
          select service_id, stage from (
            select service_id, to_stage as stage,
                   row_number() over (partition by service_id order by occurred_at desc, event_id desc) as rn
            from integration_event where occurred_at < ${cutoff}
              ${agencyId === null ? '' : `and service_id in (select service_id from service where agency_id = '${agencyId}')`}
          ) e where rn = 1
        ),
        services as (
          select s.agency_id, count(*) as services_total,
                 count(*) filter (where e.stage = 'live') as services_live,
                 count(*) filter (where s.is_key) as key_total,
                 count(*) filter (where s.is_key and e.stage = 'live') as key_live,
                 count(*) filter (where s.uses_national_sso and e.stage = 'live') as live_with_sso
          from service s left join stage_as_of e on e.service_id = s.service_id
          ${only('where', 's.agency_id')}
          group by s.agency_id
        ),
        metrics as (
          select agency_id, count(*) as metric_days, sum(requests) as requests, sum(completed) as completed,
                 sum(satisfaction_sum) as satisfaction_sum, sum(satisfaction_count) as satisfaction_count,
                 sum(docs_asked) as docs_asked, sum(docs_fetched) as docs_fetched,
                 avg(availability_pct) as availability_pct, avg(latency_p95_ms) as latency_p95_ms
          from service_daily where date between date '${weekStart}' and date '${weekEnd}' ${only('and', 'agency_id')}
          group by agency_id
        ),
        served as (
          select provider_agency_id as agency_id, sum(calls) as calls
          from exchange_daily where date between date '${weekStart}' and date '${weekEnd}' ${only('and', 'provider_agency_id')}
          group by provider_agency_id
        )
        select a.agency_id, a.deadline, coalesce(s.services_total, 0) as services_total, coalesce(s.services_live, 0) as services_live,
               coalesce(s.key_total, 0) as key_total, coalesce(s.key_live, 0) as key_live, coalesce(s.live_with_sso, 0) as live_with_sso,
               coalesce(m.metric_days, 0) as metric_days, coalesce(m.requests, 0) as requests, coalesce(m.completed, 0) as completed,
               coalesce(m.satisfaction_sum, 0) as satisfaction_sum, coalesce(m.satisfaction_count, 0) as satisfaction_count,
               coalesce(m.docs_asked, 0) as docs_asked, coalesce(m.docs_fetched, 0) as docs_fetched,
               m.availability_pct, m.latency_p95_ms, coalesce(x.calls, 0) as exchange_calls_served
        from agency a
        left join services s on s.agency_id = a.agency_id
        left join metrics m on m.agency_id = a.agency_id
        left join served x on x.agency_id = a.agency_id
        ${only('where', 'a.agency_id')}
        order by a.agency_id`;
}

/**
 * Each aggregate with its PostgreSQL statements (`pg`). On DuckDB the benchmark runs what the
 * warehouse's repositories send (captured from the calls in `repositoryCalls`, with their bound
 * parameters); only `trend-facts`, which no endpoint runs, uses the same text on both engines.
 */
export function aggregateQueries({ weekStart, weekEnd, agencyId }) {
  const cutoff = endOfTehranDay(weekEnd);
  return [
    {
      id: 'scoreboard',
      label: "scoreboard: one week's facts of every agency (getAgencyWeekFacts: service_daily, exchange_daily, events), what each week's snapshot is scored from",
      pg: [weekFactsSql({ weekStart, weekEnd })],
      repositoryCalls: (repos, db) => [repos.getAgencyWeekFacts(db, { weekStart, weekEnd })],
    },
    {
      id: 'trend-facts',
      label: 'trend: national weekly totals over 3 years of facts (5.5M service-days, 10M exchange-days; no endpoint runs it: the /trend endpoint reads snapshots)',
      pg: [`
        with m as (
          select date + cast((12 - extract(dow from date)) as integer) % 7 as week_end,
                 count(distinct agency_id) as agencies, sum(requests) as requests, sum(completed) as completed,
                 sum(docs_fetched) as docs_fetched, sum(docs_asked) as docs_asked, avg(availability_pct) as availability_pct
          from service_daily group by 1
        ),
        x as (
          select date + cast((12 - extract(dow from date)) as integer) % 7 as week_end, sum(calls) as calls, sum(failures) as failures
          from exchange_daily group by 1
        )
        select m.*, x.calls, x.failures from m left join x on x.week_end = m.week_end order by m.week_end`],
      repositoryCalls: null,
    },
    {
      id: 'trend-snapshots',
      label: 'trend: status counts per stored week (listWeekTotals, the /trend query over 157 × 500 snapshot rows)',
      pg: [`
        select week_end, min(methodology_version) as methodology_version, count(*) as agencies,
               count(*) filter (where status = 'joined') as joined, count(*) filter (where status = 'on_track') as on_track,
               count(*) filter (where status = 'lagging') as lagging, count(*) filter (where status = 'not_started') as not_started,
               count(*) filter (where status = 'silent') as silent, sum(services_live) as services_live,
               sum(services_total) as services_total, round(cast(avg("index") as numeric), 1) as mean_index
        from scoreboard_weekly group by week_end order by week_end`],
      repositoryCalls: (repos, db) => [repos.listWeekTotals(db)],
    },
    {
      id: 'breakdown',
      label: `breakdown: one agency's week (${agencyId}), the endpoint's 4 statements on the facts: its week facts, its services' stages as of the week, its service days, its exchange served`,
      pg: [
        weekFactsSql({ weekStart, weekEnd, agencyId }),
        `
        with last_event as (
          select service_id, to_stage, occurred_at from (
            select service_id, to_stage, occurred_at, row_number() over (partition by service_id order by occurred_at desc, event_id desc) as rn
            from integration_event where agency_id = '${agencyId}' and occurred_at < ${cutoff}
          ) e where rn = 1
        )
        select s.service_id, s.name_fa, s.name_en, s.is_key, s.uses_national_sso, s.uses_exchange,
               coalesce(e.to_stage, 'not_started') as stage, e.occurred_at as stage_since
        from service s left join last_event e on e.service_id = s.service_id
        where s.agency_id = '${agencyId}'
        order by s.is_key desc, s.service_id`,
        `
        select date, service_id, requests, completed, failed, availability_pct, latency_p95_ms, satisfaction_sum, satisfaction_count,
               docs_asked, docs_fetched, run_id
        from service_daily where agency_id = '${agencyId}' and date between date '${weekStart}' and date '${weekEnd}'
        order by date, service_id`,
        `
        select consumer_agency_id, data_service, sum(calls) as calls, sum(failures) as failures
        from exchange_daily where provider_agency_id = '${agencyId}' and date between date '${weekStart}' and date '${weekEnd}'
        group by consumer_agency_id, data_service order by calls desc`,
      ],
      repositoryCalls: (repos, db) => [
        repos.getAgencyWeekFacts(db, { weekStart, weekEnd }, agencyId),
        repos.listAgencyServicesAsOf(db, agencyId, weekEnd),
        repos.listAgencyServiceDays(db, agencyId, weekStart, weekEnd),
        repos.listAgencyExchangeServed(db, agencyId, weekStart, weekEnd),
      ],
    },
  ];
}

/** Tables copied to PostgreSQL, with the DuckDB schema's columns and keys. */
export const PG_TABLES = {
  agency: 'agency_id varchar primary key, name_fa varchar not null, name_en varchar not null, kind varchar not null, sector varchar not null, parent_id varchar, deadline date',
  service: 'service_id varchar primary key, agency_id varchar not null, name_fa varchar not null, name_en varchar not null, is_key boolean not null, stage varchar not null, uses_national_sso boolean not null, uses_exchange boolean not null, updated_at timestamptz not null, run_id varchar',
  service_daily: 'date date not null, service_id varchar not null, agency_id varchar not null, requests bigint not null, completed bigint not null, failed bigint not null, availability_pct double precision not null, latency_p50_ms double precision not null, latency_p95_ms double precision not null, satisfaction_sum bigint not null, satisfaction_count bigint not null, docs_asked bigint not null, docs_fetched bigint not null, run_id varchar not null',
  exchange_daily: 'date date not null, provider_agency_id varchar not null, consumer_agency_id varchar not null, data_service varchar not null, calls bigint not null, failures bigint not null, latency_p50_ms double precision not null, latency_p95_ms double precision not null, run_id varchar not null',
  integration_event: 'event_id varchar primary key, service_id varchar not null, agency_id varchar not null, occurred_at timestamptz not null, from_stage varchar not null, to_stage varchar not null, source_id varchar not null, run_id varchar not null',
  scoreboard_weekly: 'week_end date not null, agency_id varchar not null, methodology_version varchar not null, coverage double precision not null, identity double precision not null, exchange double precision not null, reliability double precision not null, experience double precision not null, "index" double precision not null, rank integer not null, status varchar not null, expected_coverage double precision not null, services_total integer not null, services_live integer not null, computed_at timestamptz not null',
};

/**
 * Built after the copy (faster than maintaining them row by row): DuckDB's primary keys, plus the
 * indexes a PostgreSQL deployment would add for these reads, so PostgreSQL is not run crippled.
 */
export const PG_INDEXES = [
  'alter table service_daily add primary key (date, service_id)',
  'alter table exchange_daily add primary key (date, provider_agency_id, consumer_agency_id, data_service)',
  'alter table scoreboard_weekly add primary key (week_end, agency_id)',
  'create index on service (agency_id)',
  'create index on service_daily (agency_id, date)',
  'create index on exchange_daily (provider_agency_id, date)',
  'create index on integration_event (service_id, occurred_at)',
  'create index on integration_event (agency_id, occurred_at)',
];
