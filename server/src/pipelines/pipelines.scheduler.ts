/**
 * Registers the cron jobs (Asia/Tehran): one per distinct source schedule to pull, and the
 * weekly close early on Saturday, when the Iranian week has just ended.
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
    const schedules = new Set(this.sources.filter((s) => s.enabled).map((s) => s.schedule));
    for (const schedule of schedules) {
      this.add(`pull ${schedule}`, schedule, () => this.pipelines.sync().then(() => undefined));
    }
    this.add('close-week', CLOSE_WEEK_SCHEDULE, () => this.pipelines.closeWeek().then(() => undefined));
    if (this.config.pullOnStart) {
      // Not awaited: the server answers (health, an empty scoreboard) while the first pull runs.
      void this.pipelines.sync().catch((err: Error) => this.logger.error(`first pull failed: ${err.message}`));
    }
  }

  private add(name: string, schedule: string, task: () => Promise<void>): void {
    const job = CronJob.from({
      cronTime: schedule,
      timeZone: TEHRAN_TZ,
      start: true,
      onTick: () => task().catch((err: Error) => this.logger.error(`${name}: ${err.message}`)),
    });
    this.registry.addCronJob(name, job as never);
    this.logger.log(`${name}: next at ${job.nextDate().toISO()}`);
  }
}
