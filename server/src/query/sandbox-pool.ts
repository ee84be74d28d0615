/**
 * The pool of sandbox worker processes. Each runs one analyst query at a time; the pool holds the
 * limits the dashboard relies on: so many queries in total (the workers), so many per user, a short
 * queue, and a watchdog per job — a worker that has not answered by its timeout plus a grace period
 * (DuckDB's interrupt does not always land promptly) is killed and replaced, and so is one that dies
 * (a memory bomb hitting its address-space cap). The server itself never runs analyst SQL.
 *
 * Workers start through `sh -c 'ulimit -d …; exec node …'`, so the kernel enforces the memory cap
 * from outside the worker, and with an environment holding nothing but their settings (no feed
 * tokens or other secrets of the server's). RLIMIT_DATA, not the address-space limit (-v): V8 and
 * the loader reserve some 3 GB of address space they never touch, while the data limit counts the
 * heap and the writable mappings a memory bomb actually grows; DuckDB then fails its allocation
 * with an out-of-memory error, and if anything else fails instead the worker dies, not the server.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Logger } from '@nestjs/common';
import { OUT_OF_MEMORY, isOutOfMemory } from '@hamgam/warehouse';
import type { QueryConfig } from './query.config.js';
import { type FromWorker, type ToWorker, WORKER_SETTINGS_ENV, type WorkerOutcome, type WorkerSettings } from './worker-protocol.js';

export type JobMessage = Exclude<ToWorker, { type: 'cancel' }>;

/** Told how many bytes of a job's result file its worker has written so far. */
export type ProgressListener = (progress: Extract<FromWorker, { type: 'progress' }>) => void;

export class PoolBusyError extends Error {
  constructor(readonly scope: 'user' | 'total') {
    super(
      scope === 'user'
        ? 'You already have a query running: wait for it to finish or cancel it, then run this one.'
        : 'The workbench is at its limit of analyst queries running at once; try again in a moment.',
    );
  }
}

interface Job {
  userId: string;
  message: JobMessage;
  resolve(outcome: WorkerOutcome): void;
  onProgress?: ProgressListener;
  worker?: Worker;
  watchdog?: NodeJS.Timeout;
  cancelTimer?: NodeJS.Timeout;
  killedBecause?: 'timed_out' | 'cancelled';
}

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  job: Job | null;
  alive: boolean;
  /** Said it was ready: a worker that dies before that could not start at all. */
  started: boolean;
  /** Killed on purpose between jobs, after one that strained it. */
  recycling?: boolean;
}

function mustRecycle(outcome: WorkerOutcome): boolean {
  return outcome.status === 'timed_out' || (outcome.status === 'failed' && isOutOfMemory(outcome.message));
}

function workerEntry(): { nodeArgs: string[]; entry: string } {
  const here = import.meta.url;
  // From source (tests, development) the worker is TypeScript too; the built server runs dist/*.js.
  if (here.endsWith('.ts')) {
    return {
      nodeArgs: ['--conditions=source', '--import', fileURLToPath(new URL('./dev-ts-loader.mjs', here))],
      entry: fileURLToPath(new URL('./sandbox.worker.ts', here)),
    };
  }
  return { nodeArgs: [], entry: fileURLToPath(new URL('./sandbox.worker.js', here)) };
}

export class SandboxPool {
  private readonly logger = new Logger('SandboxPool');
  private readonly workers: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly jobs = new Map<string, Job>();
  private closed = false;
  /** Workers in a row that died before they were ready: the respawn backs off instead of spinning. */
  private failedStarts = 0;
  /** Workers started so far (the first ones included): tests and the health of the pool read it. */
  spawned = 0;

  constructor(
    private readonly config: QueryConfig,
    private readonly settings: WorkerSettings,
  ) {}

  start(): void {
    for (let i = 0; i < this.config.workers; i++) this.workers.push(this.spawnWorker());
  }

  /** Runs a job on a free worker, or queues it; refuses beyond the per-user and queue limits. */
  submit(userId: string, message: JobMessage, onProgress?: ProgressListener): Promise<WorkerOutcome> {
    if (this.closed) return Promise.reject(new Error('the sandbox pool is closed'));
    const mine = [...this.jobs.values()].filter((j) => j.userId === userId).length;
    if (mine >= this.config.perUser) return Promise.reject(new PoolBusyError('user'));
    const free = this.workers.find((w) => w.alive && !w.job && !w.recycling);
    if (!free && this.queue.length >= this.config.queueLimit) return Promise.reject(new PoolBusyError('total'));
    return new Promise<WorkerOutcome>((resolve) => {
      const job: Job = { userId, message, resolve, onProgress };
      this.jobs.set(message.id, job);
      if (free) void this.dispatch(free, job);
      else this.queue.push(job);
    });
  }

