/** The command line: commands, their options and help, parsed with node:util parseArgs. */
import { parseArgs } from 'node:util';

/** What the exit code tells a script or a cron wrapper. */
export const EXIT = {
  /** Everything asked for succeeded. */
  ok: 0,
  /** The work was done but some runs failed (each reported). */
  runsFailed: 1,
  /** Unknown command or option, a bad date, an unknown source or run: nothing was done. */
  usage: 2,
  /** The warehouse could not be opened (most often: the server holds it). */
  warehouse: 3,
} as const;

export class UsageError extends Error {}

type OptionSpec = { type: 'string' | 'boolean'; short?: string; value?: string; help: string };

const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  warehouse: { type: 'string', value: 'PATH', help: 'the DuckDB file (default: $HAMGAM_WAREHOUSE, else $HAMGAM_DATA_DIR/hamgam.duckdb, else data/hamgam.duckdb)' },
  'feed-url': { type: 'string', value: 'URL', help: 'a feed server serving /agencies/:id/v1/... (default: $HAMGAM_FEED_URL, else the built-in simulator, started in-process)' },
  'sources-file': { type: 'string', value: 'PATH', help: 'per-source overrides, as the server reads them (default: $HAMGAM_SOURCES_FILE)' },
  agencies: { type: 'string', value: 'A,B,…', help: 'only these agencies of the registry' },
  help: { type: 'boolean', short: 'h', help: 'this help' },
};

export interface CommandSpec {
  summary: string;
  usage: string;
  /** Positional arguments after the command: [fewest, most]. */
  arity: [number, number];
  options: Record<string, OptionSpec>;
  details?: string;
}

export const COMMANDS: Record<string, CommandSpec> = {
  sources: {
    summary: 'list the configured sources and their state in the warehouse',
    usage: 'sources [--agency ID] [--json]',
    arity: [0, 0],
    options: {
      agency: { type: 'string', value: 'ID', help: "only this agency's sources" },
      json: { type: 'boolean', help: 'one JSON array on stdout instead of a table' },
    },
  },
  run: {
    summary: 'run one source now, or every dataset of an agency in load order',
    usage: 'run <sourceId|agencyId> [--json]',
    arity: [1, 1],
    options: { json: { type: 'boolean', help: 'the run results as JSON on stdout' } },
    details: 'A source id is agency:dataset, e.g. ncr:service-metrics. Disabled sources run too when named.',
  },
  backfill: {
    summary: 'pull a date range again for the chosen sources (facts only, unless --snapshots)',
    usage: 'backfill --from YYYY-MM-DD --to YYYY-MM-DD [--agency ID] [--dataset D] [--snapshots] [--json]',
    arity: [0, 0],
    options: {
      from: { type: 'string', value: 'DAY', help: 'first day of the window (Tehran, YYYY-MM-DD)' },
      to: { type: 'string', value: 'DAY', help: 'last day of the window; rows after it are not loaded' },
      agency: { type: 'string', value: 'ID', help: "only this agency's sources" },
      dataset: { type: 'string', value: 'D', help: 'only this dataset (services, integration-events, service-metrics, exchange)' },
      snapshots: { type: 'boolean', help: 'then rebuild the weekly snapshots of the weeks in the window' },
      json: { type: 'boolean', help: 'the run results as JSON on stdout' },
    },
    details: 'The watermark never moves backwards: a backfill does not make the next scheduled run pull again. After a large backfill, run cluster.',
  },
  cluster: {
    summary: 'rewrite the daily fact tables in (day, agency) order, after a backfill or a large load',
    usage: 'cluster [--json]',
    arity: [0, 0],
    options: { json: { type: 'boolean', help: 'the layout before and after as JSON on stdout' } },
    details:
      'A backfill pulls source by source, so every stored block then spans every day and a week\'s reads scan the tables whole. ' +
      'This sorts service_daily and exchange_daily by day and agency in one transaction (contents, keys and indexes unchanged). ' +
      'About 80 s for the 15.5M national rows; the server must be stopped (one writer).',
  },
  rerun: {
    summary: 'run the source of a failed run again',
    usage: 'rerun <runId> [--json]',
    arity: [1, 1],
    options: { json: { type: 'boolean', help: 'the run result as JSON on stdout' } },
  },
};

const PROGRAM = 'hamgam-pipelines';

function optionLines(options: Record<string, OptionSpec>): string[] {
  return Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.value ? ` ${o.value}` : ''}`;
    return `  ${flag.padEnd(26)} ${o.help}`;
  });
}

export function helpText(command?: string): string {
  const exits = [
    'Exit codes:',
    '  0  every run succeeded    1  some runs failed (reported)',
    '  2  usage error            3  the warehouse cannot be opened (e.g. the server holds it)',
  ];
  if (command && COMMANDS[command]) {
    const c = COMMANDS[command];
    return [`Usage: ${PROGRAM} ${c.usage} [global options]`, '', c.summary[0].toUpperCase() + c.summary.slice(1) + '.', ...(c.details ? ['', c.details] : []), '', 'Options:', ...optionLines(c.options), '', 'Global options:', ...optionLines(GLOBAL_OPTIONS), '', ...exits, ''].join('\n');
  }
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`),
    `  ${'help'.padEnd(10)} help on a command: ${PROGRAM} help <command>, or <command> --help`,
    '',
    'Global options:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    ...exits,
    '',
  ].join('\n');
}

export type OptionValues = Record<string, string | boolean | undefined>;

export interface ParsedCommandLine {
  /** null: no command (only help can be asked for). */
  command: string | null;
  args: string[];
  values: OptionValues;
  help: boolean;
}

export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  // `pnpm … cli -- <command>` may hand the separator on; a leading one means nothing here.
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  const all: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, o] of [...Object.entries(GLOBAL_OPTIONS), ...Object.values(COMMANDS).flatMap((c) => Object.entries(c.options))]) {
    all[name] = { type: o.type, ...(o.short ? { short: o.short } : {}) };
  }
  let parsed: ReturnType<typeof parseArgs<{ options: typeof all; allowPositionals: true; tokens: true; strict: true }>>;
  try {
    parsed = parseArgs({ args, options: all, allowPositionals: true, tokens: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
  const values = parsed.values as OptionValues;
  const help = values.help === true;
  let [command = null, ...rest] = parsed.positionals;
  if (command === 'help') {
    if (rest.length && !COMMANDS[rest[0]]) throw new UsageError(`unknown command "${rest[0]}"`);
    return { command: rest[0] ?? null, args: [], values, help: true };
  }
  if (command === null) {
    if (help) return { command: null, args: [], values, help };
    throw new UsageError('no command given');
  }
  const spec = COMMANDS[command];
  if (!spec) throw new UsageError(`unknown command "${command}"`);
  for (const token of parsed.tokens) {
    if (token.kind === 'option' && !(token.name in GLOBAL_OPTIONS) && !(token.name in spec.options)) {
      throw new UsageError(`--${token.name} is not an option of ${command}`);
    }
  }
  if (!help && (rest.length < spec.arity[0] || rest.length > spec.arity[1])) {
    throw new UsageError(rest.length < spec.arity[0] ? `${command} needs ${spec.usage.split(' ')[1]}` : `${command} takes no argument "${rest[spec.arity[1]]}"`);
  }
  return { command, args: rest, values, help };
}
