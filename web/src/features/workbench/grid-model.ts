/**
 * The result grid's model: a decoded Arrow table seen as typed columns and cells, read column by
 * column (an Arrow vector per column) so only the rows on screen are ever turned into text. Pure:
 * no DOM, no React; the grid component and the chart builder both read it.
 */
import type { Table, Vector } from 'apache-arrow';
import type { QueryColumn } from '@hamgam/shared';
import { formatDateTime, formatDay, formatDecimal, formatInteger } from '../../format/format';
import { translate, type Lang } from '../../i18n/dictionary';

/** How a column's values are shown and charted. */
export type CellKind = 'integer' | 'decimal' | 'boolean' | 'date' | 'timestamp' | 'timestamptz' | 'text';

export interface GridColumn {
  name: string;
  /** DuckDB's type, as the analyst's SQL produced it (BIGINT, DECIMAL(18,3), VARCHAR…). */
  type: string;
  kind: CellKind;
  /** A DECIMAL's scale, kept when shown; 0 for every other type. */
  scale: number;
  /** Width in CSS pixels, from the header and a sample of the values. */
  width: number;
}

export interface GridModel {
  columns: GridColumn[];
  rowCount: number;
  /** The value as apache-arrow gives it: number, bigint, boolean, string, epoch ms for dates, or null. */
  value(row: number, column: number): unknown;
}

const INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/;
const DECIMAL = /^(FLOAT|REAL|DOUBLE|HUGEINT|UHUGEINT|DECIMAL(\(\s*\d+\s*,\s*(\d+)\s*\))?)$/;

/** The kind of a DuckDB type; HUGEINT and DECIMAL travel as Float64 (see warehouse/analysis/arrow-ipc.ts). */
export function cellKindOf(type: string): { kind: CellKind; scale: number } {
  const t = type.trim().toUpperCase();
  if (INTEGER.test(t)) return { kind: 'integer', scale: 0 };
  const decimal = DECIMAL.exec(t);
  if (decimal) return { kind: 'decimal', scale: decimal[3] ? Number(decimal[3]) : 0 };
  if (t === 'BOOLEAN') return { kind: 'boolean', scale: 0 };
  if (t === 'DATE') return { kind: 'date', scale: 0 };
  if (t === 'TIMESTAMP WITH TIME ZONE' || t === 'TIMESTAMPTZ') return { kind: 'timestamptz', scale: 0 };
  if (/^TIMESTAMP(_S|_MS|_NS)?$/.test(t)) return { kind: 'timestamp', scale: 0 };
  return { kind: 'text', scale: 0 };
}

export const isNumericKind = (kind: CellKind): boolean => kind === 'integer' || kind === 'decimal';

/** `YYYY-MM-DD` of a date given as epoch ms (UTC midnight). */
function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The value as plain, language-free text: what the JSON API would give for the same cell (BIGINT
 * as its digits, DATE as `YYYY-MM-DD`, TIMESTAMP as ISO); '' for NULL. Carried on each cell so a
 * test, or a copy, can read the exact value behind the formatted one.
 */
export function cellRaw(value: unknown, column: GridColumn): string {
  if (value === null || value === undefined) return '';
  if (column.kind === 'date' && typeof value === 'number') return isoDay(value);
  if ((column.kind === 'timestamp' || column.kind === 'timestamptz') && typeof value === 'number') return new Date(value).toISOString();
  return String(value);
}

/** "1 row", "3 columns": a count of the grid's rows or columns in `lang`'s digits, singular for one. */
export function countLabel(lang: Lang, n: number, what: 'row' | 'column'): string {
  return translate(lang, `workbench.count.${what}${n === 1 ? '' : 's'}` as const, { n: formatInteger(n, lang) });
}

/** The value as shown in `lang`: numbers and dates through the format module, NULL marked. */
export function cellText(value: unknown, column: GridColumn, lang: Lang): string {
  if (value === null || value === undefined) return translate(lang, 'workbench.grid.null');
  switch (column.kind) {
    case 'integer':
      return typeof value === 'bigint' || typeof value === 'number' ? formatInteger(value, lang) : String(value);
    case 'decimal':
      return typeof value === 'number' ? formatDecimal(value, lang, Math.max(column.scale, 6), column.scale) : String(value);
    case 'boolean':
      return translate(lang, value ? 'workbench.grid.true' : 'workbench.grid.false');
    case 'date':
      return typeof value === 'number' ? formatDay(isoDay(value), lang) : String(value);
    case 'timestamp':
      return typeof value === 'number' ? formatDateTime(value, lang, 'UTC') : String(value);
    case 'timestamptz':
      return typeof value === 'number' ? formatDateTime(value, lang, 'Asia/Tehran') : String(value);
    default:
      return String(value);
  }
}

/** A number for a chart: integers, decimals and booleans; dates as epoch ms; null for anything else. */
export function numericValue(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}

const CHAR_PX = 8.5;
const MIN_WIDTH = 72;
const MAX_WIDTH = 360;
const SAMPLE_ROWS = 200;

/** Wide enough for the header (name and type) and the longest of the first rows, within bounds. */
export function columnWidth(name: string, type: string, sampleTexts: readonly string[]): number {
  const longest = Math.max(name.length, type.length * 0.8, ...sampleTexts.map((s) => s.length));
  return Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, longest * CHAR_PX + 28)));
}

