import { describe, expect, it } from 'vitest';
import { DateDay, Float64, Int64, Table, TimestampMicrosecond, Utf8, Bool, makeVector, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import { cellKindOf, cellRaw, cellText, columnWidth, COPY_MAX_CELLS, numericValue, reorderedModel, selectionBounds, selectionText, sortOrder, toGridModel, visibleRows, type GridModel } from './grid-model';

/** A result as the server sends it: through Arrow IPC bytes, decoded again. */
function result(): Table {
  const table = new Table({
    n: makeVector({ type: new Int64(), data: BigInt64Array.from([1234n, 9007199254740993n, -5n]) }),
    name_fa: vectorFromArray(['وزارت کشور', null, 'Tehran'], new Utf8()),
    day: makeVector({ type: new DateDay(), data: Int32Array.from([20533, 20533, 0]) }),
    share: vectorFromArray([0.125, 99.5, null], new Float64()),
    live: vectorFromArray([true, false, null], new Bool()),
    at: makeVector({ type: new TimestampMicrosecond('UTC'), data: BigInt64Array.from([1774096200000000n, 0n, 0n]) }),
  });
  return tableFromIPC(tableToIPC(table, 'stream'));
}

const COLUMNS = [
  { name: 'n', type: 'BIGINT' },
  { name: 'name_fa', type: 'VARCHAR' },
  { name: 'day', type: 'DATE' },
  { name: 'share', type: 'DECIMAL(9,3)' },
  { name: 'live', type: 'BOOLEAN' },
  { name: 'at', type: 'TIMESTAMP WITH TIME ZONE' },
];

describe('the result grid model', () => {
  it('reads every column of the Arrow result with its DuckDB type and kind', () => {
    const model = toGridModel(result(), COLUMNS, 'en');
    expect(model.rowCount).toBe(3);
    expect(model.columns.map((c) => [c.name, c.type, c.kind])).toEqual([
      ['n', 'BIGINT', 'integer'],
      ['name_fa', 'VARCHAR', 'text'],
      ['day', 'DATE', 'date'],
      ['share', 'DECIMAL(9,3)', 'decimal'],
      ['live', 'BOOLEAN', 'boolean'],
      ['at', 'TIMESTAMP WITH TIME ZONE', 'timestamptz'],
    ]);
    expect(model.columns[3].scale).toBe(3);
  });

  it('keeps BIGINT exact and gives the raw values the JSON API would', () => {
    const model = toGridModel(result(), COLUMNS, 'en');
    const raw = (r: number) => model.columns.map((c, i) => cellRaw(model.value(r, i), c));
    expect(raw(0)).toEqual(['1234', 'وزارت کشور', '2026-03-21', '0.125', 'true', '2026-03-21T12:30:00.000Z']);
    expect(raw(1)[0]).toBe('9007199254740993');
    expect(raw(1)[1]).toBe('');
    expect(raw(2)[3]).toBe('');
  });

  it('formats cells through the format module: Persian digits and the Solar Hijri calendar in Persian', () => {
    const model = toGridModel(result(), COLUMNS, 'fa');
    const text = (r: number, c: number, lang: 'fa' | 'en') => cellText(model.value(r, c), model.columns[c], lang);
    expect(text(0, 0, 'fa')).toBe('۱٬۲۳۴');
    expect(text(0, 0, 'en')).toBe('1,234');
    expect(text(1, 0, 'en')).toBe('9,007,199,254,740,993');
    expect(text(0, 2, 'fa')).toBe('۱ فروردین ۱۴۰۵');
    expect(text(0, 2, 'en')).toBe('21 Mar 2026');
    // A DECIMAL keeps its scale; a NULL is marked, not blank.
    expect(text(0, 3, 'en')).toBe('0.125');
    expect(text(1, 3, 'en')).toBe('99.500');
    expect(text(2, 3, 'en')).toBe('NULL');
    expect(text(0, 4, 'en')).toBe('true');
    expect(text(0, 4, 'fa')).toBe('درست');
    // An instant in Tehran time (UTC+03:30).
    expect(text(0, 5, 'en')).toBe('2026-03-21 16:00:00');
    expect(text(0, 5, 'fa')).toBe('۱۴۰۵/۰۱/۰۱ ۱۶:۰۰:۰۰');
    expect(text(0, 1, 'fa')).toBe('وزارت کشور');
  });

  it('knows the kinds of DuckDB types, falling back to text', () => {
    expect(cellKindOf('HUGEINT').kind).toBe('decimal');
    expect(cellKindOf('DECIMAL(18, 2)')).toEqual({ kind: 'decimal', scale: 2 });
    expect(cellKindOf('UBIGINT').kind).toBe('integer');
    expect(cellKindOf('TIMESTAMP').kind).toBe('timestamp');
    expect(cellKindOf('TIMESTAMP_NS').kind).toBe('timestamp');
    expect(cellKindOf('VARCHAR[]').kind).toBe('text');
    expect(cellKindOf('INTERVAL').kind).toBe('text');
  });

  it('gives charts numbers, and nothing for text', () => {
    expect(numericValue(12n)).toBe(12);
    expect(numericValue(1.5)).toBe(1.5);
    expect(numericValue(true)).toBe(1);
    expect(numericValue('12')).toBeNull();
    expect(numericValue(null)).toBeNull();
    expect(numericValue(Number.NaN)).toBeNull();
  });

  it('sizes columns from the header and the values, within bounds', () => {
    expect(columnWidth('n', 'BIGINT', ['1'])).toBeGreaterThanOrEqual(72);
    expect(columnWidth('description', 'VARCHAR', ['x'.repeat(500)])).toBe(360);
    expect(columnWidth('a', 'VARCHAR', ['x'.repeat(20)])).toBeGreaterThan(columnWidth('a', 'VARCHAR', ['x']));
  });

  it('puts only the rows in view (and a few either side) in the DOM', () => {
    // 100,000 rows of 28 px in a 560 px viewport: about 21 rows in view.
    expect(visibleRows(0, 560, 28, 100_000, 8)).toEqual({ start: 0, end: 29 });
    const middle = visibleRows(28 * 50_000, 560, 28, 100_000, 8);
    expect(middle).toEqual({ start: 49_992, end: 50_029 });
    expect(middle.end - middle.start).toBeLessThan(50);
    // Scrolled to the very end: the last rows, never past them.
    expect(visibleRows(28 * 100_000, 560, 28, 100_000, 8)).toEqual({ start: 99_991, end: 100_000 });
    expect(visibleRows(0, 560, 28, 0)).toEqual({ start: 0, end: 0 });
    expect(visibleRows(0, 560, 28, 5, 8)).toEqual({ start: 0, end: 5 });
  });
});

/** A model over plain rows, one kind per column. */
function plain(kinds: ('integer' | 'text' | 'date' | 'boolean')[], rows: unknown[][]): GridModel {
  return {
    columns: kinds.map((kind, i) => ({ name: `c${i}`, type: kind, kind, scale: 0, width: 80 })),
    rowCount: rows.length,
    value: (r, c) => rows[r][c],
  };
}

describe('sorting the grid', () => {
  it('orders numbers, bigints, dates and booleans by value, NULLs last either way, ties as the query gave them', () => {
    const model = plain(['integer', 'integer'], [[3n, 'a'], [null, 'b'], [-7n, 'c'], [3n, 'd'], [9007199254740993n, 'e']]);
    const up = sortOrder(model, { column: 0, direction: 'ascending' }, 'en');
    expect([...up]).toEqual([2, 0, 3, 4, 1]);
    const down = sortOrder(model, { column: 0, direction: 'descending' }, 'en');
    expect([...down]).toEqual([4, 0, 3, 2, 1]);
    const view = reorderedModel(model, down);
    expect([0, 1, 2, 3, 4].map((r) => view.value(r, 1))).toEqual(['e', 'a', 'd', 'c', 'b']);
    const flags = plain(['boolean'], [[true], [false], [null], [true]]);
    expect([...sortOrder(flags, { column: 0, direction: 'ascending' }, 'en')]).toEqual([1, 0, 3, 2]);
  });

  it('orders Persian text in Persian alphabetical order, and numbers inside text by value', () => {
    // Code-point order would put پ (U+067E) and گ (U+06AF) after ی's neighbours; Persian order does not.
    const words = ['گیلان', 'البرز', 'پارس', 'تهران', 'بوشهر'];
    const model = plain(['text'], words.map((w) => [w]));
    const order = sortOrder(model, { column: 0, direction: 'ascending' }, 'fa');
    expect([...order].map((i) => words[i])).toEqual(['البرز', 'بوشهر', 'پارس', 'تهران', 'گیلان']);
    const services = plain(['text'], [['service-10'], ['service-9'], [null], ['service-100']]);
    expect([...sortOrder(services, { column: 0, direction: 'ascending' }, 'en')]).toEqual([1, 0, 3, 2]);
  });
});


describe('copying cells from the grid', () => {
  it('gives the raw values of the selected rectangle as tab-separated lines, whichever corner it started from', () => {
    const model = toGridModel(result(), COLUMNS, 'fa');
    // From the bottom right corner up to the top left: the same rectangle.
    const copied = selectionText(model, { anchor: { row: 1, column: 2 }, focus: { row: 0, column: 0 } }, false);
    // Exact BIGINT digits and ISO dates, not the Persian display (۱٬۲۳۴, the Solar Hijri day); NULL as an empty field.
    expect(copied).toEqual({ text: '1234\tوزارت کشور\t2026-03-21\n9007199254740993\t\t2026-03-21', rows: 2, columns: 3, cut: false });
    const withNames = selectionText(model, { anchor: { row: 2, column: 3 }, focus: { row: 2, column: 5 } }, true);
    expect(withNames.text).toBe('share\tlive\tat\n\t\t1970-01-01T00:00:00.000Z');
  });

  it('quotes a field that holds a tab, a line break or a quote, as spreadsheets read them', () => {
    const model: GridModel = {
      columns: [{ name: 'note "a"', type: 'VARCHAR', kind: 'text', scale: 0, width: 80 }],
      rowCount: 3,
      value: (row) => ['one\ttwo', 'line\nbreak', 'plain'][row],
    };
    expect(selectionText(model, { anchor: { row: 0, column: 0 }, focus: { row: 2, column: 0 } }, true).text).toBe('"note ""a"""\n"one\ttwo"\n"line\nbreak"\nplain');
  });

  it('keeps a selection inside the result, and leaves out the rows past the cap', () => {
    const wide: GridModel = {
      columns: Array.from({ length: 4 }, (_, c) => ({ name: `c${c}`, type: 'INTEGER', kind: 'integer' as const, scale: 0, width: 80 })),
      rowCount: 1_000_000,
      value: (row, column) => row * 10 + column,
    };
    expect(selectionBounds({ anchor: { row: -3, column: 9 }, focus: { row: 2_000_000, column: 1 } }, wide)).toEqual({ top: 0, bottom: 999_999, left: 1, right: 3 });
    const all = selectionText(wide, { anchor: { row: 0, column: 0 }, focus: { row: 999_999, column: 3 } }, false);
    expect(all.rows).toBe(COPY_MAX_CELLS / 4);
    expect(all.cut).toBe(true);
    expect(all.text.split('\n')).toHaveLength(COPY_MAX_CELLS / 4);
    expect(all.text.split('\n').at(-1)).toBe(`${(COPY_MAX_CELLS / 4 - 1) * 10}\t${(COPY_MAX_CELLS / 4 - 1) * 10 + 1}\t${(COPY_MAX_CELLS / 4 - 1) * 10 + 2}\t${(COPY_MAX_CELLS / 4 - 1) * 10 + 3}`);
  });
});
