/**
 * The three formats over real HTTP: every dataset read back from CSV and Arrow equals its JSON,
 * page by page with the cursor in `X-Next-Cursor`, with `since`, and chosen by `?format=` or Accept.
 */
import { DATASETS, FEED_MEDIA_TYPES, type Dataset, type FeedFormat } from '@hamgam/shared';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAgencyRegistry } from './agency-registry.js';
import { ARROW_BATCH_ROWS, csvCell, encodeCsv } from './feed-formats.js';
import { fetchAllRows, rowsFromCsv } from './feed-readers.js';
import { FEED_FIELDS } from './feed-schema.js';
import { startSimulator, type RunningSimulator } from './simulator.server.js';

/** Early in the programme, so the feeds are small, but late enough that three of these agencies serve exchange. */
const TODAY = '2025-08-01';
const AGENCIES = ['ncr', 'sso', 'dpr', 'inta', 'mfa', 'moe'];
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 1405, today: TODAY, agencies: loadAgencyRegistry().filter((a) => AGENCIES.includes(a.agencyId)) });
});
afterAll(async () => {
  await sim.close();
});

const baseUrl = (agencyId: string) => `${sim.url}/agencies/${agencyId}`;

function readAll(agencyId: string, dataset: Dataset, format: FeedFormat, query: Record<string, string> = {}) {
  return fetchAllRows({ baseUrl: baseUrl(agencyId), dataset, token: sim.tokenFor(agencyId), format, query });
}

