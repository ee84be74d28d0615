import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  type AgencyStatus,
  type ScoreboardResponse,
  type ScoreboardSummary,
  iranWeekOf,
  isIsoDay,
  weekLabelEn,
  weekLabelFa,
} from '@hamgam/shared';
import { type Warehouse, getScoreboardWeek, latestScoreboardWeek } from '@hamgam/warehouse';
import { WAREHOUSE } from '../tokens.js';

const SUMMARY_KEY: Record<AgencyStatus, keyof ScoreboardSummary> = {
  joined: 'joined',
  on_track: 'onTrack',
  lagging: 'lagging',
  not_started: 'notStarted',
  silent: 'silent',
};

@Injectable()
export class ScoreboardService {
  constructor(@Inject(WAREHOUSE) private readonly warehouse: Warehouse) {}

  /** The stored snapshot of the week ending on Friday `week`, or the latest one. */
  async scoreboard(week?: string): Promise<ScoreboardResponse> {
    if (week !== undefined) {
      if (!isIsoDay(week)) throw new BadRequestException(`week must be a day YYYY-MM-DD (the week's Friday), got "${week}"`);
      if (iranWeekOf(week).end !== week) throw new BadRequestException(`week is named by its Friday: ${week} is not a Friday (its week ends ${iranWeekOf(week).end})`);
    }
    const weekEnd = week ?? (await latestScoreboardWeek(this.warehouse.db));
    if (!weekEnd) throw new NotFoundException('No scoreboard has been computed yet: the pipelines are still loading the first data.');
    const rows = await getScoreboardWeek(this.warehouse.db, weekEnd);
    if (rows.length === 0) throw new NotFoundException(`No scoreboard is stored for the week ending ${weekEnd}.`);

    const summary: ScoreboardSummary = { joined: 0, onTrack: 0, lagging: 0, notStarted: 0, silent: 0 };
    for (const r of rows) summary[SUMMARY_KEY[r.status as AgencyStatus]]++;
    const { start, end } = iranWeekOf(weekEnd);
    return {
      week: { start, end, labelFa: weekLabelFa(end), labelEn: weekLabelEn(end) },
      methodologyVersion: rows[0].methodology_version,
      computedAt: rows[0].computed_at,
      summary,
      rows: rows
        .map((r) => ({
          agencyId: r.agency_id,
          nameFa: r.name_fa,
          nameEn: r.name_en,
          kind: r.kind,
          sector: r.sector,
          rank: r.rank,
          index: r.index,
          status: r.status as AgencyStatus,
          components: {
            coverage: r.coverage,
            identity: r.identity,
            exchange: r.exchange,
            reliability: r.reliability,
            experience: r.experience,
          },
          expectedCoverage: r.expected_coverage,
          servicesLive: r.services_live,
          servicesTotal: r.services_total,
        }))
        .sort((a, b) => a.rank - b.rank || a.agencyId.localeCompare(b.agencyId)),
    };
  }
}
