/** The result spool on this machine's real /dev/shm. */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openResultSpool } from './result-spool.js';

const TMPFS_MAGIC = 0x01021994;

describe('openResultSpool', () => {
  it('uses the folder it is given, and leaves it in place', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'hamgam-spool-')), 'results');
    const spool = openResultSpool(dir, '/nonexistent');
    expect(spool.dir).toBe(dir);
    expect(existsSync(dir)).toBe(true);
    spool.close();
    expect(existsSync(dir)).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes a folder of its own on tmpfs, removes it on close, and clears those of servers gone', () => {
    // A folder left by a process that no longer runs (pid 2^22 + 1 is past Linux's highest).
    const abandoned = join('/dev/shm', `hamgam-results-${2 ** 22 + 1}-x`);
    mkdirSync(abandoned, { recursive: true });
    const other = openResultSpool(undefined, '/nonexistent');
    const spool = openResultSpool(undefined, '/nonexistent');
    expect(spool.dir.startsWith(`/dev/shm/hamgam-results-${process.pid}-`)).toBe(true);
    expect(statfsSync(spool.dir).type).toBe(TMPFS_MAGIC);
    expect(existsSync(abandoned)).toBe(false);
    // Two servers in one process each have their own; the second did not remove the first's.
    expect(other.dir).not.toBe(spool.dir);
    expect(existsSync(other.dir)).toBe(true);
    spool.close();
    other.close();
    expect(existsSync(spool.dir)).toBe(false);
    expect(existsSync(other.dir)).toBe(false);
  });
});
