/** Reads behind the agency's own view: its weeks, its sector's median, its services' stage changes. */
import { sql } from 'kysely';
import type { Db } from './staged-upsert.js';

export interface AgencyWeekRow {
  week_end: string;
  methodology_version: string;
  index: number;
  rank: number;
  agencies: number;
  status: string;
  coverage: number;
  expected_coverage: number;
}

/** One agency's snapshot rows, oldest first, each with how many agencies were ranked that week. */
export async function listAgencyWeeks(db: Db, agencyId: string): Promise<AgencyWeekRow[]> {
  const { rows } = await sql<AgencyWeekRow>`
    select sw.week_end, sw.methodology_version, sw.index, sw.rank, w.agencies, sw.status, sw.coverage, sw.expected_coverage
    from scoreboard_weekly sw
    join (select week_end, count(*) as agencies from scoreboard_weekly group by week_end) w on w.week_end = sw.week_end
    where sw.agency_id = ${agencyId}
    order by sw.week_end
  `.execute(db);
  return rows;
}

export interface SectorMedianRow {
  agencies: number;
  index: number | null;
  coverage: number | null;
  identity: number | null;
  exchange: number | null;
  reliability: number | null;
  experience: number | null;
}

/**
 * The median of each figure over the agencies of one sector (every agency when `sector` is null)
 * in one week's snapshot, and how many agencies there are: aggregates only, no agency's own row
 * leaves the query.
 */
export async function getSectorMedian(db: Db, weekEnd: string, sector: string | null): Promise<SectorMedianRow> {
  const { rows } = await sql<SectorMedianRow>`
    select count(*) as agencies,
           round(median(sw.index), 1) as index,
           round(median(sw.coverage), 1) as coverage,
           round(median(sw.identity), 1) as identity,
           round(median(sw.exchange), 1) as exchange,
           round(median(sw.reliability), 1) as reliability,
           round(median(sw.experience), 1) as experience
    from scoreboard_weekly sw
    join agency a on a.agency_id = sw.agency_id
    where sw.week_end = cast(${weekEnd} as date) and (${sector}::varchar is null or a.sector = ${sector})
  `.execute(db);
  return rows[0];
}

export interface StageChangeRow {
  service_id: string;
  name_fa: string;
  name_en: string;
  occurred_at: string;
  from_stage: string | null;
  to_stage: string;
}

/** Every stage change of one agency's services, newest first. */
export async function listAgencyStageChanges(db: Db, agencyId: string): Promise<StageChangeRow[]> {
  const { rows } = await sql<StageChangeRow>`
    select e.service_id, s.name_fa, s.name_en, e.occurred_at, e.from_stage, e.to_stage
    from integration_event e
    join service s on s.service_id = e.service_id
    where e.agency_id = ${agencyId}
    order by e.occurred_at desc, e.event_id desc
  `.execute(db);
  return rows;
}
