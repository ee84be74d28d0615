/**
 * What the SQL editor knows about the warehouse: DuckDB's words on top of PostgreSQL's dialect for
 * highlighting, and completions of the data dictionary's tables and columns (from GET /query/schema),
 * each with its type and its description in the page's language. Pure CodeMirror state: no view,
 * so a spec can ask it for completions without a browser.
 */
import type { Completion, CompletionContext, CompletionResult, CompletionSource } from '@codemirror/autocomplete';
import { PostgreSQL, SQLDialect, sql, type SQLNamespace } from '@codemirror/lang-sql';
import { syntaxTree } from '@codemirror/language';
import { EditorState, type Extension } from '@codemirror/state';
import type { DictionaryColumnInfo, DictionaryTableInfo, QuerySchemaResponse } from '@hamgam/shared';
import { translate, type Lang } from '../../i18n/dictionary';

/** PostgreSQL's grammar with the words DuckDB adds that analysts use (PIVOT, QUALIFY, SUMMARIZE…). */
export const DUCKDB_DIALECT = SQLDialect.define({
  ...PostgreSQL.spec,
  keywords: `${PostgreSQL.spec.keywords ?? ''} pivot unpivot pivot_longer pivot_wider qualify summarize describe asof positional anti semi exclude columns struct list map`,
  builtin: `${PostgreSQL.spec.builtin ?? ''} range generate_series unnest json_each json_tree date_trunc date_part strftime strptime epoch quantile_cont quantile_disc median mode list_agg string_agg arg_max arg_min approx_count_distinct`,
});

const describe = (item: DictionaryTableInfo | DictionaryColumnInfo, lang: Lang) => (lang === 'fa' ? item.descriptionFa : item.descriptionEn);

function columnCompletion(column: DictionaryColumnInfo, lang: Lang, table?: string): Completion {
  return {
    label: column.name,
    type: 'property',
    detail: table ? `${table} · ${column.type}` : column.type,
    info: describe(column, lang),
  };
}

/** The schema as lang-sql's namespace: each table completes with its description, its columns after `table.` or an alias. */
export function toSqlNamespace(schema: QuerySchemaResponse, lang: Lang): SQLNamespace {
  const namespace: Record<string, SQLNamespace> = {};
  for (const table of schema.tables) {
    namespace[table.name] = {
      self: { label: table.name, type: 'type', detail: translate(lang, 'workbench.completion.table'), info: describe(table, lang) },
      children: table.columns.map((c) => columnCompletion(c, lang)),
    };
  }
  return namespace;
}

/** The allowed table functions (`range(`, `generate_series(`…), offered where a table could go. */
export function tableFunctionCompletions(schema: QuerySchemaResponse, lang: Lang): Completion[] {
  return schema.tableFunctions.map((name) => ({ label: name, type: 'function', apply: `${name}(`, detail: translate(lang, 'workbench.completion.tableFunction') }));
}

/** The dictionary's tables named anywhere in the text (a word equal to a table's name, case-insensitive). */
export function tablesMentioned(text: string, schema: QuerySchemaResponse): DictionaryTableInfo[] {
  const words = new Set(text.toLowerCase().match(/[a-z_][a-z0-9_]*/g) ?? []);
  return schema.tables.filter((t) => words.has(t.name.toLowerCase()));
}

const NOT_CODE = new Set(['String', 'LineComment', 'BlockComment', 'QuotedIdentifier']);

/**
 * Columns without their table: a bare word completes to the columns of the tables the query names
 * (lang-sql completes columns only after `table.` or an alias). Not inside strings or comments.
 */
export function scopedColumnSource(schema: QuerySchemaResponse, lang: Lang): CompletionSource {
  return (context: CompletionContext): CompletionResult | null => {
    const word = context.matchBefore(/[A-Za-z_][A-Za-z0-9_]*$/);
    if (!word && !context.explicit) return null;
    const from = word?.from ?? context.pos;
    if (from > 0 && context.state.sliceDoc(from - 1, from) === '.') return null;
    const node = syntaxTree(context.state).resolveInner(context.pos, -1);
    if (NOT_CODE.has(node.name)) return null;
    const tables = tablesMentioned(context.state.doc.toString(), schema);
    if (tables.length === 0) return null;
    const options: Completion[] = [];
    const seen = new Set<string>();
    for (const table of tables) {
      for (const column of table.columns) {
        // A column two tables share (agency_id) is offered once, naming the first table.
        if (seen.has(column.name)) continue;
        seen.add(column.name);
        options.push({ ...columnCompletion(column, lang, table.name), boost: 1 });
      }
    }
    return { from, options, validFor: /^[A-Za-z0-9_]*$/ };
  };
}

/** The SQL language with the schema's completions, for the editor (and for the spec, without a view). */
export function sqlSupport(schema: QuerySchemaResponse | null, lang: Lang): Extension {
  if (!schema) return sql({ dialect: DUCKDB_DIALECT, upperCaseKeywords: false });
  const support = sql({ dialect: DUCKDB_DIALECT, schema: toSqlNamespace(schema, lang), upperCaseKeywords: false });
  const functions = tableFunctionCompletions(schema, lang);
  const functionSource: CompletionSource = (context) => {
    const word = context.matchBefore(/[A-Za-z_][A-Za-z0-9_]*$/);
    if (!word || (word.from > 0 && context.state.sliceDoc(word.from - 1, word.from) === '.')) return null;
    const node = syntaxTree(context.state).resolveInner(context.pos, -1);
    if (NOT_CODE.has(node.name)) return null;
    return { from: word.from, options: functions, validFor: /^[A-Za-z0-9_]*$/ };
  };
  return [support, EditorState.languageData.of(() => [{ autocomplete: scopedColumnSource(schema, lang) }, { autocomplete: functionSource }])];
}
