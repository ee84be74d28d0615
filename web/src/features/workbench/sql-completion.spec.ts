import { describe, expect, it } from 'vitest';
import { CompletionContext, type CompletionResult, type CompletionSource } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import type { QuerySchemaResponse } from '@hamgam/shared';
import { sqlSupport, tablesMentioned, toSqlNamespace } from './sql-completion';

const SCHEMA: QuerySchemaResponse = {
  dataVersion: 3,
  tableFunctions: ['range', 'generate_series'],
  tables: [
    {
      name: 'agency',
      descriptionFa: 'دستگاه‌های اجرایی',
      descriptionEn: 'Executive agencies',
      columns: [
        { name: 'agency_id', type: 'VARCHAR', descriptionFa: 'شناسهٔ دستگاه', descriptionEn: 'Agency id' },
        { name: 'name_fa', type: 'VARCHAR', descriptionFa: 'نام فارسی', descriptionEn: 'Persian name' },
      ],
    },
    {
      name: 'service_daily',
      descriptionFa: 'سنجه‌های روزانه',
      descriptionEn: 'Daily metrics',
      columns: [
        { name: 'agency_id', type: 'VARCHAR', descriptionFa: 'شناسهٔ دستگاه', descriptionEn: 'Agency id' },
        { name: 'requests', type: 'BIGINT', descriptionFa: 'درخواست‌ها', descriptionEn: 'Requests' },
      ],
    },
  ],
};

/** Every completion the editor would offer at `|` (explicitly asked, as Ctrl+Space does). */
async function complete(docWithCursor: string, lang: 'fa' | 'en' = 'en') {
  const pos = docWithCursor.indexOf('|');
  const doc = docWithCursor.replace('|', '');
  const state = EditorState.create({ doc, selection: { anchor: pos }, extensions: [sqlSupport(SCHEMA, lang)] });
  const context = new CompletionContext(state, pos, true);
  const sources = state.languageDataAt<CompletionSource>('autocomplete', pos);
  const results = (await Promise.all(sources.map((s) => s(context)))).filter((r): r is CompletionResult => r !== null);
  return results.flatMap((r) => r.options.map((o) => ({ label: o.label, detail: o.detail, info: o.info, type: o.type })));
}

const labels = async (doc: string) => (await complete(doc)).map((o) => o.label);

describe('completion from the data dictionary', () => {
  it('offers the tables after FROM, with their description in the language', async () => {
    const options = await complete('select * from ag|');
    expect(options.map((o) => o.label)).toContain('agency');
    expect(options.map((o) => o.label)).toContain('service_daily');
    expect(options.find((o) => o.label === 'agency')?.info).toBe('Executive agencies');
    const fa = await complete('select * from ag|', 'fa');
    expect(fa.find((o) => o.label === 'agency')?.info).toBe('دستگاه‌های اجرایی');
  });

  it("offers a table's columns after its name and a dot, and after its alias", async () => {
    const options = await complete('select agency.| from agency');
    expect(options.map((o) => o.label).sort()).toEqual(['agency_id', 'name_fa']);
    expect(options.find((o) => o.label === 'name_fa')?.detail).toBe('VARCHAR');
    const aliased = await labels('select d.| from service_daily d');
    expect(aliased).toContain('requests');
    expect(aliased).not.toContain('name_fa');
  });

  it('offers the columns of the tables the query names for a bare word, each once', async () => {
    const options = await complete('select req| from service_daily join agency using (agency_id)');
    const names = options.filter((o) => o.type === 'property').map((o) => o.label);
    expect(names).toContain('requests');
    expect(names).toContain('name_fa');
    expect(names.filter((n) => n === 'agency_id')).toHaveLength(1);
    // No table named: no column guesses.
    expect((await complete('select req|')).filter((o) => o.type === 'property')).toEqual([]);
  });

  it('offers the allowed table functions and SQL keywords', async () => {
    const all = await labels('select * from ra|');
    expect(all).toContain('range');
    expect(all).toContain('generate_series');
    expect(await labels('sel|')).toContain('select');
  });

  it('offers nothing inside a string', async () => {
    expect((await complete("select 'agency ag|' from agency")).filter((o) => o.type === 'property' || o.type === 'function')).toEqual([]);
  });

  it('builds the namespace from every table and column of the schema', () => {
    const ns = toSqlNamespace(SCHEMA, 'en') as Record<string, { self: { label: string }; children: { label: string; detail: string }[] }>;
    expect(Object.keys(ns)).toEqual(['agency', 'service_daily']);
    expect(ns.service_daily.children.map((c) => [c.label, c.detail])).toEqual([
      ['agency_id', 'VARCHAR'],
      ['requests', 'BIGINT'],
    ]);
    expect(tablesMentioned('SELECT * FROM Agency', SCHEMA).map((t) => t.name)).toEqual(['agency']);
  });
});
