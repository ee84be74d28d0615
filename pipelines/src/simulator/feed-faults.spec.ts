/**
 * Each fault's effect on the HTTP response, over real HTTP: what a client sees on the wire when an
 * agency misbehaves in that way, and that the feed answers normally again once the fault is spent
 * or cleared. The pipelines' handling of the same faults is tested in test/faults.
 */
import { toAsciiDigits, type Dataset, type FeedFormat } from '@hamgam/shared';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadAgencyRegistry } from './agency-registry.js';
import { compactNumber } from './fault-rows.js';
import { decodeUtf8, readPage, rowsFromArrow, rowsFromCsv, type FeedRow } from './feed-readers.js';
import { FEED_FIELDS } from './feed-schema.js';
import { startSimulator, type RunningSimulator } from './simulator.server.js';

/** Late enough that civil registration serves exchange to two of these agencies (from 2025-12-20 and 2026-01-16). */
const TODAY = '2026-03-15';
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 1405, today: TODAY, agencies: loadAgencyRegistry().filter((a) => ['ncr', 'sso', 'dpr', 'mfa'].includes(a.agencyId)) });
});
afterAll(async () => {
  await sim.close();
});
afterEach(() => {
  sim.clearFaults();
});

const clean = (agencyId: string, dataset: Dataset) => sim.world.feed(agencyId)![dataset] as unknown as FeedRow[];

function feedUrl(agencyId: string, dataset: Dataset, query: Record<string, string> = {}) {
  return `${sim.url}/agencies/${agencyId}/v1/${dataset}?${new URLSearchParams(query)}`;
}

