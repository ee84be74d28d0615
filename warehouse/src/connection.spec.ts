/** Medium tests: opening warehouses on real DuckDB files. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openWarehouse } from './connection.js';

const tempDir = mkdtempSync(join(tmpdir(), 'hamgam-connection-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

describe('openWarehouse', () => {
  it('shares one DuckDB instance per file, so two opens see each other at once', async () => {
    const path = join(tempDir, 'a', 'shared.duckdb');
    const first = await openWarehouse({ path });
    const second = await openWarehouse({ path: join(tempDir, 'a', '..', 'a', 'shared.duckdb') });
    try {
      expect(second.instance).toBe(first.instance);
      await sql`create table t (x integer)`.execute(first.db);
      await sql`insert into t values (1)`.execute(first.db);
      expect((await sql<{ x: number }>`select x from t`.execute(second.db)).rows).toEqual([{ x: 1 }]);
      await first.close();
      // The instance stays open for the remaining user.
      expect((await sql<{ x: number }>`select x from t`.execute(second.db)).rows).toEqual([{ x: 1 }]);
    } finally {
      await first.close();
      await second.close();
    }
    // After the last close, the file can be opened again with its data.
    const third = await openWarehouse({ path });
    try {
      expect((await sql<{ x: number }>`select x from t`.execute(third.db)).rows).toEqual([{ x: 1 }]);
    } finally {
      await third.close();
    }
  });

  it('interrupts a running query and waits for it before it closes', async () => {
    const wh = await openWarehouse({ path: join(tempDir, 'busy.duckdb') });
    let settled = false;
    // Far too long to finish on its own: only the interrupt can end it.
    const running = sql`select count(*) from range(1000000000000) a`.execute(wh.db).finally(() => (settled = true));
    const outcome = running.then(() => 'finished', (error: Error) => error.message);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await wh.close();
    // Closed only once DuckDB gave the connection back: closing under a running query leaves a
    // task in DuckDB's threads and the process hangs at exit.
    expect(settled).toBe(true);
    expect(await outcome).toMatch(/interrupt/i);
  });

  it('gives each :memory: warehouse its own database', async () => {
    const a = await openWarehouse({ path: ':memory:' });
    const b = await openWarehouse({ path: ':memory:' });
    try {
      await sql`create table only_in_a (x integer)`.execute(a.db);
      await expect(sql`select * from only_in_a`.execute(b.db)).rejects.toThrow(/only_in_a/);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('advances the data version monotonically, also across reopening the same file', async () => {
    const path = join(tempDir, 'versions.duckdb');
    const w = await openWarehouse({ path });
    expect(w.getDataVersion()).toBe(0);
    expect(w.bumpDataVersion()).toBe(1);
    expect(w.bumpDataVersion()).toBe(2);
    await w.close();
    const again = await openWarehouse({ path });
    try {
      expect(again.getDataVersion()).toBe(2);
      expect(again.bumpDataVersion()).toBe(3);
    } finally {
      await again.close();
    }
  });

  it('sets the session time zone to Asia/Tehran on every pooled connection', async () => {
    const w = await openWarehouse({ path: ':memory:', maxConnections: 2 });
    try {
      const zones = await Promise.all([1, 2, 3].map(() => sql<{ tz: string }>`select current_setting('TimeZone') as tz`.execute(w.db)));
      expect(zones.map((z) => z.rows[0].tz)).toEqual(['Asia/Tehran', 'Asia/Tehran', 'Asia/Tehran']);
    } finally {
      await w.close();
    }
  });

  it('applies a memory limit and thread count to the file instance it creates', async () => {
    const w = await openWarehouse({ path: join(tempDir, 'limited.duckdb'), memoryLimit: '200MB', threads: 1 });
    try {
      const settings = await sql<{ memory: string; threads: number }>`select current_setting('memory_limit') as memory, current_setting('threads') as threads`.execute(w.db);
      expect(settings.rows[0].memory).toMatch(/^(190\.[0-9] MiB|200\.0 MB)$/);
      expect(Number(settings.rows[0].threads)).toBe(1);
    } finally {
      await w.close();
    }
  });
});
