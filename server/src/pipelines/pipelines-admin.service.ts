/**
 * What operators (and, scoped, agency officers) read about the pipelines: runs, quarantined rows,
 * sources and each agency's freshness. Decides the rules (validation, freshness thresholds) and
 * maps warehouse rows to the shared response types; the SQL stays in the warehouse.
 */
import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import {
  type AgencyFreshness,
  type DailyReporting,
  DATASETS,
  type FreshnessStatus,
  PIPELINE_RUN_STATUSES,
  type PipelineRunStatus,
  type PipelineRunsResponse,
  type PipelineSource,
  type PipelineSourcesResponse,
  type RejectedRowsResponse,
  addDays,
  daysBetween,
  tehranDay,
} from '@hamgam/shared';
import type { SourceConfig } from '@hamgam/pipelines';
import {
  type Warehouse,
  listAgencyLastDataDays,
  listDailyReporting,
  listSourceStates,
  queryPipelineRuns,
  queryRejectedRows,
} from '@hamgam/warehouse';
import { SOURCES, WAREHOUSE } from '../tokens.js';

/**
 * Which agencies the caller may see. Every method takes one so the roles issue only has to build
 * it from the signed-in user; `agencyIds` undefined means every agency.
 */
export interface AgencyScope {
  agencyIds?: readonly string[];
}
export const ALL_AGENCIES: AgencyScope = Object.freeze({});

/** Silent after a week without data: the methodology's week, and the rule. */
export const SILENT_AFTER_DAYS = 7;
/** Feeds serve up to yesterday; a day of slack for a pull that has not run yet today. */
export const FRESH_WITHIN_DAYS = 2;

/** How far back the per-day reporting goes: a month shows a silence starting and weekly rhythm. */
export const REPORTING_DAYS = 30;

export const MAX_LIMIT = 1000;
export const DEFAULT_RUNS_LIMIT = 100;
export const DEFAULT_REJECTS_LIMIT = 100;

/** Query parameters as they arrive over HTTP: strings, any of them absent. */
export interface RunsQuery {
  limit?: string;
  status?: string;
  agency?: string;
  dataset?: string;
}
export interface RejectsQuery {
  limit?: string;
  runId?: string;
  agency?: string;
  dataset?: string;
}

const AGENCY_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const RUN_ID = /^[A-Za-z0-9_-]{1,100}$/;

function parseLimit(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
    throw new BadRequestException(`limit must be a whole number from 1 to ${MAX_LIMIT}, got "${value}"`);
  }
  return n;
}

function parseOneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new BadRequestException(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  }
  return value as T;
}

function parsePattern(name: string, value: string | undefined, pattern: RegExp, what: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!pattern.test(value)) throw new BadRequestException(`${name} must be ${what}, got "${value}"`);
  return value;
}

/** fresh / late / silent from the days since the last data day (null: never any data). */
export function freshnessOf(daysBehind: number | null): FreshnessStatus {
  if (daysBehind === null || daysBehind > SILENT_AFTER_DAYS) return 'silent';
  return daysBehind > FRESH_WITHIN_DAYS ? 'late' : 'fresh';
}

const FRESHNESS_RANK: Record<FreshnessStatus, number> = { silent: 0, late: 1, fresh: 2 };

/** Optional columns another change may add to source_state; read when present, null otherwise. */
function optionalNumber(row: object, column: string): number | null {
  const v = (row as Record<string, unknown>)[column];
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null;
}
function optionalString(row: object, column: string): string | null {
  const v = (row as Record<string, unknown>)[column];
  return typeof v === 'string' ? v : null;
}

@Injectable()
export class PipelinesAdminService {
  constructor(
    @Inject(WAREHOUSE) private readonly warehouse: Warehouse,
    @Inject(SOURCES) private readonly configured: SourceConfig[],
  ) {}

  async runs(query: RunsQuery, scope: AgencyScope = ALL_AGENCIES): Promise<PipelineRunsResponse> {
    const limit = parseLimit(query.limit, DEFAULT_RUNS_LIMIT);
    const status = parseOneOf('status', query.status, PIPELINE_RUN_STATUSES);
    const dataset = parseOneOf('dataset', query.dataset, DATASETS);
    const agencyId = parsePattern('agency', query.agency, AGENCY_ID, 'an agency id (lower-case letters, digits, - or _)');
    const rows = await queryPipelineRuns(this.warehouse.db, { limit, status, agencyId, dataset, agencyIds: scope.agencyIds });
    return {
      limit,
      runs: rows.map((r) => ({
        runId: r.run_id,
        sourceId: r.source_id,
        agencyId: r.agency_id,
        nameFa: r.name_fa,
        nameEn: r.name_en,
        dataset: r.dataset,
        startedAt: r.started_at,
        finishedAt: r.finished_at,
        durationMs: r.finished_at ? Math.max(0, Date.parse(r.finished_at) - Date.parse(r.started_at)) : null,
        status: r.status as PipelineRunStatus,
        received: r.received,
        loaded: r.loaded,
        rejected: r.rejected,
        duplicate: r.duplicate,
        watermarkBefore: r.watermark_before,
        watermarkAfter: r.watermark_after,
        error: r.error,
      })),
    };
  }

