/** `backfill`: a date range pulled again for the chosen sources, then (asked for) its weekly snapshots. */
import { backfillWeeklySnapshots } from '../snapshot-backfill.js';
import { EXIT, type OptionValues } from './cli-args.js';
import type { BackfillWindow } from './cli-checks.js';
import type { CliContext } from './cli-context.js';
import { type Out, reportRuns } from './cli-output.js';
import { ProgressBar } from './progress-bar.js';
import { runWithProgress } from './run.command.js';

export async function backfillCommand(ctx: CliContext, window: BackfillWindow, values: OptionValues, out: Out): Promise<number> {
  const chosen = ctx.sources.filter((s) => (!values.agency || s.agencyId === values.agency) && (!values.dataset || s.dataset === values.dataset));
  const sources = chosen.filter((s) => s.enabled);
  for (const s of chosen) if (!s.enabled) out.stderr.write(`skipped: ${s.sourceId} is disabled in the configuration\n`);
  out.stderr.write(`backfill ${window.from} to ${window.to}: ${sources.length} source${sources.length === 1 ? '' : 's'} from ${ctx.feed}\n`);
  const results = sources.length ? await runWithProgress(ctx, sources, 'backfill', out, { window }) : [];
  const failed = reportRuns(out, results, values.json === true);
  if (!values.snapshots) return failed ? EXIT.runsFailed : EXIT.ok;
  if (failed) {
    out.stderr.write('weekly snapshots not rebuilt: some runs failed, so the facts of the window are incomplete; fix them and backfill again\n');
    return EXIT.runsFailed;
  }
  let bar: ProgressBar | null = null;
  const { built } = await backfillWeeklySnapshots(ctx.wh, {
    from: window.from,
    to: window.to,
    rebuild: true,
    onProgress: (done, total, week) => {
      bar ??= new ProgressBar('snapshots', total, out.stderr);
      bar.tick(`week ending ${week.end}`);
    },
  });
  (bar as ProgressBar | null)?.finish();
  // Only complete weeks have a snapshot: a window ending this week builds up to last week.
  (values.json ? out.stderr : out.stdout).write(built.length ? `weekly snapshots rebuilt: ${built.join(', ')}\n` : 'no complete week in the window: no weekly snapshot rebuilt\n');
  return EXIT.ok;
}
