/**
 * Loading a feed batch set-based, inside the caller's transaction (feed contract v1):
 *
 *   raw_batch (every field VARCHAR, row number, raw text, parse error)      ← appender, per page
 *     → checked_batch (normalised, typed with TRY_CAST, one reason per invalid row)
 *       → rejected_row (invalid rows, with reason and raw text)
 *       → valid_batch (the last row of each key) → restatement (changed stored facts) → target table
 *
 * The reasons read as the row-by-row reference (`pipelines/src/validate.ts`) words them. Digits in
 * Persian or Arabic script and stray whitespace are normalised, not rejected. Temporary tables are
 * private to the transaction's connection, so concurrent runs of other sources never meet.
 */
import { BIGINT, BOOLEAN, DATE, DOUBLE, VARCHAR, type DuckDBType } from '@duckdb/node-api';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { SERVICE_STAGES, type Dataset, type FeedFormat } from '@hamgam/shared';
import type { AppendColumn } from '../dialect/duckdb-connection.js';
import { withDuckDBConnection } from '../dialect/with-connection.js';
import type { Database } from '../schema.js';
import { EXCHANGE_DAILY_UPSERT, INTEGRATION_EVENT_UPSERT, SERVICE_DAILY_UPSERT, SERVICE_UPSERT } from './ingest.repository.js';
import { mergeStagedRows, type UpsertSpec } from './staged-upsert.js';

type Tx = Transaction<Database>;
/** Staging runs on the run's own connection, in its transaction or just before it opens. */
type Conn = Kysely<Database> | Transaction<Database>;

/** How a feed field is checked and typed. */
type FieldKind = 'text' | 'count' | 'number' | 'percent' | 'bool' | 'day' | 'stage' | 'instant';

interface FeedField {
  name: string; // as the feed names it (camelCase)
  kind: FieldKind;
}

/** A rule across fields or against the warehouse: `when` holds for an invalid row; `reason` says why. */
interface RowRule {
  when: string;
  reason: string;
}

interface FeedDatasetSpec {
  fields: readonly FeedField[];
  upsert: UpsertSpec<any>;
  /** Warehouse columns not taken from the feed, as SQL over the run's parameters. */
  extra: Record<string, (p: LoadParams) => RawBuilder<unknown>>;
  rules: readonly RowRule[];
  /** Joins the rules may use (`svc`: the source agency's services, `consumer`: the registry). */
  joins: (p: LoadParams) => RawBuilder<unknown>;
  /** The calendar day a valid row is about, for the watermark; null for the catalogue. */
  factDay: string | null;
  /** Whether a stored row replaced by different values is a restatement worth recording. */
  recordRestatements: boolean;
}

export interface LoadParams {
  runId: string;
  sourceId: string;
  dataset: Dataset;
  /** The agency the source speaks for. */
  agencyId: string;
  /** Today in Tehran (YYYY-MM-DD): no day may be later. */
  today: string;
  /** The run's clock: instants later than a minute past it are in the future. */
  now: Date;
  /** The feed's format: says how the raw text of a row staged without one is given back. */
  format?: FeedFormat;
}

export interface FeedLoadCounts {
  /** Rows in the batch. */
  received: number;
  /** New or changed rows written to the dataset's table. */
  loaded: number;
  rejected: number;
  /** Rows repeated within the batch, or identical to what was stored. */
  duplicate: number;
  /** Stored rows replaced with different values (recorded in `restatement`). */
  restated: number;
  /** The latest day among valid rows, or null. */
  maxFactDay: string | null;
}

/** Columns of the raw staging table ahead of the feed's own fields. */
export const RAW_STAGE_LEAD_COLUMNS = ['row_number', 'raw', 'parse_error'] as const;

const toColumn = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const f = (name: string, kind: FieldKind): FeedField => ({ name, kind });
const q = (name: string) => `"${name}"`;
const lit = (text: string) => `'${text.replaceAll("'", "''")}'`;

const noJoins = () => sql``;
/** Counts are typed as DOUBLE until checked whole; messages print them as the integers they are. */
const whole = (expr: string) => `cast(${expr} as bigint)`;
const ownServiceJoin = (p: LoadParams) =>
  sql`left join service svc on svc.service_id = v."t_serviceId" and svc.agency_id = ${p.agencyId}`;
const ownServiceRule = (p: LoadParams): RowRule => ({
  when: 'svc.service_id is null',
  reason: `format('serviceId {} is not a service of {}', v."serviceId", ${lit(p.agencyId)})`,
});
const latencyRule: RowRule = {
  when: 'v."t_latencyP95Ms" < v."t_latencyP50Ms"',
  reason: `format('latencyP95Ms ({}) is below latencyP50Ms ({})', v."latencyP95Ms", v."latencyP50Ms")`,
};

