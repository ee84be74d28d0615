/**
 * Runs many sources at once: each agency's catalogue first, then its other datasets; agencies side
 * by side up to a bound, so one slow agency never holds the others back (see SourceRunner).
 */
import type { Warehouse } from '@hamgam/warehouse';
import type { RunOptions, RunResult } from './run-source.js';
import { SourceRunner } from './source-runner.js';
import type { SourceConfig } from './sources.js';

export interface RunAllOptions extends RunOptions {
  /** Most sources running at once. Default 4. */
  concurrency?: number;
  onResult?: (result: RunResult) => void;
}

export function runSources(wh: Warehouse, sources: readonly SourceConfig[], opts: RunAllOptions = {}): Promise<RunResult[]> {
  const { concurrency, ...rest } = opts;
  return new SourceRunner(wh, sources, { ...rest, maxConcurrent: concurrency ?? 4 }).runAll();
}
