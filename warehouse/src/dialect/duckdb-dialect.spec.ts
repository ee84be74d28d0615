/** Medium tests: the Kysely dialect against a real DuckDB, in memory and in a temp file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Generated, type Kysely } from 'kysely';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWarehouse, type Warehouse } from '../connection.js';
import { withDuckDBConnection } from './with-connection.js';
import { toJsValue } from './duckdb-values.js';

interface ThingTable {
  id: string;
  n: number;
  x: number;
  ok: boolean;
  day: string;
  seen_at: string | Date | null;
}
interface CounterTable {
  id: Generated<number>;
  label: string;
}
interface TestDb {
  thing: ThingTable;
  counter: CounterTable;
}

const tempDir = mkdtempSync(join(tmpdir(), 'hamgam-dialect-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

async function createTables(db: Kysely<TestDb>): Promise<void> {
  await sql`create table thing (
    id varchar primary key, n bigint not null, x double not null, ok boolean not null, day date not null, seen_at timestamptz
  )`.execute(db);
  await sql`create sequence counter_seq; create table counter (id bigint primary key default nextval('counter_seq'), label varchar)`.execute(db);
}

const rowA = { id: 'a', n: 1, x: 1.5, ok: true, day: '2026-03-21', seen_at: '2026-03-21T10:00:00.000Z' };
const rowB = { id: 'b', n: 2, x: 2.25, ok: false, day: '2026-03-22', seen_at: null };

describe.each([
  ['in memory', () => ':memory:'],
  ['in a temp file', () => join(tempDir, `t-${Math.random().toString(36).slice(2)}`, 'dialect.duckdb')],
])('DuckDB dialect %s', (_label, pathFor) => {
  let warehouse: Warehouse;
  let db: Kysely<TestDb>;

  beforeEach(async () => {
    warehouse = await openWarehouse({ path: pathFor() });
    db = warehouse.db as unknown as Kysely<TestDb>;
    await createTables(db);
  });
  afterEach(async () => warehouse.close());

  it('inserts, selects with typed values, and reports inserted rows', async () => {
    const result = await db.insertInto('thing').values([rowA, rowB]).executeTakeFirst();
    expect(result.numInsertedOrUpdatedRows).toBe(2n);
    const rows = await db.selectFrom('thing').selectAll().orderBy('id').execute();
    expect(rows).toEqual([rowA, rowB]);
    expect(typeof rows[0].n).toBe('number');
    expect(typeof rows[0].ok).toBe('boolean');
  });

  it('binds integers, doubles, booleans, null and Date with their own types', async () => {
    await db.insertInto('thing').values([rowA, rowB]).execute();
    // LIMIT needs an integer parameter: a number bound as DOUBLE would fail here.
    const limited = await db.selectFrom('thing').select('id').orderBy('id').limit(1).execute();
    expect(limited).toEqual([{ id: 'a' }]);
    const byDouble = await db.selectFrom('thing').select('id').where('x', '=', 2.25).execute();
    expect(byDouble).toEqual([{ id: 'b' }]);
    const byBool = await db.selectFrom('thing').select('id').where('ok', '=', true).execute();
    expect(byBool).toEqual([{ id: 'a' }]);
    const byNull = await db.selectFrom('thing').select('id').where('seen_at', 'is', null).execute();
    expect(byNull).toEqual([{ id: 'b' }]);
    await db.updateTable('thing').set({ seen_at: new Date('2026-01-02T03:04:05.678Z') }).where('id', '=', 'b').execute();
    const b = await db.selectFrom('thing').select('seen_at').where('id', '=', 'b').executeTakeFirstOrThrow();
    expect(b.seen_at).toBe('2026-01-02T03:04:05.678Z');
    const big = await sql<{ v: number }>`select ${2 ** 40} + 1 as v`.execute(db);
    expect(big.rows[0].v).toBe(2 ** 40 + 1);
  });

  it('updates and deletes with numAffectedRows', async () => {
    await db.insertInto('thing').values([rowA, rowB]).execute();
    const upd = await db.updateTable('thing').set({ n: 10 }).where('n', '<', 5).executeTakeFirst();
    expect(upd.numUpdatedRows).toBe(2n);
    const del = await db.deleteFrom('thing').where('id', '=', 'a').executeTakeFirst();
    expect(del.numDeletedRows).toBe(1n);
    const none = await db.deleteFrom('thing').where('id', '=', 'zzz').executeTakeFirst();
    expect(none.numDeletedRows).toBe(0n);
    expect(await db.selectFrom('thing').select(['id', 'n']).execute()).toEqual([{ id: 'b', n: 10 }]);
  });

  it('returns rows from insert, update and delete with returning', async () => {
    const inserted = await db.insertInto('counter').values([{ label: 'x' }, { label: 'y' }]).returning(['id', 'label']).execute();
    expect(inserted).toEqual([
      { id: 1, label: 'x' },
      { id: 2, label: 'y' },
    ]);
    const updated = await db.updateTable('counter').set({ label: 'z' }).where('id', '=', 2).returning('label').execute();
    expect(updated).toEqual([{ label: 'z' }]);
    const deleted = await db.deleteFrom('counter').where('id', '=', 1).returning('id').execute();
    expect(deleted).toEqual([{ id: 1 }]);
  });

  it('returns count(*), sums and decimals as JS numbers', async () => {
    await db.insertInto('thing').values([rowA, rowB]).execute();
    const row = await db
      .selectFrom('thing')
      .select((eb) => [eb.fn.countAll().as('c'), eb.fn.sum('n').as('s'), sql<number>`sum(n)::hugeint`.as('h'), sql<number>`1.25::decimal(10,2)`.as('d')])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ c: 2, s: 3, h: 3, d: 1.25 });
    const empty = await db.selectFrom('thing').select((eb) => eb.fn.countAll().as('c')).where('id', '=', 'none').executeTakeFirstOrThrow();
    expect(empty.c).toBe(0);
  });

  it('returns DATE as YYYY-MM-DD and timestamps as ISO 8601 UTC', async () => {
    const { rows } = await sql<{ d: string; tz: string; naive: string; day_in_tehran: string }>`
      select date '2026-03-21' as d,
             timestamptz '2026-03-21 00:00:00+03:30' as tz,
             timestamp '2026-03-21 12:34:56.789' as naive,
             (timestamptz '2026-03-20 21:00:00+00')::date as day_in_tehran`.execute(db);
    expect(rows[0]).toEqual({
      d: '2026-03-21',
      tz: '2026-03-20T20:30:00.000Z',
      naive: '2026-03-21T12:34:56.789Z',
      // 21:00 UTC is 00:30 the next day in Tehran: the session time zone is Asia/Tehran.
      day_in_tehran: '2026-03-21',
    });
  });

  it('reads columns as the row converter would: repeated and null dates, timestamps, big integers, intervals, lists, duplicate names', async () => {
    const query = `
      select i, (i % 3)::tinyint as small, i::bigint * 1000000000 as big, (i * 0.5)::decimal(10, 2) as dec,
             case when i % 4 = 0 then null else 'v' || i end as text, i % 2 = 0 as even,
             case when i < 2500 then date '2026-03-21' when i % 5 = 0 then null else date '2026-03-20' + (i % 7)::int end as day,
             timestamptz '2026-03-21 10:00:00+00' + to_seconds(i // 1000) as at, timestamp '2026-03-21 12:34:56' as naive,
             to_days(i % 3) + to_hours(i % 2) as span, [i, i + 1] as pair, {'a': i} as rec, i as i
      from range(5000) t(i)`;
    const { rows } = await sql.raw<Record<string, unknown>>(query).execute(db);
    const expected = await withDuckDBConnection(db as never, async (c) => (await c.raw.runAndReadAll(query)).convertRowObjects(toJsValue));
    expect(rows).toHaveLength(5000);
    expect(rows).toEqual(expected);
    expect(rows[2600]).toEqual(expected[2600]);
    expect(Object.keys(rows[0])).toEqual(Object.keys(expected[0]));
    expect(rows[3]).toMatchObject({ big: 3_000_000_000, dec: 1.5, text: 'v3', day: '2026-03-21', at: '2026-03-21T10:00:00.000Z', naive: '2026-03-21T12:34:56.000Z', pair: [3, 4] });
  });

  it('runs upserts with onConflict doUpdateSet and doNothing', async () => {
    await db.insertInto('thing').values(rowA).execute();
    const updated = await db
      .insertInto('thing')
      .values({ ...rowA, n: 7 })
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ n: eb.ref('excluded.n') })))
      .executeTakeFirst();
    expect(updated.numInsertedOrUpdatedRows).toBe(1n);
    const ignored = await db
      .insertInto('thing')
      .values({ ...rowA, n: 99 })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    expect(ignored.numInsertedOrUpdatedRows).toBe(0n);
    expect(await db.selectFrom('thing').select(['id', 'n']).execute()).toEqual([{ id: 'a', n: 7 }]);
  });

  it('commits a transaction and rolls one back when its callback throws', async () => {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('thing').values(rowA).execute();
    });
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('thing').values(rowB).execute();
        expect(await trx.selectFrom('thing').select('id').orderBy('id').execute()).toEqual([{ id: 'a' }, { id: 'b' }]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.selectFrom('thing').select('id').execute()).toEqual([{ id: 'a' }]);
  });

  it('rolls back after a failing statement inside a transaction', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('thing').values(rowB).execute();
        await trx.insertInto('thing').values(rowB).execute(); // duplicate key
      }),
    ).rejects.toThrow(/constraint|duplicate/i);
    expect(await db.selectFrom('thing').select('id').execute()).toEqual([]);
  });

  it('keeps one connection for a transaction while other queries use other connections', async () => {
    await db.insertInto('thing').values(rowA).execute();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const trxDone = db.transaction().execute(async (trx) => {
      await trx.insertInto('thing').values(rowB).execute();
      await held;
      // Still the same connection: the uncommitted row is visible here.
      return trx.selectFrom('thing').select('id').orderBy('id').execute();
    });
    await new Promise((r) => setTimeout(r, 20));
    // Outside the transaction, on another connection, the snapshot has only the committed row.
    expect(await db.selectFrom('thing').select('id').execute()).toEqual([{ id: 'a' }]);
    release();
    expect(await trxDone).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(await db.selectFrom('thing').select('id').orderBy('id').execute()).toEqual([{ id: 'a' }, { id: 'b' }]);
  });

  it('appends rows through the appender inside a transaction', async () => {
    await db.transaction().execute(async (trx) => {
      await withDuckDBConnection(trx, (c) => c.appendRows('thing', [rowA, { ...rowB, seen_at: new Date('2026-03-22T00:00:00Z') }]));
      expect(await trx.selectFrom('thing').select((eb) => eb.fn.countAll<number>().as('c')).executeTakeFirstOrThrow()).toEqual({ c: 2 });
    });
    const rows = await db.selectFrom('thing').selectAll().orderBy('id').execute();
    expect(rows).toEqual([rowA, { ...rowB, seen_at: '2026-03-22T00:00:00.000Z' }]);
  });

  it('streams rows in chunks', async () => {
    await db.insertInto('thing').values([rowA, rowB]).execute();
    const chunks: string[][] = [];
    for await (const row of db.selectFrom('thing').select('id').orderBy('id').stream(1)) chunks.push([row.id]);
    expect(chunks).toEqual([['a'], ['b']]);
  });

  it('introspects tables and columns from information_schema', async () => {
    const tables = await db.introspection.getTables();
    const thing = tables.find((t) => t.name === 'thing');
    expect(thing?.columns.map((c) => [c.name, c.dataType, c.isNullable])).toEqual([
      ['id', 'VARCHAR', false],
      ['n', 'BIGINT', false],
      ['x', 'DOUBLE', false],
      ['ok', 'BOOLEAN', false],
      ['day', 'DATE', false],
      ['seen_at', 'TIMESTAMP WITH TIME ZONE', true],
    ]);
    const counter = tables.find((t) => t.name === 'counter');
    expect(counter?.columns[0]).toMatchObject({ name: 'id', isAutoIncrementing: true, hasDefaultValue: true });
    expect((await db.introspection.getSchemas()).map((s) => s.name)).toContain('main');
  });
});

describe('DuckDB dialect under other process time zones', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it.each(['America/Los_Angeles', 'Asia/Tehran', 'Pacific/Kiritimati'])('reads DATE unshifted with TZ=%s', async (tz) => {
    process.env.TZ = tz;
    // Node applies a runtime change of TZ: check it took, or this test would prove nothing.
    const offset = new Date('2026-01-01T00:00:00Z').getTimezoneOffset();
    expect(offset).toBe({ 'America/Los_Angeles': 480, 'Asia/Tehran': -210, 'Pacific/Kiritimati': -840 }[tz]);
    const warehouse = await openWarehouse({ path: ':memory:' });
    try {
      await sql`create table d (day date, seen_at timestamptz)`.execute(warehouse.db);
      await sql`insert into d values (${'2026-03-21'}, ${new Date('2026-03-20T20:30:00Z')}), ('2024-12-31', '2025-01-01 00:00:00+00')`.execute(warehouse.db);
      const { rows } = await sql<{ day: string; seen_at: string }>`select day, seen_at from d order by day`.execute(warehouse.db);
      expect(rows).toEqual([
        { day: '2024-12-31', seen_at: '2025-01-01T00:00:00.000Z' },
        { day: '2026-03-21', seen_at: '2026-03-20T20:30:00.000Z' },
      ]);
    } finally {
      await warehouse.close();
    }
  });
});