function specs(p: LoadParams): Record<Dataset, FeedDatasetSpec> {
  const run = () => sql`${p.runId}`;
  const agency = () => sql`${p.agencyId}`;
  return {
    services: {
      fields: [
        f('serviceId', 'text'), f('agencyId', 'text'), f('nameFa', 'text'), f('nameEn', 'text'), f('isKey', 'bool'),
        f('stage', 'stage'), f('usesNationalSso', 'bool'), f('usesExchange', 'bool'),
      ],
      upsert: SERVICE_UPSERT,
      extra: { updated_at: () => sql`${p.now}`, run_id: run },
      rules: [{ when: `v."agencyId" <> ${lit(p.agencyId)}`, reason: `format('agencyId {} is not the agency of this feed ({})', v."agencyId", ${lit(p.agencyId)})` }],
      joins: noJoins,
      factDay: null,
      recordRestatements: false, // a catalogue evolves; its history is the integration events
    },
    'service-metrics': {
      fields: [
        f('date', 'day'), f('serviceId', 'text'), f('requests', 'count'), f('completed', 'count'), f('failed', 'count'),
        f('availabilityPct', 'percent'), f('latencyP50Ms', 'number'), f('latencyP95Ms', 'number'),
        f('satisfactionSum', 'count'), f('satisfactionCount', 'count'), f('docsAsked', 'count'), f('docsFetched', 'count'),
      ],
      upsert: SERVICE_DAILY_UPSERT,
      extra: { agency_id: agency, run_id: run },
      rules: [
        {
          when: 'v."t_completed" + v."t_failed" > v."t_requests"',
          reason: `format('completed + failed ({}) exceed requests ({})', ${whole('v."t_completed" + v."t_failed"')}, ${whole('v."t_requests"')})`,
        },
        latencyRule,
        {
          when: 'v."t_satisfactionSum" not between v."t_satisfactionCount" and 5 * v."t_satisfactionCount"',
          reason: `format('satisfactionSum ({}) is not between 1× and 5× satisfactionCount ({})', ${whole('v."t_satisfactionSum"')}, ${whole('v."t_satisfactionCount"')})`,
        },
        ownServiceRule(p),
      ],
      joins: ownServiceJoin,
      factDay: 'date',
      recordRestatements: true,
    },
    exchange: {
      fields: [
        f('date', 'day'), f('providerAgencyId', 'text'), f('consumerAgencyId', 'text'), f('dataService', 'text'),
        f('calls', 'count'), f('failures', 'count'), f('latencyP50Ms', 'number'), f('latencyP95Ms', 'number'),
      ],
      upsert: EXCHANGE_DAILY_UPSERT,
      extra: { run_id: run },
      rules: [
        {
          when: `v."providerAgencyId" <> ${lit(p.agencyId)}`,
          reason: `format('providerAgencyId {} is not the agency of this feed ({})', v."providerAgencyId", ${lit(p.agencyId)})`,
        },
        { when: 'consumer.agency_id is null', reason: `format('consumerAgencyId {} is not a known agency', v."consumerAgencyId")` },
        { when: 'v."t_failures" > v."t_calls"', reason: `format('failures ({}) exceed calls ({})', ${whole('v."t_failures"')}, ${whole('v."t_calls"')})` },
        latencyRule,
      ],
      joins: () => sql`left join agency consumer on consumer.agency_id = v."t_consumerAgencyId"`,
      factDay: 'date',
      recordRestatements: true,
    },
    'integration-events': {
      fields: [f('eventId', 'text'), f('serviceId', 'text'), f('occurredAt', 'instant'), f('fromStage', 'stage'), f('toStage', 'stage')],
      upsert: INTEGRATION_EVENT_UPSERT,
      extra: { agency_id: agency, source_id: () => sql`${p.sourceId}`, run_id: run },
      rules: [ownServiceRule(p)],
      joins: ownServiceJoin,
      // Connections run in Asia/Tehran, so the cast gives the Tehran day of the instant.
      factDay: 'cast(occurred_at as date)',
      recordRestatements: true,
    },
  };
}

/** The fields a dataset's feed rows carry, in contract order: the raw staging table's columns. */
export function feedFieldsOf(dataset: Dataset): string[] {
  return placeholderSpecs()[dataset].fields.map((field) => field.name);
}

const PLACEHOLDER_PARAMS: LoadParams = { runId: '', sourceId: '', dataset: 'services', agencyId: '', today: '', now: new Date(0) };
/** The specs' fields and kinds, which no run's parameters change (asked for per field of every page). */
let placeholder: Record<Dataset, FeedDatasetSpec> | undefined;
const placeholderSpecs = () => (placeholder ??= specs(PLACEHOLDER_PARAMS));

const RAW = 'raw_batch';
const CHECKED = 'checked_batch';
const VALID = 'valid_batch';
const VALID_VIEW = 'valid_rows';

