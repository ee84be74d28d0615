/**
 * Faults that change a page's rows or columns before it is encoded. Rows are picked by their
 * position in the whole dataset (every k-th), not in the page, so the same rows are hit on every
 * page size and `since`, and a test can say exactly which rows a fault touched.
 */
import { addDays, type Dataset, type FeedFormat } from '@hamgam/shared';
import type { DriftChange, FeedFault } from './feed-faults.js';
import type { PageTable } from './feed-formats.js';
import type { Column, FieldType } from './feed-schema.js';

export interface RowFaultContext {
  dataset: Dataset;
  format: FeedFormat;
  agencyId: string;
  /** The simulator's today in Tehran: a fact dated after it is in the future. */
  today: string;
  /** Another agency of the registry and one of its services: a feed must not speak for them. */
  foreignAgencyId: string;
  foreignServiceId: string;
}

type Row = Record<string, unknown>;

/** Rows are copied before a fault touches them: the world's rows are shared by every request. */
function copyTable(table: PageTable): PageTable {
  return { columns: table.columns.map((c) => ({ ...c })), rows: table.rows.map((r) => ({ ...r })) };
}

const hit = (position: number, every: number) => position % every === 0;

// --- bad-rows ---------------------------------------------------------------------------------

/** `ordinal`: which bad row this is (0, 1, 2…), so broken keys stay distinct from one another. */
type Defect = (row: Row, ctx: RowFaultContext, ordinal: number) => void;

const negative = (field: string): Defect => (row) => {
  row[field] = -Math.max(1, Number(row[field]));
};
const futureDate: Defect = (row, ctx, ordinal) => {
  row.date = addDays(ctx.today, 1 + ordinal);
};
const futureEvent: Defect = (row, ctx, ordinal) => {
  row.occurredAt = `${addDays(ctx.today, 1 + ordinal)}T10:00:00+03:30`;
};
const unknownService: Defect = (row, ctx) => {
  row.serviceId = `${ctx.agencyId}-no-such-service`;
};
const foreignService: Defect = (row, ctx) => {
  row.serviceId = ctx.foreignServiceId;
};

/** The defects of each dataset, used in turn: the k-th bad row gets defect k mod n. */
export const DEFECTS: Record<Dataset, readonly Defect[]> = {
  'service-metrics': [
    negative('requests'),
    (row) => {
      row.availabilityPct = 150;
    },
    futureDate,
    unknownService,
    foreignService,
  ],
  exchange: [
    negative('calls'),
    futureDate,
    (row) => {
      row.consumerAgencyId = 'no-such-agency';
    },
    (row, ctx) => {
      row.providerAgencyId = ctx.foreignAgencyId;
    },
  ],
  'integration-events': [futureEvent, unknownService, foreignService],
  services: [
    (row, ctx) => {
      row.agencyId = ctx.foreignAgencyId;
    },
    (row) => {
      row.stage = 'launched';
    },
  ],
};

function badRows(table: PageTable, positions: number[], every: number, ctx: RowFaultContext): PageTable {
  const defects = DEFECTS[ctx.dataset];
  table.rows.forEach((row, i) => {
    const p = positions[i];
    if (hit(p, every)) defects[(p / every) % defects.length](row, ctx, p / every);
  });
  return table;
}

// --- duplicate-rows -----------------------------------------------------------------------------

/** Repeats every k-th row right after itself (the repeat across pages is made when the page is chosen). */
function duplicateRows(table: PageTable, positions: number[], every: number): PageTable {
  const rows: Row[] = [];
  table.rows.forEach((row, i) => {
    rows.push(row);
    if (hit(positions[i], every)) rows.push({ ...row });
  });
  return { columns: table.columns, rows };
}

// --- persian-digits -----------------------------------------------------------------------------

const PERSIAN = '۰۱۲۳۴۵۶۷۸۹';
const ARABIC_INDIC = '٠١٢٣٤٥٦٧٨٩';
/** Ways agencies' spreadsheets and forms pad a value: spaces, a no-break space, a tab. */
const STRAY_WHITESPACE: readonly ((text: string) => string)[] = [(t) => ` ${t}`, (t) => `${t}\u00a0`, (t) => `\t${t} `, (t) => t];

const TEXT_FIELDS_WITH_DIGITS = new Set(['date', 'occurredAt']);
const ID_FIELDS = new Set(['serviceId', 'agencyId', 'providerAgencyId', 'consumerAgencyId', 'eventId', 'dataService']);

export function localDigits(text: string, script: 'persian' | 'arabic'): string {
  const digits = script === 'persian' ? PERSIAN : ARABIC_INDIC;
  return text.replace(/[0-9]/g, (d) => digits[Number(d)]);
}

/**
 * Numbers and dates in Persian or Arabic-Indic digits (alternating by row) with stray whitespace,
 * ids padded with whitespace. Arrow keeps its typed numeric columns: only its text columns change.
 */
function persianDigits(table: PageTable, positions: number[], format: FeedFormat): PageTable {
  const numbersAsText = format !== 'arrow';
  const columns: Column[] = table.columns.map((c) => (numbersAsText && (c.type === 'integer' || c.type === 'number') ? { ...c, type: 'string' } : c));
  table.rows.forEach((row, i) => {
    const p = positions[i];
    const script = p % 2 === 0 ? 'persian' : 'arabic';
    const pad = STRAY_WHITESPACE[p % STRAY_WHITESPACE.length];
    for (const c of table.columns) {
      const v = row[c.name];
      if (v === null || v === undefined) continue;
      const numeric = c.type === 'integer' || c.type === 'number';
      if (numeric && numbersAsText) row[c.name] = pad(localDigits(String(v), script));
      else if (c.type === 'string' && TEXT_FIELDS_WITH_DIGITS.has(c.name)) row[c.name] = pad(localDigits(String(v), script));
      else if (c.type === 'string' && ID_FIELDS.has(c.name)) row[c.name] = pad(String(v));
    }
  });
  return { columns, rows: table.rows };
}