  /** True when the job was found (running or queued) and asked to stop. */
  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job) return false;
    if (!job.worker) {
      this.queue.splice(this.queue.indexOf(job), 1);
      this.settle(job, { status: 'cancelled', message: 'The query was cancelled before it started.' });
      return true;
    }
    job.worker.child.send({ type: 'cancel', id } satisfies ToWorker);
    // If the interrupt does not land, the worker goes.
    job.cancelTimer ??= setTimeout(() => this.kill(job, 'cancelled'), this.config.graceMs);
    return true;
  }

  isRunning(id: string): boolean {
    return this.jobs.has(id);
  }

  ownerOf(id: string): string | null {
    return this.jobs.get(id)?.userId ?? null;
  }

  /** Worker process ids, for tests that check the server survives a worker's death. */
  pids(): number[] {
    return this.workers.filter((w) => w.alive).map((w) => w.child.pid!);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of [...this.queue]) this.settle(job, { status: 'cancelled', message: 'The server is stopping.' });
    this.queue.length = 0;
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((done) => {
            if (!w.alive) return done();
            w.child.once('exit', () => done());
            w.child.kill('SIGKILL');
          }),
      ),
    );
  }

  private spawnWorker(): Worker {
    const { nodeArgs, entry } = workerEntry();
    const kb = this.config.workerMemoryMb * 1024;
    const child = spawn('/bin/sh', ['-c', `ulimit -d ${kb} && exec "$@"`, 'hamgam-sandbox', process.execPath, ...nodeArgs, entry], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', [WORKER_SETTINGS_ENV]: JSON.stringify(this.settings) },
    });
    this.spawned++;
    let markReady: () => void = () => undefined;
    const worker: Worker = { child, job: null, alive: true, started: false, ready: new Promise<void>((ok) => (markReady = ok)) };
    child.on('message', (message: FromWorker) => {
      if (message.type === 'ready') {
        worker.started = true;
        this.failedStarts = 0;
        markReady();
      } else if (message.type === 'progress') {
        if (worker.job?.message.id === message.id) worker.job.onProgress?.(message);
      } else if (message.type === 'done') this.finished(worker, message.id, message.outcome);
    });
    child.on('exit', (code, signal) => this.exited(worker, code, signal));
    child.on('error', (error) => this.logger.error(`sandbox worker failed to start: ${error.message}`));
    return worker;
  }

  private async dispatch(worker: Worker, job: Job): Promise<void> {
    worker.job = job;
    job.worker = worker;
    await worker.ready;
    if (!worker.alive || worker.job !== job) return;
    job.watchdog = setTimeout(() => this.kill(job, 'timed_out'), job.message.timeoutMs + this.config.graceMs);
    worker.child.send(job.message satisfies ToWorker);
  }

  private finished(worker: Worker, id: string, outcome: WorkerOutcome): void {
    const job = worker.job;
    if (!job || job.message.id !== id) return;
    worker.job = null;
    this.settle(job, outcome);
    if (mustRecycle(outcome)) {
      // Memory a bomb grew is not all given back, and a query interrupted at its timeout may
      // leave work behind: a fresh worker is cheaper than a slow or crippled one.
      worker.recycling = true;
      worker.child.kill('SIGKILL');
      return;
    }
    this.next(worker);
  }

  private kill(job: Job, reason: 'timed_out' | 'cancelled'): void {
    const worker = job.worker;
    if (!worker || worker.job !== job) return;
    job.killedBecause = reason;
    this.logger.warn(`sandbox worker ${worker.child.pid} did not stop query ${job.message.id} in time: killed`);
    worker.child.kill('SIGKILL');
  }

  private exited(worker: Worker, code: number | null, signal: NodeJS.Signals | null): void {
    worker.alive = false;
    const job = worker.job;
    worker.job = null;
    if (job) {
      const outcome: WorkerOutcome = !worker.started
        ? { status: 'failed', message: 'The query sandbox could not start; the server log says why.', position: null }
        : job.killedBecause === 'timed_out'
          ? { status: 'timed_out', message: `The query ran longer than ${Math.round(job.message.timeoutMs / 1000)} s and did not stop when interrupted, so its worker was restarted.` }
          : job.killedBecause === 'cancelled'
            ? { status: 'cancelled', message: 'The query was cancelled (its worker was restarted to stop it).' }
            : {
                status: 'failed',
                message: `${OUT_OF_MEMORY} (Its worker process stopped: ${signal ?? `exit ${code}`}.)`,
                position: null,
              };
      this.settle(job, outcome);
    }
    if (this.closed) return;
    if (!job && !worker.recycling) this.logger.warn(`sandbox worker ${worker.child.pid} exited (${signal ?? code}) while idle`);
    if (!worker.started) this.failedStarts++;
    const delay = this.failedStarts === 0 ? 0 : Math.min(30_000, 250 * 2 ** this.failedStarts);
    const respawn = () => {
      if (this.closed) return;
      const index = this.workers.indexOf(worker);
      const replacement = this.spawnWorker();
      if (index >= 0) this.workers[index] = replacement;
      this.next(replacement);
    };
    if (delay) setTimeout(respawn, delay).unref();
    else respawn();
  }

  private settle(job: Job, outcome: WorkerOutcome): void {
    clearTimeout(job.watchdog);
    clearTimeout(job.cancelTimer);
    if (!this.jobs.delete(job.message.id)) return;
    job.resolve(outcome);
  }

  private next(worker: Worker): void {
    if (this.closed || !worker.alive || worker.job || worker.recycling) return;
    const job = this.queue.shift();
    if (job) void this.dispatch(worker, job);
  }
}
