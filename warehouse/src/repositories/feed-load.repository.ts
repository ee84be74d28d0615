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
import { BIGINT, VARCHAR } from '@duckdb/node-api';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { SERVICE_STAGES, type Dataset } from '@hamgam/shared';
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
  return specs(PLACEHOLDER_PARAMS)[dataset].fields.map((field) => field.name);
}

const PLACEHOLDER_PARAMS: LoadParams = { runId: '', sourceId: '', dataset: 'services', agencyId: '', today: '', now: new Date(0) };

const RAW = 'raw_batch';
const CHECKED = 'checked_batch';
const VALID = 'valid_batch';

/** Creates (or empties) the raw staging table for one dataset: every feed field as VARCHAR. */
export async function createRawStage(trx: Conn, dataset: Dataset): Promise<void> {
  const fields = feedFieldsOf(dataset).map((name) => `${q(name)} varchar`).join(', ');
  await sql`create or replace temp table ${sql.id(RAW)} (row_number bigint, raw varchar, parse_error varchar, ${sql.raw(fields)})`.execute(trx);
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
 * Lands one CSV page with DuckDB's own reader: `header` names the file's columns in order (the
 * contract's fields among them); every cell is read as text, as the parser would give it (an empty
 * cell is null). The file must hold no quotes, so the raw text of a row is its cells joined by
 * commas, exactly as received. Row numbers are left null: a row's number is its position in the
 * stage (`rowid + 1`), because pages are staged in order. Throws on anything the reader refuses
 * (a row with the wrong number of cells…), and then stages nothing: the caller parses the page
 * itself. Returns the rows staged.
 */
export async function stageCsvFile(db: Conn, dataset: Dataset, path: string, header: readonly string[]): Promise<number> {
  const fields = feedFieldsOf(dataset);
  const cell = (i: number) => `c${i}`;
  const columns = header.map((_, i) => `${lit(cell(i))}: 'VARCHAR'`).join(', ');
  const raw = header.length === 1 ? `coalesce(${cell(0)}, '')` : `concat(${header.map((_, i) => `coalesce(${cell(i)}, '')`).join(", ',', ")})`;
  const values = fields.map((name) => cell(header.indexOf(name)));
  const result = await sql`
    insert into temp.main.${sql.id(RAW)} (row_number, raw, parse_error, ${sql.raw(fields.map(q).join(', '))})
    select null, ${sql.raw(raw)}, null, ${sql.raw(values.join(', '))}
    from read_csv(${sql.raw(lit(path))}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', strict_mode = true, all_varchar = true, columns = {${sql.raw(columns)}})
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

/**
 * The normalised text of a field. Most values are already clean, and DuckDB's translate costs
 * ~4 µs a value (5 s for 1.2M): only values that are not clean take the full path.
 */
function normalised(field: string): string {
  const v = q(field);
  const full = `nullif(trim(regexp_replace(translate(${v}, '${FROM_DIGITS}', '${TO_DIGITS}'), '${STRAY_SPACE}', ' ', 'g')), '')`;
  return `case when regexp_full_match(${v}, '${CLEAN}') then ${v} else ${full} end as ${v}`;
}

/** The typed value, NULL when the text does not parse. */
function typed(field: FeedField): string {
  const v = `n.${q(field.name)}`;
  const as = `as ${q(`t_${field.name}`)}`;
  switch (field.kind) {
    case 'text':
    case 'stage':
      return `${v} ${as}`;
    case 'count':
    case 'number':
    case 'percent':
      return `case when regexp_full_match(${v}, '${NUMBER}') then try_cast(${v} as double) end ${as}`;
    case 'bool':
      return `case ${v} when 'true' then true when 'false' then false end ${as}`;
    case 'day':
      return `case when regexp_full_match(${v}, '${DAY}') then try_cast(${v} as date) end ${as}`;
    case 'instant':
      return `case when regexp_full_match(${v}, '${INSTANT}') then try_cast(${v} as timestamptz) end ${as}`;
  }
}

/** The checks of one field, in order: [invalid when, reason]. */
function fieldChecks(field: FeedField, p: LoadParams): [string, string][] {
  const v = `v.${q(field.name)}`;
  const t = `v.${q(`t_${field.name}`)}`;
  const name = field.name;
  const checks: [string, string][] = [[`${v} is null`, lit(`${name} is missing`)]];
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
 * dataset, plus `row_number`, `raw` and `reason` (null for a valid row; else the first rule broken).
 */
export async function checkRawStage(trx: Tx, p: LoadParams): Promise<void> {
  const spec = specs(p)[p.dataset];
  const checks = [
    ...spec.fields.flatMap((field) => fieldChecks(field, p)),
    ...spec.rules.map((rule): [string, string] => [rule.when, rule.reason]),
  ];
  const reason = `case when v.parse_error is not null then v.parse_error ${checks.map(([when, why]) => `when ${when} then ${why}`).join(' ')} end`;
  const columns = spec.fields.map((field) => `${columnValue(field)} as ${q(toColumn(field.name))}`);
  const extra = Object.entries(spec.extra).map(([column, value]) => sql`${value(p)} as ${sql.id(column)}`);
  await sql`
    create or replace temp table ${sql.id(CHECKED)} as
    with n as (
      select coalesce(row_number, rowid + 1) as row_number, raw, parse_error, ${sql.raw(spec.fields.map((field) => normalised(field.name)).join(', '))}
      from temp.main.${sql.id(RAW)}
    ),
    v as (
      select n.*, ${sql.raw(spec.fields.map(typed).join(', '))}
      from n
    )
    select v.row_number, v.raw, ${sql.raw(reason)} as reason, ${sql.raw(columns.join(', '))}, ${sql.join(extra)}
    from v ${spec.joins(p)}
  `.execute(trx);
}

/** Quarantines every invalid checked row with its reason, raw text and run; returns how many. */
export async function quarantineCheckedRows(trx: Tx, p: LoadParams): Promise<number> {
  const result = await sql`
    insert into rejected_row (run_id, source_id, dataset, row_number, reason, raw, rejected_at)
    select ${p.runId}, ${p.sourceId}, ${p.dataset}, row_number, reason, coalesce(raw, ''), ${p.now}
    from temp.main.${sql.id(CHECKED)}
    where reason is not null
    order by row_number
  `.execute(trx);
  return Number(result.numAffectedRows ?? 0n);
}

/** Keeps the last valid row of each key (a later row of the same fact supersedes an earlier one). */
export async function keepLastValidRows(trx: Tx, p: LoadParams): Promise<{ valid: number; unique: number }> {
  const spec = specs(p)[p.dataset];
  await sql`
    create or replace temp table ${sql.id(VALID)} as
    select ${sql.join(spec.upsert.columns.map((c) => sql.id(c)))}
    from temp.main.${sql.id(CHECKED)}
    where reason is null
    qualify row_number() over (partition by ${sql.join(spec.upsert.key.map((c) => sql.id(c)))} order by row_number desc) = 1
  `.execute(trx);
  const { rows } = await sql<{ valid: number; unique: number }>`
    select (select count(*) from temp.main.${sql.id(CHECKED)} where reason is null) as valid,
           (select count(*) from temp.main.${sql.id(VALID)}) as "unique"
  `.execute(trx);
  return rows[0];
}

const jsonOf = (columns: readonly string[], alias: string) =>
  sql.raw(`json_object(${columns.map((c) => `${lit(c)}, ${alias}.${q(c)}`).join(', ')})`);

/** Records each stored fact the valid rows will replace with different values; returns how many. */
export async function recordRestatements(trx: Tx, p: LoadParams): Promise<number> {
  const spec = specs(p)[p.dataset];
  if (!spec.recordRestatements) return 0;
  const { key, columns, notCompared } = spec.upsert;
  const compared = columns.filter((c: string) => !key.includes(c) && !notCompared.includes(c));
  const keyJoin = sql.raw(key.map((c: string) => `s.${q(c)} = t.${q(c)}`).join(' and '));
  const list = (alias: string) => sql.raw(compared.map((c: string) => `${alias}.${q(c)}`).join(', '));
  const result = await sql`
    insert into restatement (run_id, source_id, dataset, key, old_values, new_values, restated_at)
    select ${p.runId}, ${p.sourceId}, ${p.dataset}, ${jsonOf(key, 's')}, ${jsonOf(compared, 't')}, ${jsonOf(compared, 's')}, ${p.now}
    from temp.main.${sql.id(VALID)} s
    join ${sql.id(spec.upsert.table)} t on ${keyJoin}
    where (${list('s')}) is distinct from (${list('t')})
  `.execute(trx);
  return Number(result.numAffectedRows ?? 0n);
}

/** The latest day the valid rows are about (null for the catalogue or an empty batch). */
export async function maxValidFactDay(trx: Tx, p: LoadParams): Promise<string | null> {
  const spec = specs(p)[p.dataset];
  if (!spec.factDay) return null;
  const { rows } = await sql<{ day: string | null }>`
    select cast(max(${sql.raw(spec.factDay)}) as date) as day from temp.main.${sql.id(VALID)}
  `.execute(trx);
  return rows[0]?.day ?? null;
}

export async function dropLoadStages(trx: Conn): Promise<void> {
  await sql`
    drop table if exists temp.main.${sql.id(RAW)};
    drop table if exists temp.main.${sql.id(CHECKED)};
    drop table if exists temp.main.${sql.id(VALID)};
  `.execute(trx);
}

/**
 * Everything after staging, in the caller's transaction: check, quarantine, keep the last row per
 * key, record restatements, write new and changed rows. received = loaded + rejected + duplicate.
 */
export async function loadRawStage(trx: Tx, p: LoadParams): Promise<FeedLoadCounts> {
  await checkRawStage(trx, p);
  const rejected = await quarantineCheckedRows(trx, p);
  const { valid, unique } = await keepLastValidRows(trx, p);
  const restated = await recordRestatements(trx, p);
  const loaded = await mergeStagedRows(trx, specs(p)[p.dataset].upsert, VALID);
  const maxFactDay = await maxValidFactDay(trx, p);
  await dropLoadStages(trx);
  return { received: rejected + valid, loaded, rejected, duplicate: valid - loaded, restated, maxFactDay };
}
