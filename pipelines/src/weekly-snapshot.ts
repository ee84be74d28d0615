/**
 * Closes a week: scores every agency with the methodology from the week's facts and stores one
 * snapshot row per agency, with the methodology version, replacing any earlier snapshot of the week.
 */
import { type IranWeek, METHODOLOGY_V1, type Methodology, iranWeekOf, rankScores, scoreAgencyWeek } from '@hamgam/shared';
import { type Warehouse, getAgencyWeekFacts, replaceScoreboardWeek } from '@hamgam/warehouse';

export interface SnapshotResult {
  week: IranWeek;
  agencies: number;
  methodologyVersion: string;
}

export async function buildWeeklySnapshot(wh: Warehouse, weekEnd: string, methodology: Methodology = METHODOLOGY_V1): Promise<SnapshotResult> {
  const week = iranWeekOf(weekEnd);
  if (week.end !== weekEnd) throw new Error(`a week is named by its Friday: ${weekEnd} is not one (its week ends ${week.end})`);
  const facts = await getAgencyWeekFacts(wh.db, { weekStart: week.start, weekEnd: week.end });
  const byAgency = new Map(facts.map((f) => [f.agencyId, f]));
  const ranked = rankScores(facts.map((f) => scoreAgencyWeek(methodology, f, week.end)));
  const computedAt = new Date().toISOString();
  await wh.db.transaction().execute((tx) =>
    replaceScoreboardWeek(
      tx,
      week.end,
      ranked.map((s) => ({
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
      })),
    ),
  );
  wh.bumpDataVersion();
  return { week, agencies: ranked.length, methodologyVersion: methodology.version };
}
