/**
 * Drives the pipelines inside the server process (the single writer of the warehouse): pulls every
 * source, then closes the latest complete week. Runs never overlap: a tick that finds a sync in
 * progress waits for it instead of starting a second one.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { latestCompleteWeek } from '@hamgam/shared';
import { type RunResult, type SnapshotResult, type SourceConfig, backfillWeeklySnapshots, runSources } from '@hamgam/pipelines';
import { type Warehouse, getScoreboardWeek } from '@hamgam/warehouse';
import type { HamgamConfig } from '../config.js';
import { HAMGAM_CONFIG, SOURCES, WAREHOUSE } from '../tokens.js';

export interface SyncResult {
  runs: RunResult[];
  snapshot: SnapshotResult;
}

@Injectable()
export class PipelinesService {
  private readonly logger = new Logger('Pipelines');
  private inFlight: Promise<SyncResult> | null = null;

  constructor(
    @Inject(WAREHOUSE) private readonly warehouse: Warehouse,
    @Inject(SOURCES) private readonly sources: SourceConfig[],
    @Inject(HAMGAM_CONFIG) private readonly config: HamgamConfig,
  ) {}

  /** Pull every enabled source, then rebuild the latest complete week's snapshot. */
  sync(now: Date = new Date()): Promise<SyncResult> {
    this.inFlight ??= this.doSync(now).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /**
   * Builds the snapshot of every complete week that has none yet, the week just ended included.
   * A stored week is never rebuilt silently: a later restated fact shows as a revision in the
   * agency breakdown instead (docs/methodology.md, "Missing data").
   */
  async closeWeek(now: Date = new Date()): Promise<SnapshotResult> {
    const { built } = await backfillWeeklySnapshots(this.warehouse, { now });
    const week = latestCompleteWeek(now);
    const rows = await getScoreboardWeek(this.warehouse.db, week.end);
    if (built.length) this.logger.log(`snapshots built for ${built.length} weeks, the latest ending ${built.at(-1)}`);
    return { week, agencies: rows.length, methodologyVersion: rows[0]?.methodology_version ?? '' };
  }

  private async doSync(now: Date): Promise<SyncResult> {
    const started = Date.now();
    const runs = await runSources(this.warehouse, this.sources, { now, concurrency: this.config.pipelineConcurrency });
    const failed = runs.filter((r) => r.status === 'failed');
    const loaded = runs.reduce((n, r) => n + r.loaded, 0);
    const rejected = runs.reduce((n, r) => n + r.rejected, 0);
    this.logger.log(`${runs.length} runs in ${Date.now() - started} ms: ${loaded} rows loaded, ${rejected} rejected, ${failed.length} runs failed`);
    for (const f of failed.slice(0, 5)) this.logger.warn(`${f.sourceId}: ${f.error}`);
    const snapshot = await this.closeWeek(now);
    return { runs, snapshot };
  }
}
