/**
 * Closes a week: scores every agency with the methodology from the week's facts and stores one
 * snapshot row per agency, with the methodology version, replacing any earlier snapshot of the week.
 */
import { type AgencyWeekFacts, type IranWeek, METHODOLOGY_V1, type Methodology, iranWeekOf, rankScores, scoreAgencyWeek } from '@hamgam/shared';
import { type Warehouse, getAgencyWeekFacts, getAgencyWeekFactsForWeeks, replaceScoreboardWeek, replaceScoreboardWeeks } from '@hamgam/warehouse';

export interface SnapshotResult {
  week: IranWeek;
  agencies: number;
  methodologyVersion: string;
}

function fridayWeek(weekEnd: string): IranWeek {
  const week = iranWeekOf(weekEnd);
  if (week.end !== weekEnd) throw new Error(`a week is named by its Friday: ${weekEnd} is not one (its week ends ${week.end})`);
  return week;
}

/** The snapshot rows of one week: every agency scored with the methodology, then ranked. */
function snapshotRows(week: IranWeek, facts: AgencyWeekFacts[], methodology: Methodology, computedAt: string) {
  const byAgency = new Map(facts.map((f) => [f.agencyId, f]));
  const ranked = rankScores(facts.map((f) => scoreAgencyWeek(methodology, f, week.end)));
  return ranked.map((s) => ({
        week_end: week.end,
        agency_id: s.agencyId,
        methodology_version: methodology.version,
        coverage: s.components.coverage,
        identity: s.components.identity,
        exchange: s.components.exchange,
        reliability: s.components.reliability,
        experience: s.components.experience,
        index: s.index,
        rank: s.rank,
        status: s.status,
        expected_coverage: s.expectedCoverage,
        services_total: byAgency.get(s.agencyId)?.servicesTotal ?? 0,
        services_live: byAgency.get(s.agencyId)?.servicesLive ?? 0,
        computed_at: computedAt,
      }));
}

export async function buildWeeklySnapshot(wh: Warehouse, weekEnd: string, methodology: Methodology = METHODOLOGY_V1): Promise<SnapshotResult> {
  const week = fridayWeek(weekEnd);
  const facts = await getAgencyWeekFacts(wh.db, { weekStart: week.start, weekEnd: week.end });
  const rows = snapshotRows(week, facts, methodology, new Date().toISOString());
  await wh.db.transaction().execute((tx) => replaceScoreboardWeek(tx, week.end, rows));
  wh.bumpDataVersion();
  return { week, agencies: rows.length, methodologyVersion: methodology.version };
}

/**
 * Closes many weeks at once, each exactly as buildWeeklySnapshot would: the facts of all of them
 * in one read and every snapshot row in one transaction (a history of years in seconds, where week
 * by week it took minutes at national scale).
 */
export async function buildWeeklySnapshots(wh: Warehouse, weekEnds: readonly string[], methodology: Methodology = METHODOLOGY_V1): Promise<SnapshotResult[]> {
  const weeks = weekEnds.map(fridayWeek);
  if (weeks.length === 0) return [];
  const facts = await getAgencyWeekFactsForWeeks(wh.db, weekEnds);
  const computedAt = new Date().toISOString();
  const perWeek = weeks.map((week) => snapshotRows(week, facts.get(week.end) ?? [], methodology, computedAt));
  await wh.db.transaction().execute((tx) => replaceScoreboardWeeks(tx, weekEnds, perWeek.flat()));
  wh.bumpDataVersion();
  return weeks.map((week, i) => ({ week, agencies: perWeek[i].length, methodologyVersion: methodology.version }));
}