/** The grid model of a decoded result. `columns` names DuckDB's types (the X-Columns header). */
export function toGridModel(table: Table, columns: readonly QueryColumn[], lang: Lang): GridModel {
  const vectors: (Vector | null)[] = table.schema.fields.map((_, i) => table.getChildAt(i));
  const rowCount = table.numRows;
  const value = (row: number, column: number): unknown => {
    const v = vectors[column]?.get(row);
    return v === undefined ? null : v;
  };
  const gridColumns: GridColumn[] = table.schema.fields.map((field, i) => {
    const type = columns[i]?.type ?? field.metadata.get('duckdb_type') ?? String(field.type);
    const { kind, scale } = cellKindOf(type);
    const partial = { name: field.name, type, kind, scale, width: 0 };
    const samples: string[] = [];
    for (let r = 0; r < Math.min(rowCount, SAMPLE_ROWS); r++) samples.push(cellText(value(r, i), partial, lang));
    return { ...partial, width: columnWidth(field.name, type, samples) };
  });
  return { columns: gridColumns, rowCount, value };
}

/**
 * The rows to put in the DOM for a scroll position: those in view and `overscan` on either side.
 * `end` is exclusive.
 */
export function visibleRows(scrollTop: number, viewportHeight: number, rowHeight: number, rowCount: number, overscan = 8): { start: number; end: number } {
  if (rowCount === 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const inView = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(rowCount - 1, first) - overscan);
  const end = Math.min(rowCount, first + inView + overscan);
  return { start, end: Math.max(start, end) };
}

export type SortDirection = 'ascending' | 'descending';

/** How the grid's rows are ordered: by one column, or as the query returned them (null). */
export type GridSort = { column: number; direction: SortDirection } | null;

/**
 * The row order of a sort, as row indices into the model: NULLs last either way, ties in the
 * query's own order (a stable sort), numbers and dates by value, text by the language's collation
 * (Persian letters in Persian alphabetical order, digits in text by their value).
 */
export function sortOrder(model: GridModel, sort: { column: number; direction: SortDirection }, lang: Lang): Int32Array {
  const n = model.rowCount;
  const column = model.columns[sort.column];
  const keys: unknown[] = new Array(n);
  for (let r = 0; r < n; r++) keys[r] = model.value(r, sort.column);
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const collator = new Intl.Collator(lang === 'fa' ? 'fa' : 'en', { numeric: true });
  const compareValues =
    column?.kind === 'text'
      ? (a: unknown, b: unknown) => collator.compare(String(a), String(b))
      : (a: unknown, b: unknown) => {
          const x = typeof a === 'boolean' ? Number(a) : (a as number | bigint);
          const y = typeof b === 'boolean' ? Number(b) : (b as number | bigint);
          return x < y ? -1 : x > y ? 1 : 0;
        };
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((i, j) => {
    const a = keys[i];
    const b = keys[j];
    if (a === null || b === null) return a === b ? i - j : a === null ? 1 : -1;
    return sign * compareValues(a, b) || i - j;
  });
  return Int32Array.from(order);
}

/** The model seen in a row order: row r of the view is row order[r] of the model. */
export function reorderedModel(model: GridModel, order: Int32Array): GridModel {
  return { ...model, value: (row, column) => model.value(order[row], column) };
}

/** A cell of the grid as shown: its row in the view's order, its column. */
export interface GridCell {
  row: number;
  column: number;
}

/** A rectangle of cells the analyst selected: where it started (anchor) and where it now ends (focus). */
export interface GridSelection {
  anchor: GridCell;
  focus: GridCell;
}

/** The cell nearest to `cell` inside the model. */
export function clampCell(cell: GridCell, model: Pick<GridModel, 'rowCount' | 'columns'>): GridCell {
  return { row: Math.max(0, Math.min(model.rowCount - 1, cell.row)), column: Math.max(0, Math.min(model.columns.length - 1, cell.column)) };
}

/** First and last row and column of a selection, inclusive, kept inside the model. */
export function selectionBounds(selection: GridSelection, model: Pick<GridModel, 'rowCount' | 'columns'>): { top: number; bottom: number; left: number; right: number } {
  const anchor = clampCell(selection.anchor, model);
  const focus = clampCell(selection.focus, model);
  return {
    top: Math.min(anchor.row, focus.row),
    bottom: Math.max(anchor.row, focus.row),
    left: Math.min(anchor.column, focus.column),
    right: Math.max(anchor.column, focus.column),
  };
}

/**
 * Cells one copy takes at most: a million rows of six columns as text would be a string of tens of
 * megabytes for the clipboard, which is what the exports are for.
 */
export const COPY_MAX_CELLS = 200_000;

/** A field of tab-separated text: quoted, with its quotes doubled, when it holds a tab, a line break or a quote (as spreadsheets read it). */
function tsvField(text: string): string {
  return /[\t\n\r"]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The selected cells as tab-separated text for the clipboard: each cell's raw value (cellRaw: the
 * digits, ISO dates and text the JSON API gives, never the Persian-formatted display, so a
 * spreadsheet reads numbers as numbers), a row per line, NULL as an empty field; with `header`, the
 * column names first. Rows past COPY_MAX_CELLS are left out, and `rows` says how many went in.
 */
export function selectionText(model: GridModel, selection: GridSelection, header: boolean): { text: string; rows: number; columns: number; cut: boolean } {
  const { top, bottom, left, right } = selectionBounds(selection, model);
  const columns = right - left + 1;
  const wanted = bottom - top + 1;
  const rows = Math.min(wanted, Math.max(1, Math.floor(COPY_MAX_CELLS / columns)));
  const lines: string[] = [];
  if (header) lines.push(model.columns.slice(left, right + 1).map((c) => tsvField(c.name)).join('\t'));
  for (let r = top; r < top + rows; r++) {
    const fields: string[] = [];
    for (let c = left; c <= right; c++) fields.push(tsvField(cellRaw(model.value(r, c), model.columns[c])));
    lines.push(fields.join('\t'));
  }
  return { text: lines.join('\n'), rows, columns, cut: rows < wanted };
}
