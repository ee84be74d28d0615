/** `sources`: every configured source beside its state in the warehouse. */
import { type PipelineRunRow, getPipelineRun, listSourceStates } from '@hamgam/warehouse';
import type { OptionValues } from './cli-args.js';
import { EXIT } from './cli-args.js';
import type { CliContext } from './cli-context.js';
import { type Out, shortTime, table } from './cli-output.js';

export interface SourceListing {
  sourceId: string;
  agencyId: string;
  dataset: string;
  /** false: known to the warehouse from an earlier configuration, not configured now. */
  configured: boolean;
  enabled: boolean;
  format: string;
  schedule: string;
  baseUrl: string;
  watermark: string | null;
  lastRunId: string | null;
  lastRunAt: string | null;
  lastRunStatus: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  breaker: string | null;
}

const iso = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v));

export async function listSources(ctx: CliContext, agencyId?: string): Promise<SourceListing[]> {
  const states = new Map((await listSourceStates(ctx.wh.db)).map((s) => [s.source_id, s]));
  const configured = ctx.sources.filter((s) => !agencyId || s.agencyId === agencyId);
  const chosen = new Set(ctx.agencies.map((a) => a.agencyId));
  const stale = [...states.values()].filter((s) => !configured.some((c) => c.sourceId === s.source_id) && chosen.has(s.agency_id) && (!agencyId || s.agency_id === agencyId));
  const lastRuns = new Map<string, PipelineRunRow | undefined>();
  for (const s of states.values()) if (s.last_run_id) lastRuns.set(s.source_id, await getPipelineRun(ctx.wh.db, s.last_run_id));
  const listing = (id: string, c: { agencyId: string; dataset: string; enabled: boolean; format: string; schedule: string; baseUrl: string } | null): SourceListing => {
    const state = states.get(id);
    const run = lastRuns.get(id);
    return {
      sourceId: id,
      agencyId: c?.agencyId ?? state!.agency_id,
      dataset: c?.dataset ?? state!.dataset,
      configured: c !== null,
      enabled: c?.enabled ?? false,
      format: c?.format ?? state!.format,
      schedule: c?.schedule ?? state!.schedule,
      baseUrl: c?.baseUrl ?? state!.base_url,
      watermark: state?.watermark ?? null,
      lastRunId: state?.last_run_id ?? null,
      lastRunAt: iso(run?.started_at),
      lastRunStatus: run?.status ?? null,
      lastSuccessAt: iso(state?.last_success_at),
      lastError: state?.last_error ?? null,
      consecutiveFailures: state?.consecutive_failures ?? 0,
      breaker: state?.breaker_state ?? null,
    };
  };
  return [
    ...configured.map((c) => listing(c.sourceId, c)),
    ...stale.map((s) => listing(s.source_id, null)),
  ];
}

export async function sourcesCommand(ctx: CliContext, values: OptionValues, out: Out): Promise<number> {
  const rows = await listSources(ctx, values.agency as string | undefined);
  if (values.json) {
    out.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return EXIT.ok;
  }
  out.stdout.write(
    table(
      ['source', 'enabled', 'format', 'schedule', 'watermark', 'last run', 'status', 'last success', 'breaker', 'last error'],
      rows.map((r) => [
        r.sourceId,
        r.configured ? (r.enabled ? 'yes' : 'no') : 'not configured',
        r.format,
        r.schedule,
        r.watermark ?? '-',
        shortTime(r.lastRunAt),
        r.lastRunStatus ?? 'never run',
        shortTime(r.lastSuccessAt),
        r.breaker ? `${r.breaker}${r.consecutiveFailures ? ` (${r.consecutiveFailures} failed)` : ''}` : '-',
        r.lastError ? (r.lastError.length > 80 ? `${r.lastError.slice(0, 79)}…` : r.lastError) : '',
      ]),
    ),
  );
  const failing = rows.filter((r) => r.lastRunStatus === 'failed').length;
  out.stdout.write(`${rows.length} sources from ${ctx.feed}; ${rows.filter((r) => r.lastRunStatus === null).length} never run, ${failing} failing\n`);
  return EXIT.ok;
}
