/**
 * Runs many sources: the datasets of one agency in load order (the catalogue first), agencies in
 * parallel up to a bound, so one slow agency never holds the others back.
 */
import type { Warehouse } from '@hamgam/warehouse';
import { type RunOptions, type RunResult, runSource } from './run-source.js';
import { LOAD_ORDER, type SourceConfig } from './sources.js';

export interface RunAllOptions extends RunOptions {
  concurrency?: number;
  onResult?: (result: RunResult) => void;
}

export async function runSources(wh: Warehouse, sources: readonly SourceConfig[], opts: RunAllOptions = {}): Promise<RunResult[]> {
  const byAgency = new Map<string, SourceConfig[]>();
  for (const s of sources) {
    if (!s.enabled) continue;
    const list = byAgency.get(s.agencyId) ?? [];
    list.push(s);
    byAgency.set(s.agencyId, list);
  }
  const queue = [...byAgency.values()].map((list) => [...list].sort((a, b) => LOAD_ORDER.indexOf(a.dataset) - LOAD_ORDER.indexOf(b.dataset)));
  const results: RunResult[] = [];

  async function worker() {
    for (let agencySources = queue.shift(); agencySources; agencySources = queue.shift()) {
      for (const source of agencySources) {
        const result = await runSource(wh, source, opts);
        results.push(result);
        opts.onResult?.(result);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker));
  return results;
}
