/** `cluster`: the daily fact tables rewritten in (day, agency) order, with their layout before and after. */
import { clusterFacts, describeClusterResult } from '../cluster-facts.js';
import { EXIT, type OptionValues } from './cli-args.js';
import type { CliContext } from './cli-context.js';
import type { Out } from './cli-output.js';

export async function clusterCommand(ctx: CliContext, values: OptionValues, out: Out): Promise<number> {
  out.stderr.write('rewriting service_daily and exchange_daily in (day, agency) order, in one transaction…\n');
  const result = await clusterFacts(ctx.wh);
  if (values.json) out.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else out.stdout.write(`${describeClusterResult(result).join('\n')}\ndone in ${result.seconds} s\n`);
  return EXIT.ok;
}
