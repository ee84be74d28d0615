/**
 * Medium tests: the column read out of DuckDB's vectors (`readColumns`) against the library's own
 * row read through the same converter (`convertRowObjects(toJsValue)`, the path it replaced), on a
 * real DuckDB, for every type the repositories read and the edges of each.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChunkColumns, readColumns } from './duckdb-columns.js';
import { rowObjectsOf } from './duckdb-connection.js';
import { toJsValue } from './duckdb-values.js';

let instance: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  await connection.run(`set TimeZone = 'Asia/Tehran'`);
});
afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

/**
 * Both reads of one query, each from its own run (the library caches what it has read). The
 * column read is taken from chunks fetched through the library's public API, so these tests read
 * through the vector path whatever the reader keeps privately; `readColumns(reader)` must agree.
 */
async function bothReads(query: string) {
  const result = await connection.run(query);
  const types = Array.from({ length: result.columnCount }, (_, i) => result.columnType(i));
  const columns = readChunkColumns(types, await result.fetchAllChunks());
  expect(readColumns(await connection.runAndReadAll(query))).toEqual(columns);
  const reader = await connection.runAndReadAll(query);
  const names = reader.deduplicatedColumnNames();
  const expectedRows = reader.convertRowObjects(toJsValue) as Record<string, unknown>[];
  const expected = names.map((name) => expectedRows.map((row) => row[name]));
  return { columns, expected, rows: rowObjectsOf(await connection.runAndReadAll(query)), expectedRows };
}

/** Value by value with Object.is: NaN equals NaN, -0 is not 0, a number is not its string. */
function expectSameValues(columns: unknown[][], expected: unknown[][]) {
  expect(columns.length).toBe(expected.length);
  columns.forEach((column, c) => {
    expect(column.length).toBe(expected[c].length);
    const differing = column.flatMap((value, r) => (Object.is(value, expected[c][r]) ? [] : [{ c, r, value, expected: expected[c][r] }]));
    expect(differing.slice(0, 5)).toEqual([]);
  });
}

