/**
 * One pipeline run of one source: fetch since the watermark, validate every row, and load the
 * valid rows, the rejects, the new watermark and the run's outcome in one transaction, so a crash
 * leaves the warehouse as it was before the run. Every run satisfies
 * received = loaded + rejected + duplicate.
 */
import { randomUUID } from 'node:crypto';
import { type Dataset, addDays, tehranDay } from '@hamgam/shared';
import {
  type Warehouse,
  finishPipelineRun,
  getSourceState,
  insertIntegrationEvents,
  insertRejectedRows,
  listAgencies,
  listServicesOfAgency,
  startPipelineRun,
  upsertExchangeDaily,
  upsertServiceDaily,
  upsertServices,
  upsertSourceState,
} from '@hamgam/warehouse';
import { fetchDataset } from './feed-client.js';
import type { SourceConfig } from './sources.js';
import { type ValidationContext, validateRow } from './validate.js';

export interface RunResult {
  runId: string;
  sourceId: string;
  status: 'succeeded' | 'failed';
  received: number;
  loaded: number;
  rejected: number;
  duplicate: number;
  watermarkBefore: string | null;
  watermarkAfter: string | null;
  error: string | null;
}

export interface RunOptions {
  now?: Date;
  /** Days before the watermark pulled again, so late rows and restatements are picked up. */
  lookbackDays?: number;
  timeoutMs?: number;
  retries?: number;
}

/** The key that makes a row the same fact, for de-duplicating within one batch. */
function rowKey(dataset: Dataset, row: Record<string, unknown>): string {
  switch (dataset) {
    case 'services':
      return String(row.service_id);
    case 'service-metrics':
      return `${row.date}|${row.service_id}`;
    case 'exchange':
      return `${row.date}|${row.provider_agency_id}|${row.consumer_agency_id}|${row.data_service}`;
    case 'integration-events':
      return String(row.event_id);
  }
}

function factDay(dataset: Dataset, row: Record<string, unknown>): string | null {
  if (dataset === 'service-metrics' || dataset === 'exchange') return row.date as string;
  if (dataset === 'integration-events') return tehranDay(new Date(row.occurred_at as string));
  return null;
}

async function writeRows(tx: Parameters<typeof upsertServices>[0], dataset: Dataset, rows: Record<string, unknown>[]) {
  switch (dataset) {
    case 'services':
      return upsertServices(tx, rows as never);
    case 'service-metrics':
      return upsertServiceDaily(tx, rows as never);
    case 'exchange':
      return upsertExchangeDaily(tx, rows as never);
    case 'integration-events':
      return insertIntegrationEvents(tx, rows as never);
  }
}

export async function runSource(wh: Warehouse, source: SourceConfig, opts: RunOptions = {}): Promise<RunResult> {
  const { db } = wh;
  const runId = randomUUID();
  const now = opts.now ?? new Date();
  const today = tehranDay(now);
  const state = await getSourceState(db, source.sourceId);
  const watermarkBefore = state?.watermark ?? null;
  const since = source.dataset === 'services' || !watermarkBefore ? null : addDays(watermarkBefore, -(opts.lookbackDays ?? 3));

  await startPipelineRun(db, {
    run_id: runId,
    source_id: source.sourceId,
    agency_id: source.agencyId,
    dataset: source.dataset,
    started_at: now.toISOString(),
    finished_at: null,
    status: 'running',
    received: 0,
    loaded: 0,
    rejected: 0,
    duplicate: 0,
    watermark_before: watermarkBefore,
    watermark_after: null,
    error: null,
  });

  const result: RunResult = {
    runId,
    sourceId: source.sourceId,
    status: 'failed',
    received: 0,
    loaded: 0,
    rejected: 0,
    duplicate: 0,
    watermarkBefore,
    watermarkAfter: watermarkBefore,
    error: null,
  };

  try {
    const raw = await fetchDataset({
      baseUrl: source.baseUrl,
      dataset: source.dataset,
      token: source.token,
      since,
      timeoutMs: opts.timeoutMs,
      retries: opts.retries,
    });
    result.received = raw.length;

    const ctx: ValidationContext = {
      agencyId: source.agencyId,
      knownServiceIds: new Set((await listServicesOfAgency(db, source.agencyId)).map((s) => s.service_id)),
      knownAgencyIds: new Set((await listAgencies(db)).map((a) => a.agency_id)),
      today,
      runId,
    };

    const valid = new Map<string, Record<string, unknown>>();
    const rejects: { row_number: number; reason: string; raw: string }[] = [];
    let batchDuplicates = 0;
    raw.forEach((row, i) => {
      const checked = validateRow(source.dataset, row, ctx, source.sourceId);
      if (!checked.ok) {
        rejects.push({ row_number: i + 1, reason: checked.reason, raw: JSON.stringify(row) });
        return;
      }
      const key = rowKey(source.dataset, checked.row);
      if (valid.has(key)) batchDuplicates++; // the later row of a repeated fact wins
      valid.set(key, checked.row);
    });

    let watermarkAfter = watermarkBefore;
    for (const row of valid.values()) {
      const d = factDay(source.dataset, row);
      if (d && (!watermarkAfter || d > watermarkAfter)) watermarkAfter = d;
    }
    if (source.dataset === 'services') watermarkAfter = today;

    await db.transaction().execute(async (tx) => {
      const written = valid.size ? await writeRows(tx, source.dataset, [...valid.values()]) : { written: 0, unchanged: 0 };
      result.loaded = written.written;
      result.duplicate = batchDuplicates + written.unchanged;
      result.rejected = rejects.length;
      result.watermarkAfter = watermarkAfter;
      result.status = 'succeeded';
      if (rejects.length)
        await insertRejectedRows(
          tx,
          rejects.map((r) => ({ ...r, run_id: runId, source_id: source.sourceId, dataset: source.dataset, rejected_at: now.toISOString() })),
        );
      await upsertSourceState(tx, {
        source_id: source.sourceId,
        agency_id: source.agencyId,
        dataset: source.dataset,
        base_url: source.baseUrl,
        format: source.format,
        token: source.token,
        schedule: source.schedule,
        enabled: source.enabled,
        watermark: watermarkAfter,
        last_run_id: runId,
        last_success_at: new Date().toISOString(),
        last_error: null,
      });
      await finishPipelineRun(tx, runId, {
        finished_at: new Date().toISOString(),
        status: 'succeeded',
        received: result.received,
        loaded: result.loaded,
        rejected: result.rejected,
        duplicate: result.duplicate,
        watermark_after: watermarkAfter,
      });
    });
    wh.bumpDataVersion();
  } catch (err) {
    // Nothing of a failed run is kept, so it counts nothing: received = loaded + rejected + duplicate = 0.
    result.status = 'failed';
    result.error = result.received ? `${(err as Error).message} (${result.received} rows fetched, none loaded)` : (err as Error).message;
    result.received = 0;
    result.loaded = 0;
    result.rejected = 0;
    result.duplicate = 0;
    result.watermarkAfter = watermarkBefore;
    await finishPipelineRun(db, runId, {
      finished_at: new Date().toISOString(),
      status: 'failed',
      received: result.received,
      error: result.error,
    });
    await upsertSourceState(db, {
      source_id: source.sourceId,
      agency_id: source.agencyId,
      dataset: source.dataset,
      base_url: source.baseUrl,
      format: source.format,
      token: source.token,
      schedule: source.schedule,
      enabled: source.enabled,
      watermark: watermarkBefore,
      last_run_id: runId,
      last_success_at: state?.last_success_at ?? null,
      last_error: result.error,
    });
  }
  return result;
}
