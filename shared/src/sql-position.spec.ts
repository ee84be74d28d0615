import { describe, expect, it } from 'vitest';
import { lineAndColumn } from './sql-position.js';

describe('lineAndColumn', () => {
  it('gives the 1-based line and column of an offset, and nothing outside the text', () => {
    const sql = "select a.agency_id\nfrom agency a, read_csv('/etc/passwd')";
    expect(lineAndColumn(sql, 34)).toEqual({ line: 2, column: 16 });
    expect(lineAndColumn(sql, 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn(sql, sql.length)).toEqual({ line: 2, column: sql.length - sql.indexOf('\n') });
    expect(lineAndColumn(sql, null)).toEqual({ line: null, column: null });
    expect(lineAndColumn(sql, sql.length + 1)).toEqual({ line: null, column: null });
  });
});
