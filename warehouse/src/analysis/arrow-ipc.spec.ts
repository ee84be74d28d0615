/**
 * The Arrow IPC writer against a real DuckDB, decoded by the real apache-arrow reader. apache-arrow
 * is a dependency of `pipelines` only; this medium test loads it from there by path (it is a test
 * of the bytes, not a runtime dependency of the warehouse).
 */
import { fileURLToPath } from 'node:url';
import { DuckDBInstance, type DuckDBDataChunk } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { toArrowIpc } from './arrow-ipc.js';

const arrowPath = fileURLToPath(new URL('../../../pipelines/node_modules/apache-arrow/Arrow.node.mjs', import.meta.url));

async function ipcOf(sql: string, limit = Infinity, metadata?: Record<string, string>): Promise<Uint8Array> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const result = await connection.stream(sql);
    const chunks: DuckDBDataChunk[] = [];
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) chunks.push(chunk);
    const columns = result.columnNames().map((name, i) => ({ name, type: result.columnType(i) }));
    return toArrowIpc(columns, chunks, limit, metadata);
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
});
