/**
 * One full pull of the simulator per test run, shared. Most large tests need a warehouse the real
 * pipelines filled from the real simulator, but not to watch that pull happen again: the first
 * test that asks builds it (through the real server, exactly as `startTestHamgam` starts it, and
 * its `pipelines.sync()`), and every other test starts its own server over a copy of that file.
 * Tests about the pull itself (walking-skeleton, start-command) still pull from empty.
 *
 * Workers are separate processes: the first to create the lock folder builds; the others wait for
 * the finished file (or the builder's error).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';

const WAIT_MS = 300_000;

export async function pulledWarehouseTemplate(build: (path: string) => Promise<void>): Promise<string> {
  const dir = inject('pulledWarehouseDir');
  const file = join(dir, 'pulled.duckdb');
  const failed = join(dir, 'failed.txt');
  let builder = false;
  try {
    mkdirSync(join(dir, 'lock'));
    builder = true;
  } catch {
    // Another worker builds it.
  }
  if (builder) {
    const partial = join(dir, 'building', 'hamgam.duckdb');
    try {
      await build(partial);
      if (existsSync(`${partial}.wal`)) throw new Error('the pulled warehouse left a write-ahead log after close');
      renameSync(partial, file);
    } catch (error) {
      writeFileSync(failed, String((error as Error).stack ?? error));
      throw error;
    }
    return file;
  }
  const started = Date.now();
  while (!existsSync(file)) {
    if (existsSync(failed)) throw new Error(`building the pulled warehouse failed in another worker:\n${readFileSync(failed, 'utf8')}`);
    if (Date.now() - started > WAIT_MS) throw new Error(`no pulled warehouse after ${WAIT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return file;
}

/** Copies the shared pulled warehouse to `target` (a warehouse file path). */
export async function copyPulledWarehouse(target: string, build: (path: string) => Promise<void>): Promise<void> {
  copyFileSync(await pulledWarehouseTemplate(build), target);
}
