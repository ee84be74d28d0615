#!/usr/bin/env node
/**
 * The operators' command line for the pipelines: list sources and their state, run one now,
 * backfill a date range, re-run a failed run, rewrite the fact tables in (day, agency) order. `hamgam-pipelines --help` lists the commands; the
 * exit codes are in cli-args.ts (EXIT).
 */
import { EXIT, UsageError, helpText, parseCommandLine } from './cli-args.js';
import type { CliContext } from './cli-context.js';
import type { Out } from './cli-output.js';

export async function main(argv: readonly string[], out: Out, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let ctx: CliContext | null = null;
  let WarehouseUnavailable: (new (...args: never[]) => Error) | null = null;
  try {
    const { command, args, values, help } = parseCommandLine(argv);
    if (help || !command) {
      out.stdout.write(helpText(command ?? undefined));
      return EXIT.ok;
    }
    const [{ loadAgencyRegistry }, { checkBackfill, checkRunTarget, chosenAgencies }] = await Promise.all([import('../simulator/agency-registry.js'), import('./cli-checks.js')]);
    // Usage errors that need only the registry come before the warehouse is opened.
    const registry = loadAgencyRegistry();
    const chosen = chosenAgencies(registry, values);
    if (typeof values.agency === 'string' && !chosen.some((a) => a.agencyId === values.agency)) {
      throw new UsageError(registry.some((a) => a.agencyId === values.agency) ? `agency "${values.agency}" is not among --agencies` : `unknown agency "${values.agency}"`);
    }
    if (command === 'run') checkRunTarget(args[0], registry, chosen);
    const window = command === 'backfill' ? checkBackfill(values, registry.map((a) => a.agencyId)) : null;

    // Loaded only now: DuckDB, Arrow and the simulator take seconds to import; help and usage
    // errors should not wait for them.
    const [{ backfillCommand }, { clusterCommand }, context, { rerunCommand, runCommand }, { sourcesCommand }] = await Promise.all([
      import('./backfill.command.js'),
      import('./cluster.command.js'),
      import('./cli-context.js'),
      import('./run.command.js'),
      import('./sources.command.js'),
    ]);
    const { openContext } = context;
    WarehouseUnavailable = context.WarehouseUnavailable;
    // Rewriting tables pulls from no feed: no simulator is started for it.
    ctx = await openContext(values, env, { feed: command !== 'cluster' });
    switch (command) {
      case 'sources':
        return await sourcesCommand(ctx, values, out);
      case 'run':
        return await runCommand(ctx, args[0], values, out);
      case 'backfill':
        return await backfillCommand(ctx, window!, values, out);
      case 'cluster':
        return await clusterCommand(ctx, values, out);
      case 'rerun':
        return await rerunCommand(ctx, args[0], values, out);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      out.stderr.write(`hamgam-pipelines: ${err.message}\nRun hamgam-pipelines --help for usage.\n`);
      return EXIT.usage;
    }
    if (WarehouseUnavailable && err instanceof WarehouseUnavailable) {
      out.stderr.write(`hamgam-pipelines: ${err.message}\n`);
      return EXIT.warehouse;
    }
    throw err;
  } finally {
    await ctx?.close();
  }
}

// Exit explicitly: keep-alive sockets to the feed would otherwise hold the process open a while.
// (stdout and stderr to files and pipes are written synchronously, so nothing is cut off.)
main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`hamgam-pipelines: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(70);
  },
);
