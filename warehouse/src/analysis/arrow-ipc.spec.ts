/**
 * The Arrow IPC writer against a real DuckDB, decoded by the real apache-arrow reader. apache-arrow
 * is a dependency of `pipelines` only; this medium test loads it from there by path (it is a test
 * of the bytes, not a runtime dependency of the warehouse). A second, independent reader, flechette
 * (a dev dependency), decodes the same kind of stream, so the bytes follow the format and not one
 * library's reading of it.
 */
import { fileURLToPath } from 'node:url';
import { DuckDBInstance, type DuckDBDataChunk } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { toArrowIpc } from './arrow-ipc.js';

const DICTIONARIES = { dictionaries: true };

const arrowPath = fileURLToPath(new URL('../../../pipelines/node_modules/apache-arrow/Arrow.node.mjs', import.meta.url));

async function ipcOf(sql: string, limit = Infinity, metadata?: Record<string, string>, options?: { dictionaries?: boolean }): Promise<Uint8Array> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const result = await connection.stream(sql);
    const chunks: DuckDBDataChunk[] = [];
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) chunks.push(chunk);
    const columns = result.columnNames().map((name, i) => ({ name, type: result.columnType(i) }));
    return toArrowIpc(columns, chunks, limit, metadata, options);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('toArrowIpc', () => {
  it('writes a stream apache-arrow decodes, with types, nulls and Persian text intact', async () => {
    const arrow = await import(arrowPath);
    const bytes = await ipcOf(`
      select i::integer as n, i::bigint * 1000000000 as big, i / 4 as ratio, i % 3 = 0 as flag,
        case when i % 5 = 0 then null else 'خدمت ' || i end as name,
        date '2026-03-21' + i::integer as day, timestamptz '2026-03-21 00:00:00+00' + i * interval 1 hour as at_time,
        sum(i) over () as total, 1.25::decimal(5,2) as dec, interval (i) day as span, [i, i] as pair
      from range(70000) t(i)`);
    expect([...bytes.subarray(0, 4)]).toEqual([0xff, 0xff, 0xff, 0xff]);
    const t = arrow.tableFromIPC(bytes);
    expect(t.numRows).toBe(70000);
    expect(t.schema.fields.map((f: { name: string }) => f.name)).toEqual(['n', 'big', 'ratio', 'flag', 'name', 'day', 'at_time', 'total', 'dec', 'span', 'pair']);
    const row = t.get(7)!.toJSON();
    expect(row.n).toBe(7);
    expect(row.big).toBe(7000000000n);
    expect(row.ratio).toBe(1.75);
    expect(row.flag).toBe(false);
    expect(t.get(9)!.toJSON().flag).toBe(true);
    expect(row.name).toBe('خدمت 7');
    expect(t.get(5)!.toJSON().name).toBeNull();
    expect(t.getChild('name').nullCount).toBe(14000);
    expect(new Date(row.day).toISOString().slice(0, 10)).toBe('2026-03-28');
    expect(new Date(Number(row.at_time)).toISOString()).toBe('2026-03-21T07:00:00.000Z');
    expect(row.total).toBe((69999 * 70000) / 2);
    expect(row.dec).toBe(1.25);
    expect(row.span).toBe('7 days');
    expect(row.pair).toBe('[7, 7]');
    expect(t.schema.fields[7].metadata.get('duckdb_type')).toBe('HUGEINT');
    expect(t.getChild('n').toArray().slice(65534, 65538)).toEqual(Int32Array.from([65534, 65535, 65536, 65537]));
  });

  it('cuts at the row limit and writes an empty result as a schema and an empty batch', async () => {
    const arrow = await import(arrowPath);
    expect(arrow.tableFromIPC(await ipcOf('select range as i from range(5000)', 3000)).numRows).toBe(3000);
    const empty = arrow.tableFromIPC(await ipcOf('select 1 as a, \'x\' as b where false'));
    expect(empty.numRows).toBe(0);
    expect(empty.schema.fields.map((f: { name: string }) => f.name)).toEqual(['a', 'b']);
  });

  it('puts the facts known at the end in the last record batch\'s custom metadata, on a batch boundary too', async () => {
    const arrow = await import(arrowPath);
    const facts = { 'hamgam.row_count': '70000', 'hamgam.truncated': 'true', 'note': 'خلاصه' };
    const cut = arrow.tableFromIPC(await ipcOf('select range as i from range(80000)', 70000, facts));
    expect(cut.numRows).toBe(70000);
    expect(cut.batches.length).toBe(2);
    expect(Object.fromEntries(cut.batches.at(-1).metadata)).toEqual(facts);
    expect(cut.batches[0].metadata.size).toBe(0);
    // 65,536 rows fill one batch exactly: the facts come in an empty batch after it.
    const boundary = arrow.tableFromIPC(await ipcOf('select range as i from range(65536)', Infinity, { 'hamgam.row_count': '65536' }));
    expect(boundary.numRows).toBe(65536);
    expect(boundary.batches.map((b: { numRows: number }) => b.numRows)).toEqual([65536, 0]);
    expect(boundary.batches.at(-1).metadata.get('hamgam.row_count')).toBe('65536');
    const plain = arrow.tableFromIPC(await ipcOf('select range as i from range(65536)'));
    expect(plain.batches.length).toBe(1);
  });

  it('sends repetitive VARCHAR columns as dictionaries, each batch with its own, values and NULLs intact', async () => {
    const arrow = await import(arrowPath);
    // 150,000 rows: three batches, so the second and third dictionaries replace the first.
    const expected = (i: number) => ({
      service: `service-${i % 3000}`,
      // Long (Persian, over 12 bytes), short and empty strings and NULLs in one column.
      mixed: i % 7 === 0 ? null : i % 5 === 0 ? `سازمان ثبت اسناد ${i % 40}` : i % 11 === 0 ? '' : `x${i % 9}`,
      unique: `u${i}`,
    });
    const bytes = await ipcOf(`
      select 'service-' || (i % 3000) as service,
        case when i % 7 = 0 then null when i % 5 = 0 then 'سازمان ثبت اسناد ' || (i % 40) when i % 11 = 0 then '' else 'x' || (i % 9) end as mixed,
        'u' || i as unique
      from range(150000) t(i)`, Infinity, undefined, DICTIONARIES);
    const t = arrow.tableFromIPC(bytes);
    expect(t.numRows).toBe(150000);
    expect(t.batches.length).toBe(3);
    const types = t.schema.fields.map((f: { type: { toString(): string } }) => String(f.type));
    // Near-distinct strings stay plain Utf8: a dictionary would only add indices.
    expect(types).toEqual(['Dictionary<Int32, Utf8>', 'Dictionary<Int32, Utf8>', 'Utf8']);
    expect(t.schema.fields[0].metadata.get('duckdb_type')).toBe('VARCHAR');
    const service = t.getChild('service');
    const mixed = t.getChild('mixed');
    const unique = t.getChild('unique');
    let wrong = 0;
    for (let i = 0; i < 150000; i++) {
      const e = expected(i);
      if (service.get(i) !== e.service || mixed.get(i) !== e.mixed || unique.get(i) !== e.unique) wrong++;
    }
    expect(wrong).toBe(0);
    expect(mixed.nullCount).toBe(Math.ceil(150000 / 7));
    // Each batch's dictionary holds its own distinct values once: 3,000 services.
    expect(t.batches.map((b: { getChildAt(i: number): { data: { dictionary: { length: number } }[] } }) => b.getChildAt(0).data[0].dictionary.length)).toEqual([3000, 3000, 3000]);
    // As plain Utf8 the column alone would take 4 bytes of offset and 9–12 of text a row; as a
    // dictionary, 4 bytes of index and each batch's 3,000 values once.
    const dictionary = await ipcOf(`select 'service-' || (i % 3000) as service from range(150000) t(i)`, Infinity, undefined, DICTIONARIES);
    // Not asked for, the same column is plain Utf8.
    const plain = arrow.tableFromIPC(await ipcOf(`select 'service-' || (i % 3000) as service from range(150000) t(i)`));
    expect(String(plain.schema.fields[0].type)).toBe('Utf8');
    expect(plain.getChild('service').get(149999)).toBe('service-2999');
    expect(dictionary.length).toBeGreaterThan(150000 * 4);
    expect(dictionary.length).toBeLessThan(150000 * 5);
  });

  it('keeps a dictionary correct when strings that differ in one word of DuckDB\'s string record, or only in length, repeat', async () => {
    const arrow = await import(arrowPath);
    // Pairs of one length that differ in one word only (bytes 1–4, 5–8, 9–12), lengths around the
    // 12 inline bytes, and the empty string.
    // A NUL byte at the end: the same words as the string without it, one byte longer.
    const values = ['abcd', 'abcX', 'abcdefgh', 'abcdXfgh', 'abcdefghijkl', 'abcdefghijkX', 'abcde', 'abcdefghijklm', 'abcdefghijklX', 'ab', 'ab\0', ''];
    const list = values.map((v) => (v.endsWith('\0') ? `'${v.slice(0, -1)}' || chr(0)` : `'${v}'`)).join(', ');
    const t = arrow.tableFromIPC(await ipcOf(`select ([${list}])[1 + (i % ${values.length})] as v from range(70000) t(i)`, Infinity, undefined, DICTIONARIES));
    expect(String(t.schema.fields[0].type)).toBe('Dictionary<Int32, Utf8>');
    const v = t.getChild('v');
    let wrong = 0;
    for (let i = 0; i < 70000; i++) if (v.get(i) !== values[i % values.length]) wrong++;
    expect(wrong).toBe(0);
  });

  it('reads long strings that a join repeats or that lie end to end, plain and as dictionaries', async () => {
    const arrow = await import(arrowPath);
    const text = 'رسته‌ی خدمات الکترونیک دولت، پنجره‌ی ملی';
    const sql = `
      with agency as (select i as id, 'سازمان ' || repeat('ث', i % 13) || i as name from range(40) t(i))
      select left('${text}', 13 + (i % 17)) as prefix, agency.name as joined,
        'p-' || lpad(i::varchar, 12, '0') as distinct_long,
        case when i % 3 = 0 then null else repeat('ب', 7 + (i % 4)) end as repeated
      from range(70000) t(i) join agency on agency.id = i % 40
      order by i`;
    const t = arrow.tableFromIPC(await ipcOf(sql, Infinity, undefined, DICTIONARIES));
    expect(t.numRows).toBe(70000);
    const prefix = t.getChild('prefix');
    // A join repeats each agency's name from its hash table: many rows, one string in memory.
    const joined = t.getChild('joined');
    const distinct = t.getChild('distinct_long');
    const repeated = t.getChild('repeated');
    let wrong = 0;
    for (let i = 0; i < 70000; i++) {
      if (prefix.get(i) !== [...text].slice(0, 13 + (i % 17)).join('')) wrong++;
      if (joined.get(i) !== `سازمان ${'ث'.repeat((i % 40) % 13)}${i % 40}`) wrong++;
      if (distinct.get(i) !== `p-${String(i).padStart(12, '0')}`) wrong++;
      if (repeated.get(i) !== (i % 3 === 0 ? null : 'ب'.repeat(7 + (i % 4)))) wrong++;
    }
    expect(wrong).toBe(0);
    expect(t.schema.fields.map((f: { type: { toString(): string } }) => String(f.type))).toEqual(['Dictionary<Int32, Utf8>', 'Dictionary<Int32, Utf8>', 'Utf8', 'Dictionary<Int32, Utf8>']);
    // The same long strings as plain Utf8 (their bytes copied out of DuckDB's memory run by run).
    const plain = arrow.tableFromIPC(await ipcOf(sql));
    let wrongPlain = 0;
    for (let i = 0; i < 70000; i++) if (plain.getChild('joined').get(i) !== joined.get(i) || plain.getChild('prefix').get(i) !== prefix.get(i) || plain.getChild('repeated').get(i) !== repeated.get(i)) wrongPlain++;
    expect(wrongPlain).toBe(0);
    expect(plain.schema.fields.every((f: { type: { toString(): string } }) => String(f.type) === 'Utf8')).toBe(true);
  });
});