async function get(agencyId: string, dataset: Dataset, query: Record<string, string> = {}, init: RequestInit = {}) {
  const res = await fetch(feedUrl(agencyId, dataset, query), { ...init, headers: { authorization: `Bearer ${sim.tokenFor(agencyId)}` } });
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

async function page(agencyId: string, dataset: Dataset, format: FeedFormat, query: Record<string, string> = {}) {
  const { res, bytes } = await get(agencyId, dataset, { ...query, format });
  expect(res.status).toBe(200);
  return readPage(dataset, format, bytes, res.headers);
}

async function control(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sim.url}/_faults${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const countByte = (bytes: Uint8Array, byte: number) => bytes.reduce((n, b) => n + (b === byte ? 1 : 0), 0);

describe('fault control', () => {
  it('sets, lists and clears a fault over HTTP', async () => {
    const put = await control('PUT', '/ncr', { kind: 'http-5xx', status: 502, dataset: 'service-metrics', times: 2 });
    expect(put).toEqual({ status: 200, body: { agencyId: 'ncr', fault: { kind: 'http-5xx', status: 502, dataset: 'service-metrics', times: 2 }, applied: 0, remaining: 2 } });
    expect((await control('GET', '')).body.faults).toHaveLength(1);
    expect((await control('GET', '/ncr')).body.fault.kind).toBe('http-5xx');
    expect((await control('DELETE', '/ncr')).status).toBe(204);
    expect((await control('GET', '')).body).toEqual({ faults: [] });
    expect((await control('GET', '/ncr')).status).toBe(404);
    expect((await get('ncr', 'service-metrics')).res.status).toBe(200);
  });

  it('refuses a fault it cannot apply with 400 and the reason, an unknown agency with 404', async () => {
    const cases: [unknown, RegExp][] = [
      [{ kind: 'meltdown' }, /kind must be one of timeout, slow-body/],
      [{ kind: 'http-5xx', status: 404 }, /status must be a whole number from 500 to 599/],
      [{ kind: 'timeout', dataset: 'citizens' }, /dataset must be one of services/],
      [{ kind: 'timeout', times: 0 }, /times must be a whole number from 1/],
      [{ kind: 'timeout', seconds: 3 }, /unknown: seconds/],
      [[1, 2], /JSON object with a kind/],
    ];
    for (const [fault, message] of cases) {
      const res = await control('PUT', '/ncr', fault);
      expect(res.status, JSON.stringify(fault)).toBe(400);
      expect(res.body.error.message, JSON.stringify(fault)).toMatch(message);
    }
    const notJson = await fetch(`${sim.url}/_faults/ncr`, { method: 'PUT', body: '{kind:' });
    expect(notJson.status).toBe(400);
    expect((await control('PUT', '/atlantis', { kind: 'timeout' })).status).toBe(404);
    expect(() => sim.setFault('atlantis', { kind: 'timeout' })).toThrow(/no agency atlantis/);
    expect(() => sim.setFault('ncr', { kind: 'bad-rows', every: 0 })).toThrow(/every must be/);
  });

  it('sets a fault programmatically, shows it over HTTP, and limits it to a dataset and to the first N requests', async () => {
    sim.setFault('sso', { kind: 'http-5xx', dataset: 'service-metrics', times: 2 });
    expect((await control('GET', '')).body.faults).toEqual([{ agencyId: 'sso', fault: { kind: 'http-5xx', dataset: 'service-metrics', times: 2 }, applied: 0, remaining: 2 }]);
    expect((await get('sso', 'services')).res.status).toBe(200); // another dataset: untouched, not counted
    expect((await get('sso', 'service-metrics')).res.status).toBe(503);
    expect((await get('sso', 'service-metrics')).res.status).toBe(503);
    expect((await get('sso', 'service-metrics')).res.status).toBe(200); // spent: a retry succeeds
    expect(sim.faults()[0]).toMatchObject({ applied: 2, remaining: 0 });
    expect((await get('ncr', 'service-metrics')).res.status).toBe(200); // other agencies never affected
    sim.setFault('sso', null);
    expect(sim.faults()).toEqual([]);
  });
});

describe('faults on the wire', () => {
  it('timeout: accepts the request and never answers', async () => {
    sim.setFault('ncr', { kind: 'timeout' });
    const started = Date.now();
    await expect(fetch(feedUrl('ncr', 'services'), { headers: { authorization: `Bearer ${sim.tokenFor('ncr')}` }, signal: AbortSignal.timeout(400) })).rejects.toThrow(/abort|timeout/i);
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    expect(sim.faults()[0].applied).toBe(1);
  });

  it('slow-body: headers at once, the same body dripped over the given seconds', async () => {
    sim.setFault('ncr', { kind: 'slow-body', seconds: 1, chunks: 5 });
    const started = Date.now();
    const res = await fetch(feedUrl('ncr', 'services'), { headers: { authorization: `Bearer ${sim.tokenFor('ncr')}` } });
    const headersAfter = Date.now() - started;
    const body = (await res.json()) as { data: FeedRow[] };
    expect(headersAfter).toBeLessThan(500);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(body.data).toEqual(clean('ncr', 'services'));
  });

  it('http-5xx: the configured status, a Retry-After when asked, a JSON error body', async () => {
    sim.setFault('ncr', { kind: 'http-5xx', status: 502, retryAfterSeconds: 7 });
    const { res, bytes } = await get('ncr', 'services', { format: 'arrow' });
    expect(res.status).toBe(502);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(JSON.parse(decodeUtf8(bytes)).error.status).toBe(502);
  });

  it('html-200: an HTML error page with status 200, whatever format was asked, optionally labelled as JSON', async () => {
    sim.setFault('ncr', { kind: 'html-200' });
    for (const format of ['json', 'csv', 'arrow']) {
      const { res, bytes } = await get('ncr', 'service-metrics', { format });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(decodeUtf8(bytes)).toMatch(/^<!DOCTYPE html>[\s\S]*Service Temporarily Unavailable/);
    }
    sim.setFault('ncr', { kind: 'html-200', contentType: 'application/json' });
    const lying = await get('ncr', 'service-metrics');
    expect(lying.res.headers.get('content-type')).toBe('application/json');
    expect(() => JSON.parse(decodeUtf8(lying.bytes))).toThrow();
  });

  it('truncated-json: a body cut short, with a matching length or with the connection dropped', async () => {
    const whole = (await get('ncr', 'service-metrics', { limit: '200' })).bytes;
    sim.setFault('ncr', { kind: 'truncated-json', keep: 0.6 });
    const cut = await get('ncr', 'service-metrics', { limit: '200' });
    expect(cut.res.status).toBe(200);
    expect(cut.bytes.length).toBe(Math.floor(whole.length * 0.6));
    expect(Buffer.from(cut.bytes).equals(Buffer.from(whole.subarray(0, cut.bytes.length)))).toBe(true);
    expect(() => JSON.parse(decodeUtf8(cut.bytes))).toThrow(SyntaxError);
    // Only JSON responses are cut: the same feed in CSV is whole, and does not spend the fault.
    expect(rowsFromCsv('service-metrics', decodeUtf8((await get('ncr', 'service-metrics', { limit: '200', format: 'csv' })).bytes))).toHaveLength(200);

    sim.setFault('ncr', { kind: 'truncated-json', reset: true });
    const res = await fetch(feedUrl('ncr', 'service-metrics', { limit: '200' }), { headers: { authorization: `Bearer ${sim.tokenFor('ncr')}` } });
    expect(res.headers.get('content-length')).toBe(String(whole.length));
    await expect(res.arrayBuffer()).rejects.toThrow(/terminated|closed|socket/i);
  });

  it('truncated-arrow: a stream cut inside a message, or cleanly between batches with no end-of-stream marker', async () => {
    const whole = (await get('sso', 'service-metrics', { format: 'arrow', limit: '500' })).bytes;
    sim.setFault('sso', { kind: 'truncated-arrow' });
    const mid = await get('sso', 'service-metrics', { format: 'arrow', limit: '500' });
    expect(mid.bytes.length).toBeLessThan(whole.length);
    expect(() => tableFromIPC(mid.bytes).numRows).toThrow();

    sim.setFault('sso', { kind: 'truncated-arrow', at: 'message-boundary', keep: 0.5 });
    const boundary = await get('sso', 'service-metrics', { format: 'arrow', limit: '500' });
    // A lenient reader sees a valid, shorter page: exactly the loss a loader must refuse.
    const lenient = tableFromIPC(boundary.bytes);
    expect(lenient.numRows).toBeGreaterThan(0);
    expect(lenient.numRows).toBeLessThan(500);
    expect(() => rowsFromArrow(boundary.bytes)).toThrow(/end-of-stream/);
    expect(boundary.res.headers.get('x-next-cursor')).toBeTruthy();
    // JSON is not an Arrow stream: served whole.
    expect((await page('sso', 'service-metrics', 'json', { limit: '500' })).rows).toHaveLength(500);
  });

  describe('schema-drift', () => {
    it('add-column: an extra column in the middle, in every format', async () => {
      sim.setFault('ncr', { kind: 'schema-drift', change: 'add-column' });
      const csv = await get('ncr', 'service-metrics', { format: 'csv', limit: '9' });
      const header = decodeUtf8(csv.bytes).split('\n')[0].split(',');
      expect(header).toEqual(['date', 'serviceId', 'remarks', ...Object.keys(FEED_FIELDS['service-metrics']).slice(2)]);
      const json = await page('ncr', 'service-metrics', 'json', { limit: '9' });
      expect(json.rows[0].remarks).toBe('restated by the agency');
      const arrow = tableFromIPC((await get('ncr', 'service-metrics', { format: 'arrow', limit: '9' })).bytes);
      expect(arrow.schema.fields.map((f) => f.name)).toContain('remarks');
      const { remarks: _r, ...rest } = json.rows[0];
      expect(rest).toEqual(clean('ncr', 'service-metrics')[0]);
    });

    it('remove-column: a contract column missing, in every format', async () => {
      sim.setFault('ncr', { kind: 'schema-drift', change: 'remove-column' });
      for (const format of ['json', 'csv', 'arrow'] as const) {
        const rows = (await page('ncr', 'service-metrics', format, { limit: '9' })).rows;
        expect(rows).toHaveLength(9);
        for (const row of rows) expect(row, format).not.toHaveProperty('docsFetched');
      }
    });

    it('change-type: requests written as "12.5k", a text column in Arrow', async () => {
      sim.setFault('sso', { kind: 'schema-drift', change: 'change-type' });
      const served = (await page('sso', 'service-metrics', 'json')).rows;
      const original = clean('sso', 'service-metrics').slice(0, served.length);
      expect(served.map((r) => r.requests)).toEqual(original.map((r) => compactNumber(r.requests as number)));
      expect(served.some((r) => /^\d+\.\dk$/.test(r.requests as string))).toBe(true);
      expect(compactNumber(12_500)).toBe('12.5k');
      const arrow = tableFromIPC((await get('sso', 'service-metrics', { format: 'arrow' })).bytes);
      expect(String(arrow.schema.fields.find((f) => f.name === 'requests')!.type)).toBe('Utf8');
    });
  });

  it('duplicate-rows: every third row twice, and each page repeating the end of the one before', async () => {
    sim.setFault('ncr', { kind: 'duplicate-rows' });
    const first = await page('ncr', 'service-metrics', 'csv', { limit: '30' });
    const second = await page('ncr', 'service-metrics', 'csv', { limit: '30', cursor: first.nextCursor! });
    const all = clean('ncr', 'service-metrics');
    expect(first.rows).toHaveLength(30 + 10);
    expect(first.rows[0]).toEqual(all[0]);
    expect(first.rows[1]).toEqual(all[0]);
    expect(second.rows[0]).toEqual(all[28]); // the overlap of two rows across pages
    const key = (r: FeedRow) => `${r.date}|${r.serviceId}`;
    expect(new Set([...first.rows, ...second.rows].map(key))).toEqual(new Set(all.slice(0, 60).map(key)));
  });

  it('csv-bom-crlf: a BOM and CRLF line ends, the same rows', async () => {
    sim.setFault('ncr', { kind: 'csv-bom-crlf' });
    const { bytes } = await get('ncr', 'exchange', { format: 'csv', limit: '50' });
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.split('\r\n')).toHaveLength(50 + 2); // header, 50 rows, and the empty rest after the last CRLF
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(rowsFromCsv('exchange', decodeUtf8(bytes))).toEqual(clean('ncr', 'exchange').slice(0, 50));
  });

  it('invalid-utf8: a byte that is never UTF-8 in every fifth row, in JSON and CSV', async () => {
    sim.setFault('ncr', { kind: 'invalid-utf8' });
    for (const format of ['json', 'csv'] as const) {
      const { bytes } = await get('ncr', 'service-metrics', { format, limit: '100' });
      expect(countByte(bytes, 0xff), format).toBe(20);
      expect(() => decodeUtf8(bytes)).toThrow(TypeError);
      const lenient = new TextDecoder().decode(bytes);
      const rows = format === 'json' ? JSON.parse(lenient).data : rowsFromCsv('service-metrics', lenient);
      const all = clean('ncr', 'service-metrics');
      rows.forEach((row: FeedRow, i: number) => {
        if (i % 5 === 0) expect(row.serviceId).toContain('\uFFFD');
        else expect(row).toEqual(all[i]);
      });
    }
    const services = await get('ncr', 'services');
    expect(countByte(services.bytes, 0xff)).toBeGreaterThan(0); // in nameFa, where a lenient reader would store U+FFFD
  });

  it('huge-body: a page padded or repeated to the size asked, still valid', async () => {
    sim.setFault('ncr', { kind: 'huge-body', megabytes: 3 });
    const json = await get('ncr', 'service-metrics', { limit: '50' });
    expect(json.bytes.length).toBeGreaterThanOrEqual(3 * 1024 * 1024);
    expect(Number(json.res.headers.get('content-length'))).toBe(json.bytes.length);
    expect(JSON.parse(decodeUtf8(json.bytes)).data).toEqual(clean('ncr', 'service-metrics').slice(0, 50));

    const csv = await get('ncr', 'service-metrics', { limit: '50', format: 'csv' });
    expect(csv.bytes.length).toBeGreaterThanOrEqual(3 * 1024 * 1024);
    const csvRows = rowsFromCsv('service-metrics', decodeUtf8(csv.bytes));
    expect(csvRows.length % 50).toBe(0);
    expect(csvRows.slice(50, 100)).toEqual(clean('ncr', 'service-metrics').slice(0, 50));

    const arrow = await get('ncr', 'service-metrics', { limit: '50', format: 'arrow' });
    expect(arrow.bytes.length).toBeGreaterThanOrEqual(3 * 1024 * 1024);
    const arrowRows = rowsFromArrow(arrow.bytes);
    expect(arrowRows.length % 50).toBe(0);
    expect(arrowRows.slice(0, 50)).toEqual(csvRows.slice(0, 50));
  });

  it('bad-rows: every k-th row broken in turn (negative count, availability 150, future day, unknown service, another agency’s service)', async () => {
    sim.setFault('ncr', { kind: 'bad-rows', every: 4 });
    const served = (await page('ncr', 'service-metrics', 'json', { limit: '40' })).rows;
    const all = clean('ncr', 'service-metrics');
    const foreign = new Set(clean('dpr', 'services').map((s) => s.serviceId).concat(clean('sso', 'services').map((s) => s.serviceId), clean('mfa', 'services').map((s) => s.serviceId)));
    served.forEach((row, i) => {
      if (i % 4 !== 0) return expect(row).toEqual(all[i]);
      switch ((i / 4) % 5) {
        case 0:
          return expect(row.requests).toBeLessThan(0);
        case 1:
          return expect(row.availabilityPct).toBe(150);
        case 2:
          return expect(row.date as string > TODAY).toBe(true);
        case 3:
          return expect(row.serviceId).toBe('ncr-no-such-service');
        case 4:
          return expect(foreign.has(row.serviceId as string)).toBe(true);
      }
    });
    const exchange = (await page('ncr', 'exchange', 'json', { limit: '40' })).rows;
    expect(exchange.filter((r) => r.providerAgencyId !== 'ncr')).toHaveLength(1 + (exchange.length > 28 ? 1 : 0));
  });

  it('persian-digits: numbers and days in Persian or Arabic-Indic digits with stray whitespace, the same values once normalised', async () => {
    sim.setFault('ncr', { kind: 'persian-digits' });
    const normalised = (v: unknown) => (typeof v === 'string' ? toAsciiDigits(v).trim() : v);
    const json = (await page('ncr', 'service-metrics', 'json', { limit: '20' })).rows;
    expect(json[0].date).toMatch(/^\s*۲۰۲۵-۰۳-۲۱\s*$/);
    expect(json[1].requests).toMatch(/^\s*[٠-٩]+\s*$/);
    expect(json.some((r) => r.requests !== String(r.requests).trim())).toBe(true);
    const all = clean('ncr', 'service-metrics');
    json.forEach((row, i) => {
      for (const [field, type] of Object.entries(FEED_FIELDS['service-metrics'])) {
        const v = normalised(row[field]);
        expect(type === 'string' ? v : Number(v), field).toEqual(all[i][field]);
      }
    });
    // Arrow keeps typed numbers; its text columns carry the digits and whitespace.
    const arrow = tableFromIPC((await get('ncr', 'service-metrics', { format: 'arrow', limit: '20' })).bytes);
    expect(String(arrow.schema.fields.find((f) => f.name === 'requests')!.type)).toBe('Int64');
    expect(toAsciiDigits(String(arrow.get(0)!.date)).trim()).toBe(all[0].date);
    expect(String(arrow.get(0)!.date)).not.toBe(all[0].date);
  });
});
