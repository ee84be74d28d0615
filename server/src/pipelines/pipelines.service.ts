/**
 * Drives the pipelines inside the server process (the single writer of the warehouse). One
 * SourceRunner serves both the scheduled ticks (each source on its own cron) and the full pull,
 * so the global limit, the overlap check and the breakers hold across both. After scheduled runs
 * that loaded something, missing weekly snapshots are built once things settle.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { latestCompleteWeek } from '@hamgam/shared';
import { type RunResult, type SnapshotResult, type SourceConfig, SourceRunner, type TickOutcome, backfillWeeklySnapshots } from '@hamgam/pipelines';
import { type Warehouse, getScoreboardWeek } from '@hamgam/warehouse';
import type { HamgamConfig } from '../config.js';
import { HAMGAM_CONFIG, SOURCES, WAREHOUSE } from '../tokens.js';

export interface SyncResult {
  runs: RunResult[];
  snapshot: SnapshotResult;
}

/** Scheduled loads within this long of each other share one snapshot rebuild. */
const SNAPSHOT_SETTLE_MS = 5_000;

@Injectable()
export class PipelinesService implements OnModuleDestroy {
  private readonly logger = new Logger('Pipelines');
  private inFlight: Promise<SyncResult> | null = null;
  private snapshotTimer: NodeJS.Timeout | null = null;
  /** Snapshot builds in progress (scheduled, after loads, or a sync's). */
  private readonly building = new Set<Promise<unknown>>();
  private readonly stopping = new AbortController();
  readonly runner: SourceRunner;

  constructor(
    @Inject(WAREHOUSE) private readonly warehouse: Warehouse,
    @Inject(SOURCES) private readonly sources: SourceConfig[],
    @Inject(HAMGAM_CONFIG) private readonly config: HamgamConfig,
  ) {
    this.runner = new SourceRunner(warehouse, sources, {
      maxConcurrent: config.pipelineConcurrency,
      timeoutMs: config.requestTimeoutMs,
      runTimeoutMs: config.runTimeoutMs,
      retries: config.retries,
      retryBaseMs: config.retryBaseMs,
      lookbackDays: config.lookbackDays,
      breaker: { failureThreshold: config.breakerThreshold, coolDownMs: config.breakerCoolDownMs },
    });
  }

  /** Pull every enabled source, then rebuild the latest complete week's snapshot. */
  sync(now: Date = new Date()): Promise<SyncResult> {
    this.inFlight ??= this.doSync(now).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /** One source's scheduled tick: skipped while it runs or while its breaker is open. */
  async runScheduled(sourceId: string): Promise<TickOutcome> {
    const outcome = await this.runner.tick(sourceId);
    if (outcome.status === 'skipped') {
      if (outcome.reason !== 'disabled') this.logger.debug(`${sourceId}: tick skipped (${outcome.reason})`);
      return outcome;
    }
    const run = outcome.result;
    if (run.status === 'failed') this.logger.warn(`${sourceId}: ${run.error}`);
    else if (run.loaded > 0) this.refreshSnapshotSoon();
    return outcome;
  }

  /**
   * Builds the snapshot of every complete week that has none yet, the week just ended included.
   * A stored week is never rebuilt silently: a later restated fact shows as a revision in the
   * agency breakdown instead (docs/methodology.md, "Missing data").
   */
  async closeWeek(now: Date = new Date()): Promise<SnapshotResult> {
    const backfill = backfillWeeklySnapshots(this.warehouse, { now, signal: this.stopping.signal });
    this.building.add(backfill);
    const { built } = await backfill.finally(() => this.building.delete(backfill));
    const week = latestCompleteWeek(now);
    const rows = await getScoreboardWeek(this.warehouse.db, week.end);
    if (built.length) this.logger.log(`snapshots built for ${built.length} weeks, the latest ending ${built[0]}`);
    return { week, agencies: rows.length, methodologyVersion: rows[0]?.methodology_version ?? '' };
  }

  /**
   * A stop lets the runs in progress end (each is one transaction) and the snapshot backfill stop
   * after its current week, so the warehouse closes with nothing running on it.
   */
  async onModuleDestroy(): Promise<void> {
    if (this.snapshotTimer) clearTimeout(this.snapshotTimer);
    this.stopping.abort();
    await this.runner.stop();
    await Promise.allSettled([...this.building, this.inFlight]);
  }

  private refreshSnapshotSoon(): void {
    if (this.snapshotTimer) clearTimeout(this.snapshotTimer);
    this.snapshotTimer = setTimeout(() => {
      this.snapshotTimer = null;
      this.closeWeek().catch((err: Error) => this.logger.error(`snapshot failed: ${err.message}`));
    }, SNAPSHOT_SETTLE_MS);
    this.snapshotTimer.unref();
  }

  private async doSync(now: Date): Promise<SyncResult> {
    const started = Date.now();
    const runs = await this.runner.runAll();
    const failed = runs.filter((r) => r.status === 'failed');
    const loaded = runs.reduce((n, r) => n + r.loaded, 0);
    const rejected = runs.reduce((n, r) => n + r.rejected, 0);
    this.logger.log(`${runs.length} runs in ${Date.now() - started} ms: ${loaded} rows loaded, ${rejected} rejected, ${failed.length} runs failed`);
    for (const f of failed.slice(0, 5)) this.logger.warn(`${f.sourceId}: ${f.error}`);
    const snapshot = await this.closeWeek(now);
    return { runs, snapshot };
  }
}