/**
 * How a feed field is held in the raw stage: text (as received), or — for an Arrow page whose
 * column already has the contract's type — the typed value itself (a count as BIGINT or DOUBLE, a
 * flag as BOOLEAN), so neither JavaScript nor SQL turns it into text and back.
 */
export type StageType = 'varchar' | 'bigint' | 'double' | 'boolean' | 'date';
export type StageTypes = Partial<Record<string, StageType>>;

const STAGE_DUCKDB_TYPES: Record<StageType, DuckDBType> = { varchar: VARCHAR, bigint: BIGINT, double: DOUBLE, boolean: BOOLEAN, date: DATE };

/** The kinds of field a typed stage column may hold (anything else is staged as text). */
export function stageTypeFits(dataset: Dataset, field: string, type: StageType): boolean {
  const kind = placeholderSpecs()[dataset].fields.find((f) => f.name === field)?.kind;
  if (type === 'varchar') return kind !== undefined;
  if (type === 'boolean') return kind === 'bool';
  // A day only from text the caller found to be a real day written YYYY-MM-DD (its text is then cast(… as varchar)).
  if (type === 'date') return kind === 'day';
  return kind !== undefined && isNumberKind(kind);
}

/** Creates (or empties) the raw staging table for one dataset: every feed field as VARCHAR unless `types` says otherwise. */
export async function createRawStage(trx: Conn, dataset: Dataset, types: StageTypes = {}): Promise<void> {
  const fields = feedFieldsOf(dataset).map((name) => `${q(name)} ${types[name] ?? 'varchar'}`).join(', ');
  await sql`create or replace temp table ${sql.id(RAW)} (row_number bigint, raw varchar, parse_error varchar, ${sql.raw(fields)})`.execute(trx);
}

/**
 * The raw stage's field types (what the check must read). DESCRIBE of the one table, not a scan of
 * `duckdb_columns()`: that scan opens a transaction in every attached database, and the load's
 * transaction then holds the analysis replica's file open while it is being published (its
 * checkpoint fails, its lock outlives the DETACH).
 */
export async function rawStageTypes(db: Conn, dataset: Dataset): Promise<Record<string, StageType>> {
  const { rows } = await sql<{ column_name: string; column_type: string }>`describe ${sql.id('temp', 'main', RAW)}`.execute(db);
  const byName = new Map(rows.map((r) => [r.column_name, r.column_type.toLowerCase()]));
  return Object.fromEntries(feedFieldsOf(dataset).map((name) => [name, (byName.get(name) ?? 'varchar') as StageType]));
}

/**
 * Appends one Arrow page whose columns fit the stage's types (`appendTypedColumns`: numeric columns
 * copied whole). The raw text is left null: the check gives it back, as the row's JSON, only for the
 * rows it rejects. `columns` follow `RAW_STAGE_LEAD_COLUMNS` then `feedFieldsOf`.
 */
export async function appendTypedRawRows(trx: Conn, dataset: Dataset, columns: readonly AppendColumn[], types: StageTypes): Promise<void> {
  const duckTypes = [BIGINT, VARCHAR, VARCHAR, ...feedFieldsOf(dataset).map((name) => STAGE_DUCKDB_TYPES[types[name] ?? 'varchar'])];
  await withDuckDBConnection(trx, (c) => c.appendTypedColumns(RAW, columns, 'temp', duckTypes));
}

/**
 * Turns a typed raw stage back into text, for a run whose later page cannot be staged typed (a
 * column changed type mid-run): the rows staged typed get their raw text (the row's JSON) now,
 * and every typed value becomes the text the JavaScript path would have staged.
 */
export async function textRawStage(trx: Conn, dataset: Dataset, format: FeedFormat = 'arrow'): Promise<void> {
  const types = await rawStageTypes(trx, dataset);
  const typedFields = Object.entries(types).filter(([, type]) => type !== 'varchar');
  if (typedFields.length === 0) return;
  // A CSV row staged typed gives its line back from its cells (their text is as received); an Arrow row as its JSON.
  if (format === 'arrow') await sql`update temp.main.${sql.id(RAW)} set raw = ${sql.raw(jsonRow(dataset, types, ''))} where raw is null`.execute(trx);
  for (const [name, type] of typedFields) {
    await sql`alter table temp.main.${sql.id(RAW)} alter column ${sql.id(name)} type varchar using ${sql.raw(textOfTyped(q(name), type))}`.execute(trx);
  }
}

/**
 * A typed value as JavaScript's String() writes it (what the text path stages): 100, not 100.0;
 * 1e-7, not 1e-07. (One difference is left: JavaScript writes 0.00001 where DuckDB writes 1e-05,
 * only in the text of a reason or raw row, for magnitudes from 1e-6 to 1e-4.)
 */