  async rejects(query: RejectsQuery, scope: AgencyScope = ALL_AGENCIES): Promise<RejectedRowsResponse> {
    const limit = parseLimit(query.limit, DEFAULT_REJECTS_LIMIT);
    const dataset = parseOneOf('dataset', query.dataset, DATASETS);
    const agencyId = parsePattern('agency', query.agency, AGENCY_ID, 'an agency id (lower-case letters, digits, - or _)');
    const runId = parsePattern('runId', query.runId, RUN_ID, 'a run id');
    const rows = await queryRejectedRows(this.warehouse.db, { limit, runId, agencyId, dataset, agencyIds: scope.agencyIds });
    return {
      limit,
      rejects: rows.map((r) => ({
        rejectId: r.reject_id,
        runId: r.run_id,
        sourceId: r.source_id,
        agencyId: r.agency_id,
        nameFa: r.name_fa,
        nameEn: r.name_en,
        dataset: r.dataset,
        rowNumber: r.row_number,
        reason: r.reason,
        raw: r.raw,
        rejectedAt: r.rejected_at,
      })),
    };
  }

  async sources(scope: AgencyScope = ALL_AGENCIES, now: Date = new Date()): Promise<PipelineSourcesResponse> {
    const today = tehranDay(now);
    const inScope = (agencyId: string) => !scope.agencyIds || scope.agencyIds.includes(agencyId);
    const from = addDays(today, -(REPORTING_DAYS - 1));
    const [states, dataDays, reporting] = await Promise.all([
      listSourceStates(this.warehouse.db),
      listAgencyLastDataDays(this.warehouse.db, scope.agencyIds),
      listDailyReporting(this.warehouse.db, { from, to: today, agencyIds: scope.agencyIds }),
    ]);
    // Every day of the window, zeros included: a day nobody reported is the finding.
    const byDay = new Map(reporting.map((r) => [r.date, r]));
    const daily: DailyReporting[] = [];
    for (let day = from; day <= today; day = addDays(day, 1)) {
      daily.push({ day, agencies: byDay.get(day)?.agencies ?? 0, rows: byDay.get(day)?.rows ?? 0 });
    }

    // A configured source that has not run yet has no state row; it still belongs on the list.
    const byId = new Map<string, PipelineSource>();
    for (const c of this.configured) {
      if (!inScope(c.agencyId)) continue;
      byId.set(c.sourceId, {
        sourceId: c.sourceId,
        agencyId: c.agencyId,
        dataset: c.dataset,
        format: c.format,
        schedule: c.schedule,
        enabled: c.enabled,
        watermark: null,
        lastRunId: null,
        lastSuccessAt: null,
        lastError: null,
        consecutiveFailures: null,
        breakerState: null,
      });
    }
    for (const s of states) {
      if (!inScope(s.agency_id)) continue;
      byId.set(s.source_id, {
        sourceId: s.source_id,
        agencyId: s.agency_id,
        dataset: s.dataset,
        format: s.format,
        schedule: s.schedule,
        enabled: s.enabled,
        watermark: s.watermark,
        lastRunId: s.last_run_id,
        lastSuccessAt: s.last_success_at,
        lastError: s.last_error,
        consecutiveFailures: optionalNumber(s, 'consecutive_failures'),
        breakerState: optionalString(s, 'breaker_state'),
      });
    }
    const sources = [...byId.values()].sort((a, b) => a.sourceId.localeCompare(b.sourceId));

    const agencies: AgencyFreshness[] = dataDays.map((d) => {
      const own = sources.filter((s) => s.agencyId === d.agency_id);
      const failing = own.filter((s) => s.lastError !== null);
      const lastSuccessAt = own.reduce<string | null>((latest, s) => (s.lastSuccessAt && (!latest || Date.parse(s.lastSuccessAt) > Date.parse(latest)) ? s.lastSuccessAt : latest), null);
      const daysBehind = d.last_data_day ? Math.max(0, daysBetween(d.last_data_day, today)) : null;
      const status = freshnessOf(daysBehind);
      return {
        agencyId: d.agency_id,
        nameFa: d.name_fa,
        nameEn: d.name_en,
        lastDataDay: d.last_data_day,
        daysBehind,
        status,
        silent: status === 'silent',
        lastSuccessAt,
        lastError: failing[0]?.lastError ?? null,
        sources: own.length,
        failingSources: failing.length,
      };
    });
    agencies.sort(
      (a, b) =>
        FRESHNESS_RANK[a.status] - FRESHNESS_RANK[b.status] ||
        (b.daysBehind ?? Infinity) - (a.daysBehind ?? Infinity) ||
        b.failingSources - a.failingSources ||
        a.agencyId.localeCompare(b.agencyId),
    );
    return { today, silentAfterDays: SILENT_AFTER_DAYS, agencies, sources, daily };
  }
}
