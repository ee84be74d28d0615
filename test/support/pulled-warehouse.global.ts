/**
 * Global setup: a folder for this run's pulled warehouse, shared by the test workers. The warehouse
 * itself is built lazily by the first large test that asks for it (test/support/pulled-warehouse.ts),
 * so a run of small specs pays nothing for it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pulledWarehouseDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'hamgam-pulled-'));
  project.provide('pulledWarehouseDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