function textOfTyped(x: string, type: StageType): string {
  switch (type) {
    case 'double':
      return `case when isnan(${x}) then 'NaN' when isinf(${x}) then case when ${x} > 0 then 'Infinity' else '-Infinity' end when ${x} = trunc(${x}) and abs(${x}) < 1e21 then cast(cast(${x} as hugeint) as varchar) else regexp_replace(cast(${x} as varchar), 'e([-+])0(\\d)$', 'e\\1\\2') end`;
    default:
      return `cast(${x} as varchar)`;
  }
}

/** A staged value as JSON.stringify writes it inside a row's raw text (an unsafe BIGINT as a string). */
function jsonOfStaged(x: string, type: StageType): string {
  switch (type) {
    case 'varchar':
      return `coalesce(to_json(${x})::varchar, 'null')`;
    case 'double':
      return `case when ${x} is null or not isfinite(${x}) then 'null' else ${textOfTyped(x, type)} end`;
    case 'bigint':
      return `case when ${x} is null then 'null' when ${x} between -9007199254740991 and 9007199254740991 then cast(${x} as varchar) else to_json(cast(${x} as varchar))::varchar end`;
    case 'boolean':
      return `coalesce(cast(${x} as varchar), 'null')`;
    case 'date':
      return `coalesce(to_json(cast(${x} as varchar))::varchar, 'null')`;
  }
}

/** The raw text of an Arrow row staged typed: the row as a JSON object, fields in contract order. */
function jsonRow(dataset: Dataset, types: StageTypes, alias: string): string {
  const at = (name: string) => (alias ? `${alias}.${q(name)}` : q(name));
  const pieces = feedFieldsOf(dataset).map((name, i) => `${lit(`${i === 0 ? '{' : ','}${JSON.stringify(name)}:`)}, ${jsonOfStaged(at(name), types[name] ?? 'varchar')}`);
  return `concat(${pieces.join(', ')}, '}')`;
}

/**
 * Appends one parsed page: `columns` in the order of `RAW_STAGE_LEAD_COLUMNS` then `feedFieldsOf`,
 * each an array over the page's rows (row numbers as bigint, every other value text or null).
 */
export async function appendRawRows(trx: Conn, columns: readonly (readonly (string | bigint | null)[])[]): Promise<void> {
  if ((columns[0]?.length ?? 0) === 0) return;
  const types = columns.map((_, i) => (i === 0 ? BIGINT : VARCHAR));
  await withDuckDBConnection(trx, (c) => c.appendColumns(RAW, columns, 'temp', types));
}

/**
 * Lands one CSV page (or several pages of one header, read in order) with DuckDB's own reader: `header` names the file's columns in order (the
 * contract's fields among them); every cell is read as text, as the parser would give it (an empty
 * cell is null), unless `types` says DOUBLE for a column whose every cell the caller found to be a
 * canonical number (then the value is `try_cast` of the text, and `textOfTyped` gives the text back). The file must hold no quotes, so the raw text of a row is its cells joined by
 * commas, exactly as received (and is left null when the header is the contract's fields in
 * order: the cells give it back). Row numbers are left null: a row's number is its position in the
 * stage (`rowid + 1`), because pages are staged in order. Throws on anything the reader refuses
 * (a row with the wrong number of cells…), and then stages nothing: the caller parses the page
 * itself. Returns the rows staged.
 */
