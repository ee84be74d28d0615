/** The facts the methodology scores, and the weekly scoreboard snapshots. */
import { sql, type Insertable, type Selectable } from 'kysely';
import { addDays, type AgencyWeekFacts } from '@hamgam/shared';
import type { AgencyTable, ScoreboardWeeklyTable } from '../schema.js';
import { withDuckDBConnection } from '../dialect/with-connection.js';
import { inTransaction, type Db } from './staged-upsert.js';

export type ScoreboardRow = Selectable<ScoreboardWeeklyTable> & Pick<AgencyTable, 'name_fa' | 'name_en' | 'kind' | 'sector'>;

const SCOREBOARD_CHUNK = 1000;

interface FactsRow {
  agency_id: string;
  deadline: string | null;
  services_total: number;
  services_live: number;
  key_total: number;
  key_live: number;
  live_with_sso: number;
  metric_days: number;
  requests: number;
  completed: number;
  satisfaction_sum: number;
  satisfaction_count: number;
  docs_asked: number;
  docs_fetched: number;
  availability_pct: number | null;
  latency_p95_ms: number | null;
  exchange_calls_served: number;
}

/** The instant a Tehran day ends: the next day's midnight at +03:30 (no DST since 2022). */
function endOfTehranDay(day: string): Date {
  return new Date(`${addDays(day, 1)}T00:00:00+03:30`);
}

/**
 * What both formulations of the week's facts below compute — one week (getAgencyWeekFacts) and
 * many weeks at once (getAgencyWeekFactsForWeeks) — written once, so they cannot drift apart:
 * the service counts over `service s` joined to its stage `e`, the daily-metric aggregates, and
 * the row out of the services `s`, metrics `m` and exchange served `x`.
 */
const SERVICE_COUNTS = sql`count(*) as services_total,
             count(*) filter (where e.stage = 'live') as services_live,
             count(*) filter (where s.is_key) as key_total,
             count(*) filter (where s.is_key and e.stage = 'live') as key_live,
             count(*) filter (where s.uses_national_sso and e.stage = 'live') as live_with_sso`;
const METRIC_SUMS = sql`count(*) as metric_days,
             sum(requests) as requests,
             sum(completed) as completed,
             sum(satisfaction_sum) as satisfaction_sum,
             sum(satisfaction_count) as satisfaction_count,
             sum(docs_asked) as docs_asked,
             sum(docs_fetched) as docs_fetched,
             avg(availability_pct) as availability_pct,
             avg(latency_p95_ms) as latency_p95_ms`;
const FACT_COLUMNS = sql`a.deadline,
           coalesce(s.services_total, 0) as services_total,
           coalesce(s.services_live, 0) as services_live,
           coalesce(s.key_total, 0) as key_total,
           coalesce(s.key_live, 0) as key_live,
           coalesce(s.live_with_sso, 0) as live_with_sso,
           coalesce(m.metric_days, 0) as metric_days,
           coalesce(m.requests, 0) as requests,
           coalesce(m.completed, 0) as completed,
           coalesce(m.satisfaction_sum, 0) as satisfaction_sum,
           coalesce(m.satisfaction_count, 0) as satisfaction_count,
           coalesce(m.docs_asked, 0) as docs_asked,
           coalesce(m.docs_fetched, 0) as docs_fetched,
           m.availability_pct,
           m.latency_p95_ms,
           coalesce(x.calls, 0) as exchange_calls_served`;

/**
 * One row per registered agency for the week weekStart..weekEnd (Saturday–Friday). A service's stage
 * is the `to_stage` of its latest event before the week ended in Tehran, or not_started without
 * one: the catalogue's own `stage` column is today's, and past weeks must recompute the same.
 * With `agencyId`, that agency's row alone (none for an unknown agency).
 */
