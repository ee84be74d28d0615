import { describe, expect, it } from 'vitest';
import { statementRanges, statementToRun } from './statements';

const slices = (text: string) => statementRanges(text).map((r) => text.slice(r.from, r.to));

describe('statementRanges', () => {
  it('splits on semicolons outside quotes, identifiers, dollar quotes and comments', () => {
    const text = `select 'a;b' as "x;y", $$c;d$$, $q$e;f$q$ -- g;h
from agency; /* one; /* nested; */ still; */ select 2
;select 3`;
    expect(slices(text)).toEqual([`select 'a;b' as "x;y", $$c;d$$, $q$e;f$q$ -- g;h\nfrom agency`, 'select 2', 'select 3']);
  });

  it('keeps a doubled quote inside its string, and counts no statement of blanks and comments', () => {
    expect(slices("select 'it''s; fine';  \n -- only a comment;\n ;  ")).toEqual(["select 'it''s; fine'"]);
    expect(slices('  ;; -- nothing\n')).toEqual([]);
    // In an E'…' string a backslash escapes the quote; in a plain one it is only a backslash.
    expect(slices("select E'it\\'s; fine', 'a\\'; select 2")).toEqual(["select E'it\\'s; fine', 'a\\'", 'select 2']);
    expect(slices("select name'; x'; select 3")).toEqual(["select name'; x'", 'select 3']);
    // An unclosed string runs to the end, semicolons and all.
    expect(slices("select 'open; select 2")).toEqual(["select 'open; select 2"]);
  });
});

describe('statementToRun', () => {
  const text = 'select 1;\n\nselect name_fa\nfrom agency;\nselect 3';
  const at = (needle: string) => text.indexOf(needle);

  it('runs the selection when there is one, counted from where it starts', () => {
    expect(statementToRun(text, { from: at('name_fa'), to: at('name_fa') + 7 })).toEqual({ sql: 'name_fa', offset: at('name_fa'), part: null });
    // Selected backwards, the same.
    expect(statementToRun(text, { from: at('select 3') + 8, to: at('select 3') })).toEqual({ sql: 'select 3', offset: at('select 3'), part: null });
  });

  it('runs the statement under the cursor when the editor holds several, and says which', () => {
    const cursor = (position: number) => statementToRun(text, { from: position, to: position });
    expect(cursor(at('agency'))).toEqual({ sql: 'select name_fa\nfrom agency', offset: at('select name_fa'), part: { index: 2, of: 3 } });
    // Just after a semicolon, and on the blank line below it: the statement above.
    expect(cursor(at(';') + 1).sql).toBe('select 1');
    expect(cursor(at('\n\n') + 1).sql).toBe('select 1');
    expect(cursor(text.length)).toMatchObject({ sql: 'select 3', part: { index: 3, of: 3 } });
    expect(cursor(0)).toMatchObject({ sql: 'select 1', offset: 0 });
  });

  it('runs the whole text, as written, when it holds one statement (or a blank selection)', () => {
    const one = '  select 1;  -- done\n';
    expect(statementToRun(one, { from: 3, to: 3 })).toEqual({ sql: one, offset: 0, part: null });
    expect(statementToRun(one, { from: 0, to: 2 })).toEqual({ sql: one, offset: 0, part: null });
  });
});