async function raw(path: string, headers: Record<string, string> = {}) {
  const agencyId = path.split('/')[2];
  const res = await fetch(`${sim.url}${path}`, { headers: { authorization: `Bearer ${sim.tokenFor(agencyId)}`, ...headers } });
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

describe('CSV and Arrow carry the same rows as JSON', () => {
  for (const dataset of DATASETS) {
    it(`${dataset}: whole dataset, paged, in every format`, async () => {
      const serving = AGENCIES.filter((a) => sim.world.feed(a)![dataset].length > 0);
      expect(serving.length, dataset).toBeGreaterThanOrEqual(2);
      for (const agencyId of serving) {
        const json = await readAll(agencyId, dataset, 'json', { limit: '97' });
        expect(json.rows).toEqual(sim.world.feed(agencyId)![dataset]);
        for (const format of ['csv', 'arrow'] as const) {
          const other = await readAll(agencyId, dataset, format, { limit: '97' });
          expect(other.pages, `${agencyId} ${dataset} ${format}`).toBe(json.pages);
          expect(other.rows, `${agencyId} ${dataset} ${format}`).toEqual(json.rows);
        }
      }
    });
  }

  it('applies since the same way in every format', async () => {
    const since = '2025-05-01';
    const json = await readAll('sso', 'service-metrics', 'json', { since, limit: '250' });
    expect(json.rows.every((r) => (r.date as string) >= since)).toBe(true);
    expect(json.rows.length).toBeGreaterThan(250);
    expect((await readAll('sso', 'service-metrics', 'csv', { since, limit: '250' })).rows).toEqual(json.rows);
    expect((await readAll('sso', 'service-metrics', 'arrow', { since, limit: '250' })).rows).toEqual(json.rows);
  });
});

describe('wire details', () => {
  it('writes CSV as UTF-8 with a header of the contract’s field names, true/false and LF line ends', async () => {
    const { res, bytes } = await raw('/agencies/ncr/v1/services?format=csv');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    expect(bytes[0]).not.toBe(0xef); // no BOM unless a fault asks for one
    const [header, first] = text.split('\n');
    expect(header).toBe(Object.keys(FEED_FIELDS.services).join(','));
    expect(first).toMatch(/^ncr-[a-z-]+,ncr,[^,]+,[^,]+,(true|false),(not_started|developing|testing|live),(true|false),(true|false)$/);
    expect(text).not.toContain('\r');
  });

  it('quotes CSV cells per RFC 4180 and writes null as an empty cell', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' padded')).toBe('" padded"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(false)).toBe('false');
    const text = encodeCsv({ columns: [{ name: 'serviceId', type: 'string' }, { name: 'requests', type: 'integer' }], rows: [{ serviceId: 'x,"y"', requests: null }] });
    expect(text).toBe('serviceId,requests\n"x,""y""",\n');
    expect(rowsFromCsv('service-metrics', text)).toEqual([{ serviceId: 'x,"y"', requests: null }]);
  });

  it('types Arrow columns: Utf8 ids and days, Int64 counts, Float64 measures, Bool flags; several batches a page', async () => {
    const { res, bytes } = await raw('/agencies/sso/v1/service-metrics?format=arrow&limit=600');
    expect(res.headers.get('content-type')).toBe(FEED_MEDIA_TYPES.arrow);
    const table = tableFromIPC(bytes);
    const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toEqual({
      date: 'Utf8',
      serviceId: 'Utf8',
      requests: 'Int64',
      completed: 'Int64',
      failed: 'Int64',
      availabilityPct: 'Float64',
      latencyP50Ms: 'Float64',
      latencyP95Ms: 'Float64',
      satisfactionSum: 'Int64',
      satisfactionCount: 'Int64',
      docsAsked: 'Int64',
      docsFetched: 'Int64',
    });
    expect(sim.world.feed('sso')!['service-metrics'].length).toBeGreaterThan(600);
    expect(table.batches.length).toBe(Math.ceil(600 / ARROW_BATCH_ROWS));
    const services = tableFromIPC((await raw('/agencies/sso/v1/services?format=arrow')).bytes);
    expect(String(services.schema.fields.find((f) => f.name === 'isKey')!.type)).toBe('Bool');
  });

  it('puts the next cursor in X-Next-Cursor for CSV and Arrow, absent on the last page', async () => {
    const json = JSON.parse(new TextDecoder().decode((await raw('/agencies/ncr/v1/service-metrics?limit=100')).bytes));
    for (const format of ['csv', 'arrow']) {
      const first = await raw(`/agencies/ncr/v1/service-metrics?limit=100&format=${format}`);
      expect(first.res.headers.get('x-next-cursor')).toBe(json.nextCursor);
      const last = await raw(`/agencies/ncr/v1/services?format=${format}`);
      expect(last.res.headers.has('x-next-cursor')).toBe(false);
    }
  });

  it('serves an empty page as a header-only CSV and a schema-only Arrow stream', async () => {
    const csv = await raw('/agencies/ncr/v1/exchange?format=csv&since=2099-01-01');
    expect(new TextDecoder().decode(csv.bytes)).toBe(`${Object.keys(FEED_FIELDS.exchange).join(',')}\n`);
    const arrow = tableFromIPC((await raw('/agencies/ncr/v1/exchange?format=arrow&since=2099-01-01')).bytes);
    expect(arrow.numRows).toBe(0);
    expect(arrow.schema.fields.map((f) => f.name)).toEqual(Object.keys(FEED_FIELDS.exchange));
  });

  it('chooses the format from Accept when ?format= is absent, and ?format= wins over Accept', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ accept: 'text/csv' }, '', 'text/csv; charset=utf-8; header=present'],
      [{ accept: 'application/vnd.apache.arrow.stream' }, '', FEED_MEDIA_TYPES.arrow],
      [{ accept: 'text/html;q=0.9, application/vnd.apache.arrow.stream;q=0.5, text/csv;q=0.8' }, '', 'text/csv; charset=utf-8; header=present'],
      [{ accept: '*/*' }, '', 'application/json; charset=utf-8'],
      [{}, '', 'application/json; charset=utf-8'],
      [{ accept: 'text/csv' }, '?format=arrow', FEED_MEDIA_TYPES.arrow],
    ];
    for (const [headers, query, type] of cases) {
      const { res } = await raw(`/agencies/ncr/v1/services${query}`, headers);
      expect(res.status, JSON.stringify(headers)).toBe(200);
      expect(res.headers.get('content-type'), JSON.stringify(headers)).toBe(type);
    }
  });

  it('answers 400 for an unknown ?format= and 406 for an Accept it cannot meet', async () => {
    const bad = await raw('/agencies/ncr/v1/services?format=xml');
    expect(bad.res.status).toBe(400);
    expect(JSON.parse(new TextDecoder().decode(bad.bytes)).error.message).toMatch(/format must be one of json, csv, arrow/);
    const none = await raw('/agencies/ncr/v1/services', { accept: 'application/xml' });
    expect(none.res.status).toBe(406);
    expect(JSON.parse(new TextDecoder().decode(none.bytes)).error.message).toMatch(/text\/csv/);
  });

  it('asks for the token in every format', async () => {
    for (const format of ['csv', 'arrow']) {
      const res = await fetch(`${sim.url}/agencies/ncr/v1/services?format=${format}`);
      expect(res.status).toBe(401);
    }
  });
});
