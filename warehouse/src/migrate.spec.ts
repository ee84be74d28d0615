/** Medium tests: schema v1 through Kysely's Migrator on a real DuckDB file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, NO_MIGRATIONS, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openWarehouse } from './connection.js';
import { migrateToLatest, migrationStatus } from './migrate.js';
import { migrations } from './migrations/index.js';

const tempDir = mkdtempSync(join(tmpdir(), 'hamgam-migrate-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

const TABLES = [
  'agency', 'dim_date', 'exchange_daily', 'integration_event', 'pipeline_run', 'rejected_row',
  'restatement', 'scoreboard_weekly', 'service', 'service_daily', 'source_state',
];

describe('migrations', () => {
  it('applies schema v1 to a new file, reports it, and is a no-op the second time', async () => {
    const path = join(tempDir, 'nested', 'folder', 'warehouse.duckdb');
    const warehouse = await openWarehouse({ path });
    try {
      expect(await migrationStatus(warehouse.db)).toEqual({ applied: [], pending: Object.keys(migrations) });
      expect(await migrateToLatest(warehouse.db)).toEqual(Object.keys(migrations));
      expect(await migrateToLatest(warehouse.db)).toEqual([]);
      expect(await migrationStatus(warehouse.db)).toEqual({ applied: Object.keys(migrations), pending: [] });
      const tables = (await warehouse.db.introspection.getTables()).map((t) => t.name).sort();
      // Other features' tables may join these; these must all be there.
      expect(tables).toEqual(expect.arrayContaining(TABLES));
    } finally {
      await warehouse.close();
    }
    // Reopening the file finds the schema applied.
    const again = await openWarehouse({ path });
    try {
      expect((await migrationStatus(again.db)).pending).toEqual([]);
    } finally {
      await again.close();
    }
  });

  it('fills dim_date for 2024–2030 from the Iranian calendar', async () => {
    const warehouse = await openWarehouse({ path: ':memory:' });
    try {
      await migrateToLatest(warehouse.db);
      const count = await warehouse.db.selectFrom('dim_date').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(count.n).toBe(2557); // 7 years, two of them leap (2024, 2028)
      const nowruz = await warehouse.db.selectFrom('dim_date').selectAll().where('date', '=', '2026-03-21').executeTakeFirstOrThrow();
      // 21 March 2026 is a Saturday, 1 Farvardin 1405.
      expect(nowruz).toEqual({
        date: '2026-03-21', jalali_year: 1405, jalali_month: 1, jalali_day: 1, iran_weekday: 0,
        week_start: '2026-03-21', week_end: '2026-03-27', is_nowruz_holiday: true,
      });
      const holidays = await warehouse.db.selectFrom('dim_date').select('date').where('is_nowruz_holiday', '=', true)
        .where('jalali_year', '=', 1405).orderBy('date').execute();
      expect(holidays.map((h) => h.date)).toEqual(['2026-03-21', '2026-03-22', '2026-03-23', '2026-03-24']);
    } finally {
      await warehouse.close();
    }
  });

  it('migrates down cleanly', async () => {
    const warehouse = await openWarehouse({ path: ':memory:' });
    try {
      await migrateToLatest(warehouse.db);
      const { error } = await new Migrator({ db: warehouse.db, provider: { getMigrations: async () => migrations } }).migrateTo(NO_MIGRATIONS);
      expect(error).toBeUndefined();
      expect(await warehouse.db.introspection.getTables()).toEqual([]);
      expect((await migrationStatus(warehouse.db)).pending).toEqual(Object.keys(migrations));
    } finally {
      await warehouse.close();
    }
  });

  it('rebuilds the annotation table for withdrawals, rows kept, and back again', async () => {
    const warehouse = await openWarehouse({ path: ':memory:' });
    const migrator = new Migrator({ db: warehouse.db, provider: { getMigrations: async () => migrations } });
    const insert = (id: string, status: string) =>
      sql`insert into annotation (annotation_id, agency_id, week_end, figure, kind, body, status, created_by, created_at, resolved_by, resolved_at)
        values (${id}, 'a1', '2026-03-27', 'index', 'dispute', ${`متن ${id}`}, ${status}, 'a1.user', '2026-03-28T10:00:00Z',
          ${status === 'resolved' ? 'admin' : null}, ${status === 'resolved' ? '2026-03-29T10:00:00Z' : null})`.execute(warehouse.db);
    const rows = async () => (await sql<{ annotation_id: string; status: string; body: string; resolved_by: string | null }>`select annotation_id, status, body, resolved_by from annotation order by annotation_id`.execute(warehouse.db)).rows;
    try {
      expect((await migrator.migrateTo('1796106110361-Annotations')).error).toBeUndefined();
      await insert('n1', 'open');
      await insert('n2', 'resolved');
      await expect(insert('n3', 'withdrawn')).rejects.toThrow(/CHECK/i);
      expect((await migrator.migrateTo('1796135476090-AnnotationWithdrawal')).error).toBeUndefined();
      expect(await rows()).toEqual([
        { annotation_id: 'n1', status: 'open', body: 'متن n1', resolved_by: null },
        { annotation_id: 'n2', status: 'resolved', body: 'متن n2', resolved_by: 'admin' },
      ]);
      await sql`update annotation set status = 'withdrawn', withdrawn_by = 'a1.user', withdrawn_at = now() where annotation_id = 'n1'`.execute(warehouse.db);
      await expect(insert('n4', 'bogus')).rejects.toThrow(/CHECK/i);
      await expect(insert('n2', 'open')).rejects.toThrow(/primary key|duplicate/i);
      const indexes = await sql<{ index_name: string }>`select index_name from duckdb_indexes() where table_name = 'annotation'`.execute(warehouse.db);
      expect(indexes.rows.map((r) => r.index_name)).toEqual(['annotation_week_idx']);
      // Down: a withdrawn annotation becomes one resolved by whoever withdrew it.
      expect((await migrator.migrateTo('1796106110361-Annotations')).error).toBeUndefined();
      expect(await rows()).toEqual([
        { annotation_id: 'n1', status: 'resolved', body: 'متن n1', resolved_by: 'a1.user' },
        { annotation_id: 'n2', status: 'resolved', body: 'متن n2', resolved_by: 'admin' },
      ]);
    } finally {
      await warehouse.close();
    }
  });

  it('fails with a message naming the migration, leaving nothing half-applied', async () => {
    const warehouse = await openWarehouse({ path: ':memory:' });
    try {
      // A table in the way makes schema v1's CREATE TABLE agency fail.
      await sql`create table agency (x integer)`.execute(warehouse.db);
      await expect(migrateToLatest(warehouse.db)).rejects.toThrow(/warehouse migration 1795861295824-SchemaV1 failed: .*agency/);
      const tables = (await warehouse.db.introspection.getTables()).map((t) => t.name);
      expect(tables).toEqual(['agency']);
    } finally {
      await warehouse.close();
    }
  });
});
