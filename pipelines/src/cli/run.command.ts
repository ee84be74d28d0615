/** `run` and `rerun`: a source (or an agency's sources) now, with a progress bar over the runs. */
import { DATASETS, type Dataset } from '@hamgam/shared';
import { getPipelineRun } from '@hamgam/warehouse';
import type { RunOptions, RunResult } from '../run-source.js';
import { SourceRunner } from '../source-runner.js';
import type { SourceConfig } from '../sources.js';
import { EXIT, type OptionValues, UsageError } from './cli-args.js';
import type { CliContext } from './cli-context.js';
import { type Out, reportRuns } from './cli-output.js';
import { ProgressBar } from './progress-bar.js';

/**
 * Runs the sources (each agency's catalogue first, agencies side by side within the concurrency
 * limit), ticking a progress bar as each run ends. Like the server's full pull, an explicit run is
 * not held back by an open breaker.
 */
export async function runWithProgress(ctx: CliContext, sources: readonly SourceConfig[], label: string, out: Out, extra: RunOptions = {}): Promise<RunResult[]> {
  const bar = new ProgressBar(label, sources.length, out.stderr);
  const onResult = (r: RunResult) => bar.tick(`${r.sourceId} ${r.status}`);
  const runner = new SourceRunner(ctx.wh, sources, { ...ctx.runOptions, ...extra, onResult });
  try {
    // runAll skips disabled sources: a single named source runs whatever its setting.
    return sources.length === 1 ? [await runner.runNow(sources[0])] : await runner.runAll();
  } finally {
    bar.finish();
  }
}

export async function runCommand(ctx: CliContext, target: string, values: OptionValues, out: Out): Promise<number> {
  let sources: SourceConfig[];
  if (target.includes(':')) {
    const source = ctx.sources.find((s) => s.sourceId === target);
    if (!source) throw new UsageError(`source "${target}" is not configured`);
    if (!source.enabled) out.stderr.write(`note: ${target} is disabled in the configuration; running it because it was named\n`);
    sources = [source];
  } else {
    const all = ctx.sources.filter((s) => s.agencyId === target);
    sources = all.filter((s) => s.enabled);
    for (const s of all) if (!s.enabled) out.stderr.write(`skipped: ${s.sourceId} is disabled in the configuration\n`);
    if (!sources.length) {
      out.stderr.write(`no enabled source of ${target} to run\n`);
      return EXIT.ok;
    }
  }
  const results = await runWithProgress(ctx, sources, `run ${target}`, out);
  return reportRuns(out, results, values.json === true) ? EXIT.runsFailed : EXIT.ok;
}

export async function rerunCommand(ctx: CliContext, runId: string, values: OptionValues, out: Out): Promise<number> {
  const run = await getPipelineRun(ctx.wh.db, runId);
  if (!run) throw new UsageError(`no run ${runId} in the warehouse`);
  if (run.status !== 'failed') throw new UsageError(`run ${runId} of ${run.source_id} did not fail (it ${run.status}): nothing to re-run`);
  const source = ctx.sources.find((s) => s.sourceId === run.source_id);
  if (!source) throw new UsageError(`run ${runId} was of ${run.source_id}, which is not configured now (${(DATASETS as readonly Dataset[]).includes(run.dataset as Dataset) ? 'check --agencies and the sources file' : 'unknown dataset'})`);
  out.stderr.write(`re-running ${run.source_id}, which failed in run ${runId}: ${run.error ?? 'no error recorded'}\n`);
  const results = await runWithProgress(ctx, [source], `rerun ${run.source_id}`, out);
  return reportRuns(out, results, values.json === true) ? EXIT.runsFailed : EXIT.ok;
}