export async function getAgencyWeekFacts(db: Db, week: { weekStart: string; weekEnd: string }, agencyId?: string): Promise<AgencyWeekFacts[]> {
  const cutoff = endOfTehranDay(week.weekEnd);
  // One agency's row alone (the breakdown): every table filtered by the agency before it is
  // grouped, instead of all 500 agencies' week computed to keep one (64 of the endpoint's 73 ms
  // at national scale). The rows are those of the whole week's call for that agency.
  const only = (keyword: 'where' | 'and', column: string) => (agencyId === undefined ? sql`` : sql`${sql.raw(keyword)} ${sql.ref(column)} = ${agencyId}`);
  const { rows } = await sql<FactsRow>`
    with stage_as_of as (
      -- The latest event's stage (ties on the instant broken by event_id, as a window ordered by
      -- both would): one hash aggregate instead of sorting every event in a window, 16 → 13 ms of
      -- the national week's facts (docs/benchmarks.md, benchmark 4).
      select service_id, arg_max(to_stage, (occurred_at, event_id)) as stage
      from integration_event
      where occurred_at < ${cutoff}
        ${agencyId === undefined ? sql`` : sql`and service_id in (select service_id from service where agency_id = ${agencyId})`}
      group by service_id
    ),
    services as (
      select s.agency_id,
             ${SERVICE_COUNTS}
      from service s left join stage_as_of e on e.service_id = s.service_id
      ${only('where', 's.agency_id')}
      group by s.agency_id
    ),
    metrics as (
      select agency_id,
             ${METRIC_SUMS}
      from service_daily
      where date between cast(${week.weekStart} as date) and cast(${week.weekEnd} as date) ${only('and', 'agency_id')}
      group by agency_id
    ),
    served as (
      select provider_agency_id as agency_id, sum(calls) as calls
      from exchange_daily
      where date between cast(${week.weekStart} as date) and cast(${week.weekEnd} as date) ${only('and', 'provider_agency_id')}
      group by provider_agency_id
    )
    select a.agency_id,
           ${FACT_COLUMNS}
    from agency a
    left join services s on s.agency_id = a.agency_id
    left join metrics m on m.agency_id = a.agency_id
    left join served x on x.agency_id = a.agency_id
    ${only('where', 'a.agency_id')}
    order by a.agency_id
  `.execute(db);
  return rows.map(toAgencyWeekFacts);
}

/**
 * The facts of many weeks at once: the same rows getAgencyWeekFacts gives for each week, keyed by
 * the week's Friday. Week by week, every call scans service_daily and exchange_daily whole (the
 * pipelines load them agency by agency, so their zone maps do not narrow a date range), and 157
 * weeks of national data took minutes; here each table is scanned once and grouped by
 * (week, agency), and every service's stage as of each week's end comes from one window over the
 * events (issue 8: recompute three years of snapshots in seconds). Weeks are given by their Friday.
 */
export async function getAgencyWeekFactsForWeeks(db: Db, weekEnds: readonly string[]): Promise<Map<string, AgencyWeekFacts[]>> {
  const byWeek = new Map<string, AgencyWeekFacts[]>(weekEnds.map((w) => [w, []]));
  if (weekEnds.length === 0) return byWeek;
  const weeks = sql.join(weekEnds.map((end) => sql`(cast(${addDays(end, -6)} as date), cast(${end} as date), cast(${endOfTehranDay(end).toISOString()} as timestamptz))`));
  const { rows } = await sql<FactsRow & { week_end: string }>`
    with weeks(week_start, week_end, cutoff) as (values ${weeks}),
    stage_as_of as (
      select w.week_end, e.service_id, e.to_stage as stage
      from integration_event e join weeks w on e.occurred_at < w.cutoff
      qualify row_number() over (partition by w.week_end, e.service_id order by e.occurred_at desc, e.event_id desc) = 1
    ),
    services as (
      select w.week_end, s.agency_id,
             ${SERVICE_COUNTS}
      from service s cross join weeks w
      left join stage_as_of e on e.service_id = s.service_id and e.week_end = w.week_end
      group by w.week_end, s.agency_id
    ),
    metrics as (
      -- The Friday ending a day's Iranian week: DuckDB numbers Sunday 0 … Saturday 6.
      select cast(date + cast((12 - dayofweek(date)) % 7 as integer) as date) as week_end, agency_id,
             ${METRIC_SUMS}
      from service_daily
      where date between (select min(week_start) from weeks) and (select max(week_end) from weeks)
      group by all
    ),
    served as (
      select cast(date + cast((12 - dayofweek(date)) % 7 as integer) as date) as week_end, provider_agency_id as agency_id, sum(calls) as calls
      from exchange_daily
      where date between (select min(week_start) from weeks) and (select max(week_end) from weeks)
      group by all
    )
    select w.week_end,
           a.agency_id,
           ${FACT_COLUMNS}
    from weeks w cross join agency a
    left join services s on s.agency_id = a.agency_id and s.week_end = w.week_end
    left join metrics m on m.agency_id = a.agency_id and m.week_end = w.week_end
    left join served x on x.agency_id = a.agency_id and x.week_end = w.week_end
    order by w.week_end, a.agency_id
  `.execute(db);
  for (const r of rows) byWeek.get(r.week_end)?.push(toAgencyWeekFacts(r));
  return byWeek;
}

