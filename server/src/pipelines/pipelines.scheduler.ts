/**
 * Registers the cron jobs (Asia/Tehran): one per enabled source, on its own schedule, so a slow or
 * failing source never holds back another's tick (a tick of a source still running is skipped),
 * and the weekly close early on Saturday, when the Iranian week has just ended.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { TEHRAN_TZ } from '@hamgam/shared';
import type { SourceConfig } from '@hamgam/pipelines';
import type { HamgamConfig } from '../config.js';
import { HAMGAM_CONFIG, SOURCES } from '../tokens.js';
import { PipelinesService } from './pipelines.service.js';

export const CLOSE_WEEK_SCHEDULE = '0 30 0 * * 6'; // Saturday 00:30 in Tehran

export const pullJobName = (sourceId: string) => `pull ${sourceId}`;

@Injectable()
export class PipelinesScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('Scheduler');

  constructor(
    private readonly pipelines: PipelinesService,
    private readonly registry: SchedulerRegistry,
    @Inject(SOURCES) private readonly sources: SourceConfig[],
    @Inject(HAMGAM_CONFIG) private readonly config: HamgamConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.schedulesEnabled) return;
    const enabled = this.sources.filter((s) => s.enabled);
    for (const source of enabled) {
      this.add(pullJobName(source.sourceId), source.schedule, () => this.pipelines.runScheduled(source.sourceId).then(() => undefined), false);
    }
    this.logger.log(`${enabled.length} sources scheduled on ${new Set(enabled.map((s) => s.schedule)).size} schedules`);
    this.add('close-week', CLOSE_WEEK_SCHEDULE, () => this.pipelines.closeWeek().then(() => undefined));
    if (this.config.pullOnStart) {
      // Not awaited: the server answers (health, an empty scoreboard) while the first pull runs.
      void this.pipelines.sync().catch((err: Error) => this.logger.error(`first pull failed: ${err.message}`));
    }
  }

  private add(name: string, schedule: string, task: () => Promise<void>, log = true): void {
    const job = CronJob.from({
      cronTime: schedule,
      timeZone: TEHRAN_TZ,
      start: true,
      onTick: () => task().catch((err: Error) => this.logger.error(`${name}: ${err.message}`)),
    });
    this.registry.addCronJob(name, job as never);
    if (log) this.logger.log(`${name}: next at ${job.nextDate().toISO()}`);
  }
}