// --- schema-drift --------------------------------------------------------------------------------

export const DRIFT_FIELD: Record<DriftChange, Record<Dataset, string>> = {
  'add-column': { services: 'remarks', 'service-metrics': 'remarks', exchange: 'remarks', 'integration-events': 'remarks' },
  'remove-column': { services: 'usesExchange', 'service-metrics': 'docsFetched', exchange: 'failures', 'integration-events': 'toStage' },
  'change-type': { services: 'isKey', 'service-metrics': 'requests', exchange: 'calls', 'integration-events': 'occurredAt' },
};

/** How a reporting tool abbreviates a count: 12500 → "12.5k"; below a thousand it writes the digits. */
export function compactNumber(n: number): string {
  return Math.abs(n) >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);
}

/** The new type and value of a column whose type changed: numbers become text, text becomes epoch numbers. */
function retyped(type: FieldType): { type: FieldType; value: (v: unknown) => unknown } {
  switch (type) {
    case 'integer':
    case 'number':
      return { type: 'string', value: (v) => compactNumber(Number(v)) };
    case 'boolean':
      return { type: 'string', value: (v) => (v ? 'yes' : 'no') };
    case 'string':
      return { type: 'integer', value: (v) => (Number.isNaN(Date.parse(String(v))) ? null : Date.parse(String(v))) };
  }
}

function schemaDrift(table: PageTable, change: DriftChange, field: string): PageTable {
  const at = table.columns.findIndex((c) => c.name === field);
  switch (change) {
    case 'add-column': {
      // In the middle, not at the end: a reader that binds CSV columns by position must notice.
      const columns = [...table.columns.slice(0, 2), { name: field, type: 'string' as const }, ...table.columns.slice(2)];
      table.rows.forEach((row, i) => (row[field] = i % 3 === 0 ? 'restated by the agency' : null));
      return { columns, rows: table.rows };
    }
    case 'remove-column':
      if (at < 0) return table;
      table.rows.forEach((row) => delete row[field]);
      return { columns: table.columns.filter((c) => c.name !== field), rows: table.rows };
    case 'change-type': {
      if (at < 0) return table;
      const next = retyped(table.columns[at].type);
      table.rows.forEach((row) => (row[field] = next.value(row[field])));
      return { columns: table.columns.map((c, i) => (i === at ? { ...c, type: next.type } : c)), rows: table.rows };
    }
  }
}

// --- invalid-utf8 ----------------------------------------------------------------------------------

/**
 * A private-use character planted in a value; once the page is encoded its UTF-8 bytes are swapped
 * for a byte that is never valid UTF-8 (see `plantInvalidUtf8`). Real data never holds U+E000.
 */
export const INVALID_UTF8_MARK = '\ue000';
export const INVALID_UTF8_FIELD: Record<Dataset, string> = {
  services: 'nameFa',
  'service-metrics': 'serviceId',
  exchange: 'dataService',
  'integration-events': 'serviceId',
};

function markInvalidUtf8(table: PageTable, positions: number[], every: number, field: string): PageTable {
  table.rows.forEach((row, i) => {
    const v = row[field];
    if (!hit(positions[i], every) || typeof v !== 'string') return;
    const mid = Math.ceil(v.length / 2);
    row[field] = v.slice(0, mid) + INVALID_UTF8_MARK + v.slice(mid);
  });
  return table;
}

const MARK_BYTES = Buffer.from(INVALID_UTF8_MARK, 'utf8');
const INVALID_BYTE = 0xff;

/** Replaces every planted mark with 0xFF, a byte no UTF-8 text contains. */
export function plantInvalidUtf8(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = body.indexOf(MARK_BYTES, from); at >= 0; at = body.indexOf(MARK_BYTES, from)) {
    parts.push(body.subarray(from, at), Buffer.from([INVALID_BYTE]));
    from = at + MARK_BYTES.length;
  }
  parts.push(body.subarray(from));
  return Buffer.concat(parts);
}

// --- entry point -------------------------------------------------------------------------------------

/** The page as the fault would have the agency serve it; faults that do not touch rows leave it as is. */
export function applyRowFault(fault: FeedFault | null, page: PageTable, positions: number[], ctx: RowFaultContext): PageTable {
  if (!fault) return page;
  switch (fault.kind) {
    case 'bad-rows':
      return badRows(copyTable(page), positions, fault.every ?? 10, ctx);
    case 'duplicate-rows':
      return duplicateRows(page, positions, fault.every ?? 3);
    case 'persian-digits':
      return persianDigits(copyTable(page), positions, ctx.format);
    case 'schema-drift': {
      const change = fault.change ?? 'change-type';
      return schemaDrift(copyTable(page), change, fault.field ?? DRIFT_FIELD[change][ctx.dataset]);
    }
    case 'invalid-utf8':
      return markInvalidUtf8(copyTable(page), positions, fault.every ?? 5, fault.field ?? INVALID_UTF8_FIELD[ctx.dataset]);
    default:
      return page;
  }
}