export async function stageCsvFile(db: Conn, dataset: Dataset, path: string | readonly string[], header: readonly string[], types: StageTypes = {}): Promise<number> {
  // Several files (pages of one header) are read in one statement, in the order given: DuckDB keeps
  // insertion order (preserve_insertion_order), which the numbering by position relies on.
  const files = typeof path === 'string' ? lit(path) : `[${path.map(lit).join(', ')}]`;
  const fields = feedFieldsOf(dataset);
  const cell = (i: number) => `c${i}`;
  // A header that is exactly the contract's fields leaves the raw text to be joined again from the
  // cells, for the few rows that are rejected (`rawText`), instead of copying every line.
  const asFields = header.length === fields.length && header.every((name, i) => name === fields[i]);
  // Typed columns (DOUBLE) only for such a header, whose cells the caller found canonical (see `textOfTyped`).
  if (!asFields && Object.values(types).some((type) => type !== 'varchar')) throw new Error('a CSV page is staged typed only when its header is the contract\'s fields');
  const columns = header.map((name, i) => `${lit(cell(i))}: '${(types[name] ?? 'varchar').toUpperCase()}'`).join(', ');
  const raw = asFields ? 'null' : header.length === 1 ? `coalesce(${cell(0)}, '')` : `concat(${header.map((_, i) => `coalesce(${cell(i)}, '')`).join(", ',', ")})`;
  const values = fields.map((name) => cell(header.indexOf(name)));
  const result = await sql`
    insert into temp.main.${sql.id(RAW)} (row_number, raw, parse_error, ${sql.raw(fields.map(q).join(', '))})
    select null, ${sql.raw(raw)}, null, ${sql.raw(values.join(', '))}
    from read_csv(${sql.raw(files)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', strict_mode = true, columns = {${sql.raw(columns)}})
  `.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** Rows staged, and whether their positions run 0…n-1 (what numbering by `rowid + 1` relies on). */
export async function rawStageCount(db: Conn): Promise<{ rows: number; consecutive: boolean }> {
  const { rows } = await sql<{ n: number; lo: number | null; hi: number | null }>`
    select count(*) as n, min(rowid) as lo, max(rowid) as hi from temp.main.${sql.id(RAW)}
  `.execute(db);
  const { n, lo, hi } = rows[0];
  return { rows: n, consecutive: n === 0 || (lo === 0 && hi === n - 1) };
}

/** Persian (U+06F0…) and Arabic-Indic (U+0660…) digits and the Persian decimal separator, to ASCII. */
const FROM_DIGITS = '۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫';
const TO_DIGITS = '01234567890123456789.';
/** Runs of whitespace, no-break and direction marks become one space (ZWNJ is orthography: kept). */
const STRAY_SPACE = String.raw`[\s\x{00a0}\x{2000}-\x{200b}\x{200e}\x{200f}\x{202f}\x{3000}\x{feff}]+`;
const NUMBER = String.raw`-?\d+(\.\d+)?([eE][-+]?\d+)?`;
const DAY = String.raw`\d{4}-\d{2}-\d{2}`;
const INSTANT = String.raw`\d{4}-\d{2}-\d{2}T.+`;

/** Printable ASCII words separated by single spaces: nothing to normalise. */
const CLEAN = String.raw`[!-~]+( [!-~]+)*`;

/** Whether a field is numeric: its raw text is tested against the number pattern first. */
const isNumberKind = (kind: FieldKind) => kind === 'count' || kind === 'number' || kind === 'percent';
const numberFlag = (field: string) => q(`ok_${field}`);
/** The pattern a field's raw text is tested against first, when it has one (a number, a day). */
const shapeOf = (field: FeedField, type: StageType) => (type !== 'varchar' ? null : isNumberKind(field.kind) ? NUMBER : field.kind === 'day' ? DAY : null);

/**
 * The fields whose raw texts are tested together: one regular expression over the row's numbers
 * and days joined by commas (none of their patterns holds a comma, and a missing value leaves an
 * empty piece, so the whole matches only when every piece does) costs a fifth of one per field.
 */
function shapedFields(fields: readonly FeedField[], types: StageTypes): FeedField[] {
  const shaped = fields.filter((field) => shapeOf(field, types[field.name] ?? 'varchar'));
  return shaped.length >= 2 ? shaped : [];
}

function rowShape(shaped: readonly FeedField[]): string {
  if (shaped.length === 0) return 'false';
  const pattern = shaped.map((field) => `(${shapeOf(field, 'varchar')})`).join(',');
  return `coalesce(regexp_full_match(concat(${shaped.map((field) => q(field.name)).join(", ',', ")}), '${pattern}'), false)`;
}

/** Whether a field's raw text has its shape: the row's test said so, or the field's own says so. */
function shapeFlag(field: FeedField, type: StageType): string | null {
  const shape = shapeOf(field, type);
  if (!shape) return null;
  return `case when ok_row then true else coalesce(regexp_full_match(${q(field.name)}, '${shape}'), false) end as ${numberFlag(field.name)}`;
}

/**
 * The normalised text of a field. Most values are already clean, and DuckDB's translate costs
 * ~4 µs a value (5 s for 1.2M): only values that are not clean take the full path. A number or a
 * day whose raw text has its shape (its flag) is clean as it is.
 */
function normalised(field: FeedField, type: StageType = 'varchar'): string {
  const v = q(field.name);
  // A typed value has nothing to normalise: the number (or flag) is what the agency sent.
  if (type !== 'varchar') return `${v}`;
  const full = `nullif(trim(regexp_replace(translate(${v}, '${FROM_DIGITS}', '${TO_DIGITS}'), '${STRAY_SPACE}', ' ', 'g')), '')`;
  const clean = `case when regexp_full_match(${v}, '${CLEAN}') then ${v} else ${full} end`;
  if (!shapeOf(field, type)) return `${clean} as ${v}`;
  return `${numberFlag(field.name)}, case when ${numberFlag(field.name)} then ${v} else ${clean} end as ${v}`;
}

/** The typed value, NULL when the text does not parse. */
function typed(field: FeedField, type: StageType = 'varchar'): string {
  const v = `n.${q(field.name)}`;
  const as = `as ${q(`t_${field.name}`)}`;
  if (type === 'bigint' || type === 'double') return `case when isfinite(cast(${v} as double)) then cast(${v} as double) end ${as}`;
  if (type === 'boolean' || type === 'date') return `${v} ${as}`;
  switch (field.kind) {
    case 'text':
    case 'stage':
      return `${v} ${as}`;
    case 'count':
    case 'number':
    case 'percent':
      // The raw text was a number (the common case), or the normalised text is one.
      return `case when n.${numberFlag(field.name)} then try_cast(${v} as double) when regexp_full_match(${v}, '${NUMBER}') then try_cast(${v} as double) end ${as}`;
    case 'bool':
      return `case ${v} when 'true' then true when 'false' then false end ${as}`;
    case 'day':
      return `case when n.${numberFlag(field.name)} then try_cast(${v} as date) when regexp_full_match(${v}, '${DAY}') then try_cast(${v} as date) end ${as}`;
    case 'instant':
      return `case when regexp_full_match(${v}, '${INSTANT}') then try_cast(${v} as timestamptz) end ${as}`;
  }
}

/** A field's text in a reason: the normalised text, or a typed value as the text path would have staged it. */
function textOf(x: string, type: StageType): string {
  return type === 'varchar' ? x : textOfTyped(x, type);
}

/** A rule's reason with every field it quotes (`v."name"`) as the text of that field. */
function quoting(reason: string, types: StageTypes): string {
  return reason.replace(/v\."([A-Za-z][A-Za-z0-9]*)"/g, (ref, name: string) => textOf(ref, types[name] ?? 'varchar'));
}

/** The checks of one field, in order: [invalid when, reason]. */
function fieldChecks(field: FeedField, p: LoadParams, type: StageType = 'varchar'): [string, string][] {
  const v = textOf(`v.${q(field.name)}`, type);
  const t = `v.${q(`t_${field.name}`)}`;
  const name = field.name;
  const checks: [string, string][] = [[`v.${q(field.name)} is null`, lit(`${name} is missing`)]];
  const notANumber: [string, string] = [`${t} is null`, `format('${name} must be a number, got "{}"', ${v})`];
  const negative: [string, string] = [`${t} < 0`, `format('${name} must be ≥ 0, got {}', ${v})`];
  switch (field.kind) {
    case 'count':
      checks.push(notANumber, [`${t} <> floor(${t})`, `format('${name} must be a whole number, got {}', ${v})`], negative);
      break;
    case 'number':
      checks.push(notANumber, negative);
      break;
    case 'percent':
      checks.push(notANumber, negative, [`${t} > 100`, `format('${name} must be ≤ 100, got {}', ${v})`]);
      break;
    case 'bool':
      checks.push([`${t} is null`, lit(`${name} must be true or false`)]);
      break;
    case 'stage':
      checks.push([
        `${v} not in (${SERVICE_STAGES.map(lit).join(', ')})`,
        `format('${name} must be one of ${SERVICE_STAGES.join(', ')}, got {}', ${v})`,
      ]);
      break;
    case 'day':
      checks.push(
        [`${t} is null`, `format('${name} must be a day YYYY-MM-DD, got "{}"', ${v})`],
        [`${t} > cast(${lit(p.today)} as date)`, `format('${name} {} is in the future (today in Tehran is ${p.today})', ${v})`],
      );
      break;
    case 'instant':
      checks.push(
        [`${t} is null`, `format('${name} must be an ISO 8601 time, got "{}"', ${v})`],
        // A minute of grace for the agency's clock running ahead of ours.
        [`${t} > cast(${lit(new Date(p.now.getTime() + 60_000).toISOString())} as timestamptz)`, `format('${name} {} is in the future', ${v})`],
      );
      break;
    case 'text':
      break;
  }
  return checks;
}

/** A warehouse column's value from a valid row. */
function columnValue(field: FeedField): string {
  const t = `v.${q(`t_${field.name}`)}`;
  switch (field.kind) {
    case 'count':
      return `cast(${t} as bigint)`;
    default:
      return t;
  }
}

/**
 * Normalises, types and checks every staged row into `checked_batch`: the warehouse columns of the
 * dataset, plus `row_number` and `reason` (null for a valid row; else the first rule broken). The
 * raw text stays in the raw stage: only rejected rows need it (`quarantineCheckedRows`).
 */
export async function checkRawStage(trx: Conn, p: LoadParams, types: StageTypes = {}): Promise<void> {
  const spec = specs(p)[p.dataset];
  const checks = [
    ...spec.fields.flatMap((field) => fieldChecks(field, p, types[field.name])),
    ...spec.rules.map((rule): [string, string] => [rule.when, quoting(rule.reason, types)]),
  ];
  const reason = `case when v.parse_error is not null then v.parse_error ${checks.map(([when, why]) => `when ${when} then ${why}`).join(' ')} end`;
  const columns = spec.fields.map((field) => `${columnValue(field)} as ${q(toColumn(field.name))}`);
  const extra = Object.entries(spec.extra).map(([column, value]) => sql`${value(p)} as ${sql.id(column)}`);
  const shaped = shapedFields(spec.fields, types);
  const flags = spec.fields.map((field) => shapeFlag(field, types[field.name] ?? 'varchar')).filter((flag): flag is string => flag !== null);
  await sql`
    create or replace temp table ${sql.id(CHECKED)} as
    with r as (
      select coalesce(row_number, rowid + 1) as row_number, parse_error, ${sql.raw(spec.fields.map((field) => q(field.name)).join(', '))}, ${sql.raw(rowShape(shaped))} as ok_row
      from temp.main.${sql.id(RAW)}
    ),
    f as (
      select r.*${sql.raw(flags.map((flag) => `, ${flag}`).join(''))}
      from r
    ),
    n as (
      select row_number, parse_error, ${sql.raw(spec.fields.map((field) => normalised(field, types[field.name])).join(', '))}
      from f
    ),
    v as (
      select n.*, ${sql.raw(spec.fields.map((field) => typed(field, types[field.name])).join(', '))}
      from n
    )
    select v.row_number, ${sql.raw(reason)} as reason, ${sql.raw(columns.join(', '))}, ${sql.join(extra)}
    from v ${spec.joins(p)}
  `.execute(trx);
}

/**
 * A staged row's raw text. A CSV page whose header is exactly the contract's fields is staged
 * without it (`stageCsvFile`): its cells, joined by commas, are the line as received. An Arrow page
 * staged typed (`appendTypedRawRows`) is given back as the row's JSON object, as the text path writes it.
 */
function rawText(p: LoadParams, alias: string, types: StageTypes): string {
  if (p.format === 'arrow') return `coalesce(${alias}.raw, ${jsonRow(p.dataset, types, alias)})`;
  // A CSV cell staged typed was canonical (`stageCsvFile`): its text, as the text path writes it, is the cell as received.
  const cells = feedFieldsOf(p.dataset).map((name) => `coalesce(${textOf(`${alias}.${q(name)}`, types[name] ?? 'varchar')}, '')`);
  return `coalesce(${alias}.raw, concat(${cells.join(", ',', ")}), '')`;
}

/** Quarantines every invalid checked row with its reason, raw text and run; returns how many. */
export async function quarantineCheckedRows(trx: Tx, p: LoadParams, types: StageTypes = {}): Promise<number> {
  // Row n is the stage's n-th row (`rawStageCount` checks the positions run 0…n-1).
  const result = await sql`
    insert into rejected_row (run_id, source_id, dataset, row_number, reason, raw, rejected_at)
    select ${p.runId}, ${p.sourceId}, ${p.dataset}, c.row_number, c.reason, ${sql.raw(rawText(p, 'r', types))}, ${p.now}
    from temp.main.${sql.id(CHECKED)} c
    join temp.main.${sql.id(RAW)} r on r.rowid + 1 = c.row_number
    where c.reason is not null
    order by c.row_number
  `.execute(trx);
  return Number(result.numAffectedRows ?? 0n);
}

/**
 * The valid rows to merge, one per key: the last of each key (a later row of the same fact
 * supersedes an earlier one). Most batches repeat no key, and a window over a million rows costs
 * more than finding that out: then `valid_rows` is only a view of the valid checked rows, and the
 * window runs (into the `valid_batch` table) only when some key repeats. Returns the name to merge
 * from, the valid and unique row counts and the latest day the valid rows are about.
 */
export async function keepLastValidRows(trx: Tx, p: LoadParams): Promise<{ stage: string; valid: number; unique: number; maxFactDay: string | null }> {
  const spec = specs(p)[p.dataset];
  const columns = sql.join(spec.upsert.columns.map((c) => sql.id(c)));
  const key = sql.join(spec.upsert.key.map((c) => sql.id(c)));
  // One scan: as many distinct key hashes as valid rows means no key repeats. Fewer may also be two
  // keys of one hash: the window below then finds out exactly (it keeps every key's last row either way).
  const { rows } = await sql<{ valid: number; keys: number; day: string | null }>`
    select count(*) as valid, count(distinct hash(${key})) as keys,
           ${spec.factDay ? sql.raw(`cast(max(${spec.factDay}) as date)`) : sql`null`} as day
    from temp.main.${sql.id(CHECKED)}
    where reason is null
  `.execute(trx);
  const { valid, keys, day } = rows[0];
  if (keys === valid) {
    await sql`create or replace temp view ${sql.id(VALID_VIEW)} as select ${columns} from temp.main.${sql.id(CHECKED)} where reason is null`.execute(trx);
    return { stage: VALID_VIEW, valid, unique: valid, maxFactDay: day ?? null };
  }
  await sql`
    create or replace temp table ${sql.id(VALID)} as
    select ${columns}
    from temp.main.${sql.id(CHECKED)}
    where reason is null
    qualify row_number() over (partition by ${key} order by row_number desc) = 1
  `.execute(trx);
  const { rows: counted } = await sql<{ unique: number }>`select count(*) as "unique" from temp.main.${sql.id(VALID)}`.execute(trx);
  return { stage: VALID, valid, unique: counted[0].unique, maxFactDay: day ?? null };
}

const jsonOf = (columns: readonly string[], alias: string) =>
  sql.raw(`json_object(${columns.map((c) => `${lit(c)}, ${alias}.${q(c)}`).join(', ')})`);

/** Records each stored fact the valid rows (in `stage`) will replace with different values; returns how many. */
export async function recordRestatements(trx: Tx, p: LoadParams, stage: string = VALID): Promise<number> {
  const spec = specs(p)[p.dataset];
  if (!spec.recordRestatements) return 0;
  const { key, columns, notCompared } = spec.upsert;
  const compared = columns.filter((c: string) => !key.includes(c) && !notCompared.includes(c));
  const keyJoin = sql.raw(key.map((c: string) => `s.${q(c)} = t.${q(c)}`).join(' and '));
  const list = (alias: string) => sql.raw(compared.map((c: string) => `${alias}.${q(c)}`).join(', '));
  const result = await sql`
    insert into restatement (run_id, source_id, dataset, key, old_values, new_values, restated_at)
    select ${p.runId}, ${p.sourceId}, ${p.dataset}, ${jsonOf(key, 's')}, ${jsonOf(compared, 't')}, ${jsonOf(compared, 's')}, ${p.now}
    from temp.main.${sql.id(stage)} s
    join ${sql.id(spec.upsert.table)} t on ${keyJoin}
    where (${list('s')}) is distinct from (${list('t')})
  `.execute(trx);
  return Number(result.numAffectedRows ?? 0n);
}

export async function dropLoadStages(trx: Conn): Promise<void> {
  await sql`
    drop view if exists temp.main.${sql.id(VALID_VIEW)};
    drop table if exists temp.main.${sql.id(RAW)};
    drop table if exists temp.main.${sql.id(CHECKED)};
    drop table if exists temp.main.${sql.id(VALID)};
  `.execute(trx);
}

/**
 * Checks the staged rows into `checked_batch` before the run's transaction opens. A temporary
 * table made inside a transaction lives in its local storage until commit, and the merge's insert
 * then reads it on one thread and the commit copies it: made before, the insert reads it on every
 * core (1M rows: 0.65 s against 0.98 s, and half the commit's CPU). What the check reads besides
 * the rows is the catalogue: `checkedCatalogue` before and after, compared inside the transaction,
 * says whether it must be checked again there (`loadRawStage` without `checked`).
 */
export async function checkStagedRows(db: Conn, p: LoadParams): Promise<void> {
  await checkRawStage(db, p, await rawStageTypes(db, p.dataset));
}

/**
 * What the check of a dataset reads besides the staged rows (the agency's services, or the
 * registry's agencies), as one digest; null when it reads nothing else (the catalogue's own feed).
 */
export async function checkedCatalogue(db: Conn, p: LoadParams): Promise<string | null> {
  const digest = async (ids: RawBuilder<unknown>) =>
    (await sql<{ digest: string }>`select md5(coalesce(string_agg(id, chr(10) order by id), '')) || ':' || count(*) as digest from (${ids}) t(id)`.execute(db)).rows[0].digest;
  if (p.dataset === 'service-metrics' || p.dataset === 'integration-events') return digest(sql`select service_id from service where agency_id = ${p.agencyId}`);
  if (p.dataset === 'exchange') return digest(sql`select agency_id from agency`);
  return null;
}

/**
 * Everything after staging, in the caller's transaction: check (unless `checked`: done before, see
 * `checkStagedRows`), quarantine, keep the last row per key, record restatements, write new and
 * changed rows. received = loaded + rejected + duplicate.
 */
export async function loadRawStage(trx: Tx, p: LoadParams, opts: { checked?: boolean } = {}): Promise<FeedLoadCounts> {
  const types = await rawStageTypes(trx, p.dataset);
  if (!opts.checked) await checkRawStage(trx, p, types);
  const rejected = await quarantineCheckedRows(trx, p, types);
  const { stage, valid, maxFactDay } = await keepLastValidRows(trx, p);
  const restated = await recordRestatements(trx, p, stage);
  const loaded = await mergeStagedRows(trx, specs(p)[p.dataset].upsert, stage);
  await dropLoadStages(trx);
  return { received: rejected + valid, loaded, rejected, duplicate: valid - loaded, restated, maxFactDay };
}

/**
 * Whether this connection's writes keep the order rows come in (DuckDB's `preserve_insertion_order`,
 * for this session only). Staging numbers rows by position and needs it kept; past staging nothing
 * does (every row carries its number, the rejects are written in that order), and letting DuckDB
 * write in any order makes the check and the merge about a quarter faster. Set outside a transaction:
 * the caller turns it back on once the load's transaction has committed or rolled back.
 */
export async function keepInsertionOrder(db: Conn, keep: boolean): Promise<void> {
  await sql`set session preserve_insertion_order = ${sql.raw(keep ? 'true' : 'false')}`.execute(db);
}