describe('readColumns', () => {
  it('reads every numeric type, with nulls, as the row read does', async () => {
    const { columns, expected, rows, expectedRows } = await bothReads(`
      select i,
             case when i % 7 = 0 then null else i % 2 = 0 end as b,
             case when i % 7 = 1 then null else (i % 256 - 128)::tinyint end as t,
             (i % 200)::utinyint as ut,
             case when i % 7 = 2 then null else (i * 13 % 65536 - 32768)::smallint end as s,
             (i * 7)::usmallint as us,
             case when i % 7 = 3 then null else (i * 104729 - 2147483)::integer end as n,
             (i * 104729)::uinteger as un,
             case when i % 7 = 4 then null else (i - 1500)::bigint * 6148914691236517 end as big,
             (i::ubigint * 3074457345618258) as ubig,
             case when i % 7 = 5 then null else (i - 1500)::hugeint * 1000000007 end as huge,
             (i::hugeint - 1500) * 17014118346046923173168730371588 as huge_wide,
             i::uhugeint * 12345678901234567890 as uhuge,
             case when i % 7 = 6 then null else (i / 3.0)::float end as f,
             case when i % 11 = 0 then null else i / 7.0 - 100 end as d,
             ((i % 80) * 1.25)::decimal(4, 2) as dec4, (i * 1.005)::decimal(9, 3) as dec9,
             (i::decimal(18, 6) / 7) as dec18, (i::decimal(38, 10) / 3) as dec38
      from range(3000) r(i)`);
    expectSameValues(columns, expected);
    expect(rows).toEqual(expectedRows);
    // Past 2^53 a BIGINT or HUGEINT is the nearest double, exactly as Number(bigint) rounds it.
    expect(typeof columns[9][2999]).toBe('number');
  });

  it('reads sums and counts (HUGEINT, BIGINT) and doubles at their edges', async () => {
    const { columns, expected } = await bothReads(`
      select sum(x) as s, count(*) as c, count(*) filter (where x > 0) as cf, max(x)::hugeint * -1 as neg,
             9007199254740993::hugeint as above_2_53, (-9007199254740993)::hugeint as below,
             18446744073709551615::hugeint as two_64_minus_1, 18446744073709551616::hugeint as two_64,
             -1::hugeint as minus_one, 0::hugeint as zero,
             'nan'::double as nan, 'inf'::double as inf, '-inf'::double as ninf, -0.0::double as negzero
      from (values (1), (2), (3), (null)) v(x)`);
    expectSameValues(columns, expected);
    expect(columns[0][0]).toBe(6);
    expect(columns[5][0]).toBe(-9007199254740992);
  });

  it('reads DATE, TIMESTAMP and TIMESTAMPTZ: repeated, null, infinite, before the epoch and far away', async () => {
    const { columns, expected, rows, expectedRows } = await bothReads(`
      select case when i % 9 = 0 then null when i < 1500 then date '2026-03-21' else date '1969-12-31' + (i % 400)::int end as day,
             case when i = 5 then 'infinity'::date when i = 6 then '-infinity'::date when i = 7 then date '0044-03-15' when i = 8 then date '9999-12-31' else date '2026-11-27' end as edge_day,
             case when i % 10 = 0 then null else timestamptz '2026-03-21 10:00:00+00' + to_seconds(i // 700) end as at,
             case when i = 3 then 'infinity'::timestamptz when i = 4 then '-infinity'::timestamptz else timestamptz '1960-01-01 00:00:00.123456+00' + to_microseconds(i) end as at_edge,
             case when i % 13 = 0 then null else timestamp '2026-03-21 12:34:56.789' + to_minutes(i % 5) end as naive,
             case when i = 2 then 'infinity'::timestamp else timestamp '1900-02-28 23:59:59' end as naive_edge
      from range(3000) r(i)`);
    expectSameValues(columns, expected);
    expect(rows).toEqual(expectedRows);
    expect(rows[1]).toMatchObject({ day: '2026-03-21', at: '2026-03-21T10:00:00.000Z', naive: '2026-03-21T12:35:56.789Z' });
  });

  it('reads VARCHAR: empty, inline (≤ 12 bytes), long, Persian, emoji, a leading BOM, nulls, across chunks', async () => {
    const { columns, expected, rows, expectedRows } = await bothReads(`
      select case when i % 6 = 0 then null else 'v' || i end as short,
             case i % 5 when 0 then '' when 1 then 'twelve-bytes' when 2 then 'thirteen-byte' when 3 then repeat('x', 4000) else 'a' end as edges,
             case when i % 4 = 0 then null else 'سازمان ثبت اسناد و املاک کشور ' || i end as persian,
             'نام ' || (i % 3) || ' 🚀' as emoji,
             case when i % 3 = 0 then chr(65279) || 'with a byte order mark ' || i else chr(65279) || 'bom' end as bom,
             case when i % 2 = 0 then 'long string number ' || i else 'short' end as mixed
      from range(5000) r(i)`);
    expectSameValues(columns, expected);
    expect(rows).toEqual(expectedRows);
    expect(rows[1]).toMatchObject({ short: 'v1', edges: 'twelve-bytes', persian: 'سازمان ثبت اسناد و املاک کشور 1' });
  });

  it('reads strings stored in a table and read back in another order (not adjacent in memory), or repeated by a join', async () => {
    await connection.run(`create or replace table names as
      select i as id, 'agency number ' || i || ' ' || repeat('ی', i % 17) as name_fa, md5(i::varchar) as hash, ['a', 'b'][1 + i % 2] as kind
      from range(6000) r(i)`);
    const { columns, expected } = await bothReads(`select name_fa, hash, kind, id from names order by hash desc`);
    expectSameValues(columns, expected);
    const again = await bothReads(`select n.name_fa, m.name_fa as other, n.kind from names n join names m on m.id = (n.id * 7919) % 6000 where n.id % 3 <> 0 order by n.id`);
    expectSameValues(again.columns, again.expected);
    // A join repeating 40 names over 20,000 rows: in a chunk, many rows point at one string.
    const repeated = await bothReads(`select j, n.name_fa, n.hash from range(20000) t(j) join names n on n.id = j % 40 order by j`);
    expectSameValues(repeated.columns, repeated.expected);
    expect(new Set(repeated.columns[1]).size).toBe(40);
  });

  it('reads LIST, STRUCT, MAP, intervals, UUID, BLOB and ENUM through the library, as before', async () => {
    const { columns, expected, rows, expectedRows } = await bothReads(`
      select [i, i + 1] as pair, case when i % 3 = 0 then null else {'a': i, 'b': 'x' || i} end as rec,
             map(['k'], [i]) as m, to_days(i % 3) + to_hours(i % 2) as span, uuid '00000000-0000-0000-0000-000000000001' as id,
             'ab'::blob as bytes, ('x' || (i % 2))::enum('x0', 'x1') as e, ['long string one', null] as strings
      from range(2100) r(i)`);
    expect(columns).toEqual(expected);
    expect(rows).toEqual(expectedRows);
  });

  it("takes the reader's own chunks in this @duckdb/node-api (else it would fall back to the slow read)", async () => {
    const reader = await connection.runAndReadAll(`select 'x' || i as s from range(3000) r(i)`);
    // A canary for a library upgrade: the fast path reads the reader's private chunk list.
    expect(Array.isArray((reader as unknown as { chunks?: unknown }).chunks)).toBe(true);
    expect(readColumns(reader)[0].slice(0, 2)).toEqual(['x0', 'x1']);
  });

  it('reads an empty result and a result of one all-null row', async () => {
    const empty = await bothReads(`select 1::integer as a, 'x' as b, date '2026-01-01' as d where false`);
    expect(empty.columns).toEqual([[], [], []]);
    expect(empty.rows).toEqual([]);
    const nulls = await bothReads(`select null::integer as a, null::varchar as b, null::date as d, null::timestamptz as t, null::hugeint as h, null::boolean as o, null::double as f`);
    expect(nulls.columns).toEqual([[null], [null], [null], [null], [null], [null], [null]]);
    expect(nulls.rows).toEqual(nulls.expectedRows);
  });
});