describe('toArrowIpc, read by a second Arrow implementation', () => {
  it('decodes in flechette (its own FlatBuffers and IPC reader) to the same values: types, NULLs, and dictionaries each batch replaces', async () => {
    const { tableFromIPC } = await import('@uwdata/flechette');
    // 150,000 rows: three record batches, each preceded by the dictionary batch that replaces the one before.
    const bytes = await ipcOf(`
      select i::integer as n, i::bigint * 1000000000 as big, i / 4 as ratio, i % 3 = 0 as flag,
        case when i % 5 = 0 then null else 'خدمت ' || (i % 700) end as name,
        case when i % 7 = 0 then null when i % 2 = 0 then 'سازمان ثبت اسناد ' || (i % 40) else 'x' || (i % 9) end as mixed,
        date '2026-03-21' + (i % 400)::integer as day, 'u' || i as unique
      from range(150000) t(i)`, Infinity, undefined, DICTIONARIES);
    const t = tableFromIPC(bytes, { useBigInt: true, useDate: false });
    expect(t.numRows).toBe(150000);
    expect(t.schema.fields.map((f) => f.name)).toEqual(['n', 'big', 'ratio', 'flag', 'name', 'mixed', 'day', 'unique']);
    // Arrow's type ids: Int 2, FloatingPoint 3, Utf8 5, Bool 6, Date 8, Dictionary -1.
    expect(t.schema.fields.map((f) => f.type.typeId)).toEqual([2, 2, 3, 6, -1, -1, 8, 5]);
    const [n, big, ratio, flag, name, mixed, day, unique] = t.schema.fields.map((f) => t.getChild(f.name)!);
    const DAY_MS = 86_400_000;
    const first = Date.UTC(2026, 2, 21) / DAY_MS;
    let wrong = 0;
    for (let i = 0; i < 150000; i++) {
      const expected = [
        i,
        BigInt(i) * 1_000_000_000n,
        i / 4,
        i % 3 === 0,
        i % 5 === 0 ? null : `خدمت ${i % 700}`,
        i % 7 === 0 ? null : i % 2 === 0 ? `سازمان ثبت اسناد ${i % 40}` : `x${i % 9}`,
        (first + (i % 400)) * DAY_MS,
        `u${i}`,
      ];
      const got = [n.at(i), big.at(i), ratio.at(i), flag.at(i), name.at(i), mixed.at(i), day.at(i), unique.at(i)];
      if (got.some((value, c) => value !== expected[c])) wrong++;
    }
    expect(wrong).toBe(0);
    expect(name.nullCount).toBe(30000);
  });
});
