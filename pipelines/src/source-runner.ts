/**
 * Runs sources the way a scheduler needs: each source on its own (a slow or failing source holds
 * only its own slot), at most N at once across all of them, never two runs of one source at the
 * same time (an overlapping tick is skipped), a circuit breaker per source, and an agency's
 * catalogue loaded before its other datasets (they are checked against it).
 */
import { type Warehouse, getSourceState, setSourceBreakerState } from '@hamgam/warehouse';
import { type BreakerPolicy, DEFAULT_BREAKER, type RunOptions, type RunResult, runSource } from './run-source.js';
import { LOAD_ORDER, type SourceConfig, sourceId } from './sources.js';

export interface SourceRunnerOptions extends RunOptions {
  /** Most sources running at once, across every agency. Default 4. */
  maxConcurrent?: number;
  breaker?: BreakerPolicy;
  onResult?: (result: RunResult) => void;
}

export type SkipReason = 'running' | 'breaker-open' | 'disabled' | 'unknown-source' | 'no-catalogue' | 'stopped';
export type TickOutcome = { status: 'ran'; result: RunResult } | { status: 'skipped'; sourceId: string; reason: SkipReason };

/** A counting semaphore: at most `max` tasks at once, the rest wait in order of arrival. */
export class Limiter {
  #active = 0;
  #peak = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly max: number) {
    if (!(max >= 1)) throw new Error(`a limit of ${max} would run nothing`);
  }

  get active(): number {
    return this.#active;
  }

  /** The most tasks that ever ran at once (for tests and status). */
  get peak(): number {
    return this.#peak;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active >= this.max) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#active++;
    this.#peak = Math.max(this.#peak, this.#active);
    try {
      return await task();
    } finally {
      this.#active--;
      this.#waiting.shift()?.();
    }
  }
}

function notStarted(source: SourceConfig): RunResult {
  return {
    runId: '',
    sourceId: source.sourceId,
    status: 'failed',
    received: 0,
    loaded: 0,
    rejected: 0,
    duplicate: 0,
    watermarkBefore: null,
    watermarkAfter: null,
    error: 'not started: the pipelines are stopping',
  };
}

/** Whether an open breaker has cooled down enough for one trial run. */
export function breakerAllowsRun(state: { breaker_state?: string | null; breaker_opened_at?: string | null } | undefined, policy: BreakerPolicy, now: number): boolean {
  if (!state || state.breaker_state !== 'open') return true;
  const openedAt = state.breaker_opened_at ? Date.parse(state.breaker_opened_at) : 0;
  return now - openedAt >= policy.coolDownMs;
}

export class SourceRunner {
  readonly limiter: Limiter;
  readonly #byId: Map<string, SourceConfig>;
  readonly #inFlight = new Map<string, Promise<RunResult>>();
  #stopped = false;

  constructor(
    private readonly wh: Warehouse,
    sources: readonly SourceConfig[],
    private readonly opts: SourceRunnerOptions = {},
  ) {
    this.limiter = new Limiter(Math.max(1, opts.maxConcurrent ?? 4));
    this.#byId = new Map(sources.map((s) => [s.sourceId, s]));
  }

  get sources(): SourceConfig[] {
    return [...this.#byId.values()];
  }

  /** Source ids with a run in progress. */
  running(): string[] {
    return [...this.#inFlight.keys()];
  }

  /**
   * Runs a source now, through the concurrency limit; if it is already running, the run in
   * progress is returned rather than a second one started.
   */
  runNow(source: SourceConfig): Promise<RunResult> {
    let run = this.#inFlight.get(source.sourceId);
    if (!run && this.#stopped) return Promise.resolve(notStarted(source));
    if (!run) {
      run = this.limiter
        .run(() => (this.#stopped ? Promise.resolve(notStarted(source)) : runSource(this.wh, source, { ...this.opts, breaker: this.opts.breaker ?? DEFAULT_BREAKER })))
        .then((result) => {
          this.opts.onResult?.(result);
          return result;
        })
        .finally(() => this.#inFlight.delete(source.sourceId));
      this.#inFlight.set(source.sourceId, run);
    }
    return run;
  }

  /**
   * Starts no further run (those waiting for a slot end as failed without touching the warehouse)
   * and resolves when the runs in progress have ended: what a server does before it closes.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.allSettled([...this.#inFlight.values()]);
  }

  /** A scheduled tick: skipped while the source runs or its breaker is open and cooling down. */
  async tick(id: string): Promise<TickOutcome> {
    const source = this.#byId.get(id);
    if (this.#stopped) return { status: 'skipped', sourceId: id, reason: 'stopped' };
    if (!source) return { status: 'skipped', sourceId: id, reason: 'unknown-source' };
    if (!source.enabled) return { status: 'skipped', sourceId: id, reason: 'disabled' };
    if (this.#inFlight.has(id)) return { status: 'skipped', sourceId: id, reason: 'running' };
    const policy = this.opts.breaker ?? DEFAULT_BREAKER;
    const state = await getSourceState(this.wh.db, id);
    if (!breakerAllowsRun(state, policy, Date.now())) return { status: 'skipped', sourceId: id, reason: 'breaker-open' };
    if (state?.breaker_state === 'open') await setSourceBreakerState(this.wh.db, id, 'half_open');
    if (!(await this.#catalogueReady(source))) return { status: 'skipped', sourceId: id, reason: 'no-catalogue' };
    return { status: 'ran', result: await this.runNow(source) };
  }

  /** Before an agency's first metrics, events or exchange: its catalogue, loaded once. */
  async #catalogueReady(source: SourceConfig): Promise<boolean> {
    if (source.dataset === 'services') return true;
    const catalogue = this.#byId.get(sourceId(source.agencyId, 'services'));
    if (!catalogue?.enabled) return true;
    if ((await getSourceState(this.wh.db, catalogue.sourceId))?.last_success_at) return true;
    return (await this.runNow(catalogue)).status === 'succeeded';
  }

  /**
   * Every enabled source now (an operator's or a test's full pull): each agency's catalogue
   * first, then its other datasets; agencies side by side within the concurrency limit. The
   * breaker does not hold back an explicit full pull.
   */
  async runAll(): Promise<RunResult[]> {
    const byAgency = new Map<string, SourceConfig[]>();
    for (const s of this.#byId.values()) {
      if (!s.enabled) continue;
      byAgency.set(s.agencyId, [...(byAgency.get(s.agencyId) ?? []), s]);
    }
    const perAgency = [...byAgency.values()].map(async (list) => {
      const ordered = [...list].sort((a, b) => LOAD_ORDER.indexOf(a.dataset) - LOAD_ORDER.indexOf(b.dataset));
      const first = ordered[0].dataset === 'services' ? [await this.runNow(ordered[0])] : [];
      const rest = await Promise.all(ordered.slice(first.length).map((s) => this.runNow(s)));
      return [...first, ...rest];
    });
    return (await Promise.all(perAgency)).flat();
  }
}
