/**
 * Medium tests of the operators' CLI: the built file run as a real child process (so exit codes,
 * stdout and stderr are what an operator sees) against a temp warehouse file and the built-in
 * simulator, limited to one agency to stay quick.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, tehranDay } from '@hamgam/shared';
import { openWarehouse } from '@hamgam/warehouse';

const pipelinesDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const mainJs = join(pipelinesDir, 'dist/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'hamgam-cli-'));
const AGENCY = 'post';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; the environment is scrubbed of the operator's Hamgam settings, retries off for speed. */
function cli(args: string[]): Promise<Outcome> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('HAMGAM_') && !k.startsWith('npm_')));
  return new Promise((done) => {
    execFile(process.execPath, [mainJs, ...args], { env: { ...env, HAMGAM_RETRIES: '0', HAMGAM_REQUEST_TIMEOUT_MS: '10000' }, timeout: 60_000 }, (err, stdout, stderr) => {
      done({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

beforeAll(() => {
  // The build of the whole package; errors elsewhere in the workspace (another package's work in
  // progress) do not stop tsc emitting, so only this package's own errors fail the test.
  const tsc = spawnSync(join(pipelinesDir, '../node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: pipelinesDir, encoding: 'utf8' });
  const own = tsc.stdout.split('\n').filter((line) => line.startsWith('src/'));
  if (own.length) throw new Error(`pipelines does not build:\n${own.join('\n')}`);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('usage', () => {
  it('--help works for the program and every command, exit 0', async () => {
    const all = await cli(['--help']);
    expect(all.code).toBe(0);
    for (const c of ['sources', 'run', 'backfill', 'cluster', 'rerun']) expect(all.stdout).toContain(c);
    const helps = await Promise.all(['sources', 'run', 'backfill', 'cluster', 'rerun'].map(async (c) => [c, await cli([c, '--help'])] as const));
    for (const [c, one] of helps) {
      expect(one.code).toBe(0);
      expect(one.stdout).toContain(`Usage: hamgam-pipelines ${c}`);
    }
    expect((await cli(['help', 'backfill'])).stdout).toContain('--snapshots');
  });

  it('unknown commands, options, dates, sources and agencies exit 2 with a message, before the warehouse is touched', async () => {
    const cases: [string[], RegExp][] = [
      [[], /no command given/],
      [['frobnicate'], /unknown command "frobnicate"/],
      [['sources', '--verbose'], /Unknown option '--verbose'/],
      [['run', '--from', '2026-01-01', 'ncr'], /--from is not an option of run/],
      [['run'], /run needs <sourceId\|agencyId>/],
      [['run', 'nowhere:service-metrics'], /unknown source or agency "nowhere:service-metrics"/],
      [['run', 'ncr:weather'], /unknown dataset "weather"/],
      [['backfill', '--to', '2026-01-01'], /backfill needs --from/],
      [['backfill', '--from', '2026-02-30', '--to', '2026-03-01'], /--from must be a day as YYYY-MM-DD, got "2026-02-30"/],
      [['backfill', '--from', '2026-03-02', '--to', '2026-03-01'], /--from 2026-03-02 is after --to 2026-03-01/],
      [['sources', '--agencies', 'ncr,atlantis'], /atlantis is not in the registry/],
    ];
    // None of these opens the warehouse, so they can run side by side.
    const outs = await Promise.all(cases.map(([args]) => cli([...args, '--warehouse', join(dir, 'never-created', 'x.duckdb')])));
    for (const [i, [args, message]] of cases.entries()) {
      const out = outs[i];
      expect(out.code, args.join(' ')).toBe(2);
      expect(out.stderr, args.join(' ')).toMatch(message);
      expect(out.stdout).toBe('');
    }
    expect(existsSync(join(dir, 'never-created'))).toBe(false);
  });
});

describe('a warehouse fed by the simulator', () => {
  const warehouse = join(dir, 'hamgam.duckdb');
  const base = ['--warehouse', warehouse, '--agencies', AGENCY];
  const deadFile = join(dir, 'dead-exchange.json');
  writeFileSync(deadFile, JSON.stringify({ sources: [{ agencyId: AGENCY, dataset: 'exchange', baseUrl: 'http://127.0.0.1:9/agencies/post' }] }));
  let failedRunId = '';

  /** The state straight from the file (the CLI has exited, so the file is free): quicker than a spawn. */
  const stateOf = async (sourceId: string) => {
    const wh = await openWarehouse({ path: warehouse });
    try {
      return await wh.db.selectFrom('source_state as s').leftJoin('pipeline_run as r', 'r.run_id', 's.last_run_id').select(['s.watermark', 's.last_run_id', 's.last_error', 'r.status']).where('s.source_id', '=', sourceId).executeTakeFirstOrThrow();
    } finally {
      await wh.close();
    }
  };

  const listing = async () => {
    const out = await cli(['sources', '--json', ...base]);
    expect(out.code).toBe(0);
    return new Map((JSON.parse(out.stdout) as { sourceId: string; watermark: string | null; lastRunId: string; lastRunStatus: string | null; lastError: string | null }[]).map((s) => [s.sourceId, s]));
  };

  it('sources lists every configured source, never run, on a new warehouse', async () => {
    const out = await cli(['sources', ...base]);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^source\s+enabled\s+format\s+schedule\s+watermark\s+last run\s+status\s+last success\s+breaker\s+last error/);
    for (const d of ['services', 'service-metrics', 'exchange', 'integration-events']) expect(out.stdout).toMatch(new RegExp(`${AGENCY}:${d}\\s+yes\\s+json\\s.*never run`));
    expect(out.stdout).toContain('4 sources from built-in simulator (seed 1405); 4 never run, 0 failing');
  });

  it('run <agency> with one source on a dead URL: the others load, the failure is reported, exit 1', async () => {
    const out = await cli(['run', AGENCY, '--sources-file', deadFile, ...base]);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(new RegExp(`${AGENCY}:services\\s+succeeded`));
    expect(out.stdout).toMatch(new RegExp(`${AGENCY}:service-metrics\\s+succeeded\\s+(\\d+)\\s+\\1\\s+0\\s+0`));
    expect(out.stdout).toMatch(new RegExp(`${AGENCY}:exchange\\s+failed\\s+0\\s+0\\s+0\\s+0`));
    expect(out.stdout).toContain('4 runs: 3 succeeded, 1 failed');
    expect(out.stderr).toMatch(new RegExp(`failed: ${AGENCY}:exchange \\(run [0-9a-f-]{36}\\): \\S`));
    // Progress, one line per run, since stderr is not a terminal here.
    expect(out.stderr.match(new RegExp(`^run ${AGENCY} \\d/4 +\\d+%  elapsed \\d+:\\d\\d  eta \\S+`, 'gm'))).toHaveLength(4);

    const state = await listing();
    expect(state.get(`${AGENCY}:exchange`)).toMatchObject({ lastRunStatus: 'failed', watermark: null });
    expect(state.get(`${AGENCY}:exchange`)?.lastError).toBeTruthy();
    expect(state.get(`${AGENCY}:service-metrics`)).toMatchObject({ lastRunStatus: 'succeeded', lastError: null, watermark: addDays(tehranDay(), -1) });
    failedRunId = state.get(`${AGENCY}:exchange`)!.lastRunId;
  });

  it('rerun refuses a run that does not exist or did not fail (exit 2), and re-runs a failed one once the URL is fixed', async () => {
    const missing = await cli(['rerun', '00000000-0000-0000-0000-000000000000', ...base]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no run 00000000-0000-0000-0000-000000000000 in the warehouse');

    const succeeded = (await stateOf(`${AGENCY}:services`)).last_run_id!;
    const refused = await cli(['rerun', succeeded, ...base]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`run ${succeeded} of ${AGENCY}:services did not fail (it succeeded): nothing to re-run`);

    const fixed = await cli(['rerun', failedRunId, '--json', ...base]);
    expect(fixed.code).toBe(0);
    expect(fixed.stderr).toContain(`re-running ${AGENCY}:exchange, which failed in run ${failedRunId}`);
    const [result] = JSON.parse(fixed.stdout) as { sourceId: string; status: string; received: number; loaded: number; rejected: number; duplicate: number }[];
    expect(result).toMatchObject({ sourceId: `${AGENCY}:exchange`, status: 'succeeded' });
    expect(result.received).toBeGreaterThan(0);
    expect(result.received).toBe(result.loaded + result.rejected + result.duplicate);
    expect(await stateOf(`${AGENCY}:exchange`)).toMatchObject({ status: 'succeeded', last_error: null });
  });

  it('run <sourceId> runs that source alone; a backfill reloads the window as duplicates and leaves the watermark where it was', async () => {
    const one = await cli(['run', `${AGENCY}:integration-events`, ...base]);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('1 run: 1 succeeded, 0 failed');

    const to = addDays(tehranDay(), -20);
    const from = addDays(to, -6);
    const out = await cli(['backfill', '--from', from, '--to', to, '--dataset', 'service-metrics', ...base]);
    expect(out.code).toBe(0);
    // Every row of the window is already stored, unchanged: all duplicates, nothing new.
    expect(out.stdout).toMatch(new RegExp(`${AGENCY}:service-metrics\\s+succeeded\\s+([1-9]\\d*)\\s+0\\s+0\\s+\\1\\s+${addDays(tehranDay(), -1)}`));
    expect(out.stdout).toMatch(new RegExp(`warning: ${AGENCY}:service-metrics: \\d+ rows dated after ${to} \\(the backfill window's end\\) not loaded`));
    expect(out.stderr).toContain(`backfill ${from} to ${to}: 1 source from built-in simulator`);
    expect(out.stderr).toMatch(/^backfill 1\/1 100%/m);
    expect((await stateOf(`${AGENCY}:service-metrics`)).watermark).toBe(addDays(tehranDay(), -1));
  });

  it('cluster rewrites the fact tables in (day, agency) order and changes none of their rows', async () => {
    const facts = async () => {
      const wh = await openWarehouse({ path: warehouse });
      try {
        const rows = async (t: 'service_daily' | 'exchange_daily') => JSON.stringify(await wh.db.selectFrom(t).selectAll().orderBy('date').orderBy(t === 'service_daily' ? 'service_id' : 'consumer_agency_id').orderBy(t === 'service_daily' ? 'agency_id' : 'data_service').execute());
        return { serviceDaily: await rows('service_daily'), exchangeDaily: await rows('exchange_daily') };
      } finally {
        await wh.close();
      }
    };
    // The earliest day's rows moved to the end of each table, contents unchanged: whatever order the
    // pull's parallel inserts happened to leave, both tables are now out of (day, agency) order.
    const shuffle = await openWarehouse({ path: warehouse });
    const connection = await shuffle.instance.connect();
    try {
      for (const t of ['service_daily', 'exchange_daily']) {
        await connection.run(`create temp table first_day as select * from ${t} where date = (select min(date) from ${t})`);
        await connection.run(`delete from ${t} where date = (select min(date) from first_day)`);
        await connection.run(`insert into ${t} select * from first_day`);
        await connection.run('drop table first_day');
      }
    } finally {
      connection.closeSync();
      await shuffle.close();
    }
    const before = await facts();
    const out = await cli(['cluster', '--json', ...base]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toContain('rewriting service_daily and exchange_daily in (day, agency) order');
    const result = JSON.parse(out.stdout) as { skipped: string[]; tables: { table: string; rows: number; before: { rows: number }; after: { rows: number; orderBreaks: number } }[] };
    expect(result.tables.map((t) => t.table).sort()).toEqual(['exchange_daily', 'service_daily']);
    expect(result.skipped).toEqual([]);
    for (const t of result.tables) {
      expect(t.rows, t.table).toBeGreaterThan(0);
      expect(t.after).toMatchObject({ rows: t.before.rows, orderBreaks: 0 });
    }
    expect(await facts()).toEqual(before);
    const twice = await cli(['cluster', ...base]);
    expect(twice.code, twice.stderr).toBe(0);
    expect(twice.stdout).toMatch(/^service_daily: already in \(day, agency\) order, left as it is\nexchange_daily: already in \(day, agency\) order, left as it is\n/);
    // The next scheduled pull still converges on the rewritten tables: nothing new, nothing rejected.
    const again = await cli(['run', `${AGENCY}:service-metrics`, '--json', ...base]);
    expect(again.code, again.stderr).toBe(0);
    const [run] = JSON.parse(again.stdout) as { status: string; received: number; loaded: number; rejected: number; duplicate: number }[];
    expect(run).toMatchObject({ status: 'succeeded', loaded: 0, rejected: 0 });
    expect(run.duplicate).toBe(run.received);
  });

  it('exits 3 with a plain message while another process holds the warehouse', async () => {
    const holder = await openWarehouse({ path: warehouse });
    try {
      const out = await cli(['sources', ...base]);
      expect(out.code).toBe(3);
      expect(out.stderr).toContain(`cannot open the warehouse ${warehouse}: another process holds it`);
      expect(out.stderr).toContain('stop the server or point --warehouse elsewhere');
    } finally {
      await holder.close();
    }
  });
});

describe('backfill into an empty warehouse', () => {
  it('loads only the window, sets the watermark to its end, and rebuilds the weekly snapshots asked for', async () => {
    const warehouse = join(dir, 'backfill.duckdb');
    const to = addDays(tehranDay(), -30);
    const from = addDays(to, -13);
    const out = await cli(['backfill', '--from', from, '--to', to, '--snapshots', '--warehouse', warehouse, '--agencies', AGENCY]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('4 runs: 4 succeeded, 0 failed');
    expect(out.stdout).toMatch(/weekly snapshots rebuilt: \d{4}-\d\d-\d\d/);
    expect(out.stderr).toMatch(/^snapshots \d+\/\d+ 100%/m);

    const wh = await openWarehouse({ path: warehouse });
    try {
      const days = await wh.db
        .selectFrom('service_daily')
        .select((eb) => [eb.fn.min('date').as('first'), eb.fn.max('date').as('last')])
        .where('agency_id', '=', AGENCY)
        .executeTakeFirstOrThrow();
      expect(String(days.first) >= from && String(days.last) === to).toBe(true);
      const state = await wh.db.selectFrom('source_state').select('watermark').where('source_id', '=', `${AGENCY}:service-metrics`).executeTakeFirstOrThrow();
      expect(state.watermark).toBe(to);
    } finally {
      await wh.close();
    }
  });
});
