/**
 * CSV pages whose numbers are all canonical are staged with those columns typed (read_csv as
 * DOUBLE); every other page goes the text way. Small tests of which pages qualify, and medium
 * tests (a real DuckDB warehouse, a real HTTP feed) that the typed path and its fallback load the
 * same tables and quarantine the same rows, with the same reasons and raw text, as the text path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agency, Dataset } from '@hamgam/shared';
import { type Warehouse, feedFieldsOf, migrateToLatest, openWarehouse, stageTypeFits } from '@hamgam/warehouse';
import { canonicalCellsAt, parseFeedPage } from './feed-parse.js';
import { syncRegistry } from './registry.js';
import { type RunOptions, runSource } from './run-source.js';
import { sourcesForFeedServer } from './sources.js';
import { type Row, type TestFeed, startTestFeed, toCsv } from './testing/test-feed.js';

const fields = feedFieldsOf('service-metrics');
const fits = (field: string, type: Parameters<typeof stageTypeFits>[2]) => stageTypeFits('service-metrics', field, type);
const metric = (date: string, requests: unknown, extra: Row = {}): Row => ({
  date, serviceId: 'ncr-birth', requests, completed: 90, failed: 5, availabilityPct: 99.5, latencyP50Ms: 120.5, latencyP95Ms: 480.25,
  satisfactionSum: 40, satisfactionCount: 10, docsAsked: 2, docsFetched: 6, ...extra,
});

function typedOf(rows: Row[] | string, columns = fields) {
  const body = Buffer.from(typeof rows === 'string' ? rows : toCsv(rows, { columns }));
  const page = parseFeedPage({ format: 'csv', url: 'http://feed/x', contentType: 'text/csv', headerCursor: null, body }, fields, 1, 1, { nativeCsv: true, typedCsv: fits });
  expect(page.native).toBeDefined();
  return page.native?.typed;
}

describe('which CSV pages are staged typed', () => {
  const numbers = Object.fromEntries(fields.filter((f) => f !== 'date' && f !== 'serviceId').map((f) => [f, 'double']));

  it('types every numeric column (DOUBLE) and the day (DATE) of a page whose numbers and days are all written canonically', () => {
    const typed = typedOf([metric('2026-11-20', 100), metric('2024-02-29', 0, { failed: -5, latencyP50Ms: 0.001, latencyP95Ms: 123456789.123456, serviceId: ' padded ' })]);
    expect(typed).toEqual({ date: 'date', ...numbers });
  });

  it.each([
    ['a day that does not exist', '2026-02-30'],
    ['a 29 February outside a leap year', '2100-02-29'],
    ['Persian digits', '۲۰۲۶-۱۱-۲۰'],
    ['no leading zeros', '2026-1-5'],
    ['padding', ' 2026-11-20'],
    ['a year before 1000', '0999-01-01'],
    ['a time', '2026-11-20T00:00'],
  ])('leaves the day to the text path when a page has %s (%s), its numbers still typed', (_name, day) => {
    expect(typedOf([metric('2026-11-20', 100), metric(day, 100)])).toEqual(numbers);
  });

  it.each([
    ['a leading zero', '007'],
    ['a trailing zero after the point', '1.50'],
    ['an exponent', '1e2'],
    ['minus zero', '-0'],
    ['a plus sign', '+5'],
    ['an empty cell', ''],
    ['padding', ' 5'],
    ['Persian digits', '۱۲۰'],
    ['a value below 0.0001', '0.00001'],
    ['16 digits', '1234567890123456'],
    ['a bare point', '.5'],
    ['a point without decimals', '5.'],
    ['not a number', 'NaN'],
  ])('leaves the numbers of a page with %s (%s) in a numeric cell to the text path, its day still typed', (_name, cell) => {
    expect(typedOf([metric('2026-11-20', 100), metric('2026-11-21', cell)])).toEqual({ date: 'date' });
  });

  // A page is first tried against one regular expression per line (the fast path); when a line does
  // not match, every cell is checked byte by byte. Both must agree on every page.
  it.each([
    ...['0', '5', '-5', '0.5', '-0.5', '0.0001', '0.000123', '123456789012345', '12345678901234.5', '0.12345678901234', '100.25', '1e2', '-0', '00', '0.00001', '1234567890123456', '1.0'].map((n) => ['requests', n]),
    ...['2024-02-29', '2000-02-29', '1600-02-29', '1900-02-29', '2100-02-29', '2026-04-31', '2026-12-31', '2026-13-01', '2026-00-10', '1000-01-01', '9999-12-31'].map((d) => ['date', d]),
  ])('the fast and the cell-by-cell checks agree on %s %s', (field, cell) => {
    const rows = [metric('2026-11-20', 100), metric('2026-11-21', 100, { [field]: cell })];
    const body = Buffer.from(toCsv(rows, { columns: fields }));
    const kinds = fields.map((name) => (fits(name, 'double') ? 'double' : fits(name, 'date') ? 'date' : null));
    const slow = canonicalCellsAt(body, body.indexOf(0x0a) + 1, kinds)!;
    const expected = Object.fromEntries(fields.flatMap((name, i) => (kinds[i] && slow.has(kinds[i]) ? [[name, kinds[i]]] : [])));
    expect(typedOf(rows) ?? {}).toEqual(expected);
  });

  it('leaves a page whose header is not the contract fields in order, or with a short row, to the text path', () => {
    expect(typedOf([metric('2026-11-20', 100)], [...fields].reverse())).toBeUndefined();
    expect(typedOf(`${toCsv([metric('2026-11-20', 100)], { columns: fields })}2026-11-21,ncr-birth,5\n`)).toBeUndefined();
  });
});

const agencies: Agency[] = [{ agencyId: 'ncr', nameFa: 'ثبت احوال', nameEn: 'NCR', kind: 'organization', sector: 'identity', parentId: null, deadline: null }];
const now = new Date('2026-11-28T08:00:00Z');

describe('the typed CSV path and its fallback load as the text path does', () => {
  let feed: TestFeed;
  beforeAll(async () => {
    feed = await startTestFeed();
    feed.set('ncr', 'services', { rows: ['ncr-birth', 'ncr-death'].map((serviceId) => ({ serviceId, agencyId: 'ncr', nameFa: 'خدمت', nameEn: 'Service', isKey: true, stage: 'live', usesNationalSso: true, usesExchange: false })) });
  });
  afterAll(() => feed.close());

  /** Loads the feed into a fresh warehouse; returns its tables and the SQL it ran. */
  async function load(opts: RunOptions) {
    const statements: string[] = [];
    const wh: Warehouse = await openWarehouse({ path: ':memory:', log: (e) => {
        if (e.level === 'query') statements.push(e.query.sql);
      },
    });
    try {
      await migrateToLatest(wh.db);
      await syncRegistry(wh, agencies);
      const sources = Object.fromEntries(sourcesForFeedServer(feed.url, agencies, () => 't').map((s) => [s.dataset, { ...s, format: 'csv' as const }])) as Record<Dataset, ReturnType<typeof sourcesForFeedServer>[number]>;
      await runSource(wh, sources.services, { now });
      const runs = [];
      for (let i = 0; i < 2; i++) runs.push(await runSource(wh, sources['service-metrics'], { now, retries: 0, ...opts }));
      const tables: Record<string, unknown[]> = {};
      for (const table of ['service_daily', 'rejected_row', 'restatement', 'source_state'] as const) {
        const rows = (await wh.db.selectFrom(table).selectAll().execute()) as Row[];
        tables[table] = rows.map(({ run_id: _r, reject_id: _i, rejected_at: _a, restatement_id: _s, restated_at: _t, last_run_id: _l, last_success_at: _u, ...rest }) => JSON.stringify(rest)).sort();
      }
      const counts = runs.map(({ status, received, loaded, rejected, duplicate, restated, error }) => ({ status, received, loaded, rejected, duplicate, restated, error }));
      return { tables, counts, statements };
    } finally {
      await wh.close();
    }
  }

  // Pages of 3 rows. Page 1: canonical numbers, rules broken (typed). Page 2: Persian digits, an
  // exponent, padding (text: the typed stage is turned into text here). Page 3: canonical again,
  // with a repeated key, an unknown service, a future day, a day that does not exist (staged as text,
  // the stage being text by then). Then a second feed whose first page is the text one.
  const typedPage = [
    metric('2026-11-18', 100, { failed: -1 }),
    metric('2026-11-18', 100, { serviceId: 'ncr-death', docsAsked: 2.5, latencyP95Ms: 100 }),
    metric('2026-11-19', 100, { completed: 96, availabilityPct: 100.5 }),
  ];
  const textPage = [
    metric('۲۰۲۶-۱۱-۲۰', '۱۲۰', { serviceId: ' ncr-birth ', availabilityPct: '۹۹٫۵' }),
    metric('2026-11-20', '1e2', { serviceId: 'ncr-death', latencyP50Ms: '150.50' }),
    metric('2026-11-21', ' 100 ', { satisfactionSum: 51 }),
  ];
  const laterPage = [
    metric('2026-11-21', 90, { serviceId: 'ncr-death' }),
    metric('2026-11-21', 91, { serviceId: 'ncr-death' }),
    metric('2026-11-22', 100, { serviceId: 'nope' }),
    metric('2026-11-29', 100),
    metric('2026-02-30', 100),
    metric('2026-11-23', 100, { latencyP50Ms: 0.5, latencyP95Ms: 0.25 }),
    metric('2026-11-24', 100, { latencyP50Ms: 0.0001, availabilityPct: 12.345678901234 }),
  ];

  // Typed reads in the first run: a stage that is text by then takes every later page as text.
  it.each([
    ['typed page first', [...typedPage, ...textPage, ...laterPage], 1],
    ['text page first', [...textPage, ...typedPage, ...laterPage], 0],
    ['every page typed', [...typedPage, ...laterPage], 3],
  ])('%s: same warehouse, same rejects (reason, raw text, row number), same counts', async (_name, rows, typedPerRun) => {
    feed.set('ncr', 'service-metrics', { rows });
    const text = await load({ pageSize: 3, typedCsv: false });
    const typed = await load({ pageSize: 3 });
    const typedReads = (statements: string[]) => statements.filter((s) => s.includes('read_csv') && s.includes("'DOUBLE'")).length;
    expect(typedReads(text.statements)).toBe(0);
    // (the second run asks from the watermark less the lookback, so it gets fewer pages)
    if (typedPerRun === 0) expect(typedReads(typed.statements)).toBe(0);
    else expect(typedReads(typed.statements)).toBeGreaterThanOrEqual(typedPerRun);
    expect(typed.counts).toEqual(text.counts);
    expect(typed.counts[0].rejected).toBeGreaterThan(5);
    expect(typed.counts[0].received).toBe(typed.counts[0].loaded + typed.counts[0].rejected + typed.counts[0].duplicate);
    expect(typed.tables).toEqual(text.tables);
    expect(typed.tables.service_daily.length).toBeGreaterThan(0);
  });

  it('turns the typed stage into text when a later page is not canonical, and the reasons quote the cells as received', async () => {
    feed.set('ncr', 'service-metrics', { rows: [...typedPage, ...textPage] });
    const typed = await load({ pageSize: 3 });
    expect(typed.statements.some((s) => /alter table .*raw_batch.* type varchar/s.test(s))).toBe(true);
    const lines = toCsv([...typedPage, ...textPage], { columns: fields }).split('\n');
    const rejects = [...new Set(typed.tables.rejected_row)].map((r) => JSON.parse(r as string) as Row).sort((a, b) => Number(a.row_number) - Number(b.row_number));
    expect(rejects.map((r) => [r.row_number, r.reason, r.raw])).toEqual([
      [1, 'failed must be ≥ 0, got -1', lines[1]],
      [2, 'docsAsked must be a whole number, got 2.5', lines[2]],
      [3, 'availabilityPct must be ≤ 100, got 100.5', lines[3]],
      [6, 'satisfactionSum (51) is not between 1× and 5× satisfactionCount (10)', lines[6]],
    ]);
  });
});