function toAgencyWeekFacts(r: FactsRow): AgencyWeekFacts {
  return {
    agencyId: r.agency_id,
    deadline: r.deadline,
    servicesTotal: r.services_total,
    servicesLive: r.services_live,
    keyTotal: r.key_total,
    keyLive: r.key_live,
    liveWithSso: r.live_with_sso,
    metricDays: r.metric_days,
    requests: r.requests,
    completed: r.completed,
    satisfactionSum: r.satisfaction_sum,
    satisfactionCount: r.satisfaction_count,
    docsAsked: r.docs_asked,
    docsFetched: r.docs_fetched,
    availabilityPct: r.availability_pct,
    latencyP95Ms: r.latency_p95_ms,
    exchangeCallsServed: r.exchange_calls_served,
  };
}

/**
 * Replaces the snapshot of one week (delete, then insert) atomically: in the caller's transaction
 * when given one, so the snapshot commits together with whatever else the caller writes.
 */
export async function replaceScoreboardWeek(db: Db, weekEnd: string, rows: Insertable<ScoreboardWeeklyTable>[]): Promise<void> {
  const stray = rows.find((r) => r.week_end !== weekEnd);
  if (stray) throw new Error(`replaceScoreboardWeek(${weekEnd}) was given a row of week ${stray.week_end} (agency ${stray.agency_id})`);
  await inTransaction(db, async (trx) => {
    await trx.deleteFrom('scoreboard_weekly').where('week_end', '=', weekEnd).execute();
    for (let i = 0; i < rows.length; i += SCOREBOARD_CHUNK) {
      await trx.insertInto('scoreboard_weekly').values(rows.slice(i, i + SCOREBOARD_CHUNK)).execute();
    }
  });
}

/**
 * Replaces the snapshots of many weeks in one transaction: one delete, then the rows through
 * DuckDB's appender into a temporary stage and one insert. Week by week, binding 15 parameters per
 * row cost tens of milliseconds a week; three years of national weeks (78,500 rows) take well
 * under a second this way. Every row must belong to one of `weekEnds`.
 */
export async function replaceScoreboardWeeks(db: Db, weekEnds: readonly string[], rows: Insertable<ScoreboardWeeklyTable>[]): Promise<void> {
  const weeks = new Set(weekEnds);
  const stray = rows.find((r) => !weeks.has(r.week_end));
  if (stray) throw new Error(`replaceScoreboardWeeks was given a row of week ${stray.week_end} (agency ${stray.agency_id}), not among the weeks replaced`);
  if (weekEnds.length === 0) return;
  await inTransaction(db, async (trx) => {
    await trx.deleteFrom('scoreboard_weekly').where('week_end', 'in', [...weeks]).execute();
    if (rows.length === 0) return;
    await sql`create or replace temp table stage_scoreboard_weekly as select * from main.scoreboard_weekly limit 0`.execute(trx);
    await withDuckDBConnection(trx, (c) => c.appendRows('stage_scoreboard_weekly', rows as unknown as Record<string, unknown>[], 'temp'));
    await sql`insert into scoreboard_weekly select * from temp.main.stage_scoreboard_weekly`.execute(trx);
    await sql`drop table temp.main.stage_scoreboard_weekly`.execute(trx);
  });
}

/** The week's snapshot with each agency's names, kind and sector; ordered by rank. */
export function getScoreboardWeek(db: Db, weekEnd: string): Promise<ScoreboardRow[]> {
  return db
    .selectFrom('scoreboard_weekly as sw')
    .innerJoin('agency as a', 'a.agency_id', 'sw.agency_id')
    .selectAll('sw')
    .select(['a.name_fa', 'a.name_en', 'a.kind', 'a.sector'])
    .where('sw.week_end', '=', weekEnd)
    .orderBy('sw.rank')
    .orderBy('sw.agency_id')
    .execute();
}

/** What a later week compares with: each agency's rank, status and index in the week. */
export type ScoreboardStandingRow = Pick<Selectable<ScoreboardWeeklyTable>, 'agency_id' | 'rank' | 'status' | 'index'>;

/**
 * The week's standings only (no names, components or timestamps): the scoreboard and the movers
 * read the week before just for its rank, status and index. The whole rows with the agency's names
 * doubled the strings read per request for nothing (issue 8, benchmark 2).
 */
export function getScoreboardStandings(db: Db, weekEnd: string): Promise<ScoreboardStandingRow[]> {
  return db.selectFrom('scoreboard_weekly').select(['agency_id', 'rank', 'status', 'index']).where('week_end', '=', weekEnd).execute();
}

export async function latestScoreboardWeek(db: Db): Promise<string | null> {
  const row = await db.selectFrom('scoreboard_weekly').select((eb) => eb.fn.max('week_end').as('week_end')).executeTakeFirst();
  return row?.week_end ?? null;
}

/** Weeks with a snapshot, most recent first. */
export async function listScoreboardWeeks(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('scoreboard_weekly').select('week_end').distinct().orderBy('week_end', 'desc').execute();
  return rows.map((r) => r.week_end);
}
