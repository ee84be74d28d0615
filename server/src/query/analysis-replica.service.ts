/**
 * Keeps the analysis replica current: published at start, again after the warehouse's data version
 * moves (debounced, so a burst of loads publishes once), and on demand before a query if it is
 * still stale. One publish at a time.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { MEMORY_PATH, type PublishedReplica, publishAnalysisReplica, type Warehouse } from '@hamgam/warehouse';
import { WAREHOUSE } from '../tokens.js';
import { QUERY_CONFIG } from './query.tokens.js';
import type { QueryConfig } from './query.config.js';
import type { ReplicaRef } from './worker-protocol.js';

const POLL_MS = 500;

@Injectable()
export class AnalysisReplicaService implements OnModuleDestroy {
  private readonly logger = new Logger('AnalysisReplica');
  /** Beside the warehouse file (a throwaway folder for an in-memory warehouse). */
  readonly dir: string;
  private readonly ownsDir: boolean;
  private published: PublishedReplica | null = null;
  private publishing: Promise<PublishedReplica> | null = null;
  private poll: NodeJS.Timeout | null = null;
  private seenVersion = -1;
  private quietSince = 0;
  private readonly stopping = new AbortController();

  constructor(
    @Inject(WAREHOUSE) private readonly warehouse: Warehouse,
    @Inject(QUERY_CONFIG) private readonly config: QueryConfig,
  ) {
    this.ownsDir = warehouse.path === MEMORY_PATH;
    this.dir = this.ownsDir ? mkdtempSync(join(tmpdir(), 'hamgam-analysis-')) : `${warehouse.path}.analysis`;
    mkdirSync(this.dir, { recursive: true });
  }

  /** Starts watching the data version; the first publish happens now. */
  async start(): Promise<void> {
    await this.publish();
    this.poll = setInterval(() => this.tick(), POLL_MS);
    this.poll.unref();
  }

  /** The replica to query: republished first if a committed load has moved past it. */
  async current(): Promise<ReplicaRef> {
    let replica = this.published;
    if (!replica || this.isStale()) {
      try {
        replica = await this.publish();
      } catch (error) {
        // A publish that could not finish (a load held the copy open) leaves the last replica in
        // place: the analyst gets that consistent, slightly older data, never an error for it.
        if (!this.published) throw error;
        this.logger.warn(`serving the analysis replica at data version ${this.published.dataVersion}: ${(error as Error).message}`);
        replica = this.published;
      }
    }
    return { path: replica.path, version: replica.dataVersion };
  }

  dataVersion(): number {
    return this.published?.dataVersion ?? this.warehouse.getDataVersion();
  }

  private isStale(): boolean {
    return !this.published || this.published.dataVersion < this.warehouse.getDataVersion();
  }

  private tick(): void {
    const version = this.warehouse.getDataVersion();
    if (version !== this.seenVersion) {
      this.seenVersion = version;
      this.quietSince = Date.now();
      return;
    }
    if (this.isStale() && !this.publishing && Date.now() - this.quietSince >= this.config.publishDebounceMs) {
      this.publish().catch((error: Error) => {
        // A stop interrupts a publish on purpose: that is not a failure to report.
        if (!this.stopping.signal.aborted) this.logger.error(`publishing the analysis replica failed: ${error.message}`);
      });
    }
  }

  private publish(): Promise<PublishedReplica> {
    this.publishing ??= publishAnalysisReplica(this.warehouse, this.dir, { signal: this.stopping.signal })
      .then((replica) => {
        this.published = replica;
        this.logger.log(`analysis replica at data version ${replica.dataVersion} published in ${replica.durationMs} ms`);
        return replica;
      })
      .finally(() => {
        this.publishing = null;
      });
    return this.publishing;
  }

  /** Interrupts a publish in progress and waits for it: the warehouse closes after this. */
  async onModuleDestroy(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    this.stopping.abort();
    await this.publishing?.catch(() => undefined);
    if (this.ownsDir) rmSync(this.dir, { recursive: true, force: true });
  }
}
