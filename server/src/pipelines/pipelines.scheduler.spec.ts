import { SchedulerRegistry } from '@nestjs/schedule';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SourceConfig } from '@hamgam/pipelines';
import { loadConfig } from '../config.js';
import { CLOSE_WEEK_SCHEDULE, PipelinesScheduler } from './pipelines.scheduler.js';
import type { PipelinesService } from './pipelines.service.js';

const source = (agencyId: string, schedule: string, enabled = true): SourceConfig => ({
  sourceId: `${agencyId}:services`,
  agencyId,
  dataset: 'services',
  baseUrl: 'http://127.0.0.1:1/agencies/x',
  format: 'json',
  token: null,
  schedule,
  enabled,
});

describe('pipeline schedules', () => {
  const registry = new SchedulerRegistry();
  afterEach(() => {
    for (const name of registry.getCronJobs().keys()) registry.deleteCronJob(name);
  });

  function schedulerWith(sources: SourceConfig[], overrides: Partial<ReturnType<typeof loadConfig>>) {
    const pipelines = { sync: vi.fn().mockResolvedValue(undefined), closeWeek: vi.fn().mockResolvedValue(undefined), runScheduled: vi.fn().mockResolvedValue(undefined) };
    const config = { ...loadConfig({}), ...overrides };
    return { pipelines, scheduler: new PipelinesScheduler(pipelines as unknown as PipelinesService, registry, sources, config) };
  }

  it('registers one pull per enabled source, each on its own schedule, and the weekly close, in Tehran time', async () => {
    const { scheduler, pipelines } = schedulerWith([source('a', '0 */15 * * * *'), source('b', '0 */15 * * * *'), source('c', '0 0 3 * * *'), source('d', '0 0 4 * * *', false)], {
      pullOnStart: false,
    });
    scheduler.onApplicationBootstrap();
    const jobs = registry.getCronJobs();
    expect([...jobs.keys()].sort()).toEqual(['close-week', 'pull a:services', 'pull b:services', 'pull c:services']);
    // The week closes early on Saturday in Tehran, whatever the server's own time zone.
    const close = jobs.get('close-week')!.nextDate();
    expect(CLOSE_WEEK_SCHEDULE).toBe('0 30 0 * * 6');
    expect(close.setZone('Asia/Tehran').toFormat('ccc HH:mm')).toBe('Sat 00:30');
    expect(jobs.get('pull c:services')!.nextDate().setZone('Asia/Tehran').toFormat('HH:mm')).toBe('03:00');
    expect(pipelines.sync).not.toHaveBeenCalled();
    // A tick runs its own source only.
    await (jobs.get('pull c:services') as unknown as { fireOnTick(): Promise<void> }).fireOnTick();
    expect(pipelines.runScheduled).toHaveBeenCalledWith('c:services');
    expect(pipelines.runScheduled).toHaveBeenCalledTimes(1);
  });

  it('pulls at once on start when asked, and registers nothing when schedules are off', () => {
    const on = schedulerWith([source('a', '0 */15 * * * *')], { pullOnStart: true });
    on.scheduler.onApplicationBootstrap();
    expect(on.pipelines.sync).toHaveBeenCalledTimes(1);
    for (const name of registry.getCronJobs().keys()) registry.deleteCronJob(name);

    const off = schedulerWith([source('a', '0 */15 * * * *')], { schedulesEnabled: false });
    off.scheduler.onApplicationBootstrap();
    expect(registry.getCronJobs().size).toBe(0);
    expect(off.pipelines.sync).not.toHaveBeenCalled();
  });
});
