/**
 * The scoreboard a cabinet can trust, through the real API over data the real pipelines pulled:
 * every week of history, recomputable to its snapshot; movers, trend, drill-down to the rows, and
 * the exports of the week's table.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BreakdownResponse,
  type MoversResponse,
  type ScoreboardResponse,
  type ScoreboardWeeksResponse,
  type TrendResponse,
  addDays,
  latestCompleteWeek,
} from '@hamgam/shared';
import { recomputeWeek } from '@hamgam/pipelines';
import { type TestHamgam, startTestHamgam } from '../support/start-hamgam.js';

let t: TestHamgam;
let latest: ScoreboardResponse;

beforeAll(async () => {
  t = await startTestHamgam({}, { pulled: true });
  latest = (await t.get<ScoreboardResponse>('/api/v1/scoreboard')).body;
});

afterAll(async () => {
  await t?.stop();
});

describe('weekly snapshots over history', () => {
  it('lists every week from the programme start to the latest complete week, newest first', async () => {
    const { status, body } = await t.get<ScoreboardWeeksResponse>('/api/v1/scoreboard/weeks');
    expect(status).toBe(200);
    expect(body.weeks[0].end).toBe(latestCompleteWeek().end);
    expect(body.weeks.at(-1)!.end).toBe('2025-03-21'); // the programme starts on Friday 1 Farvardin 1404
    expect(body.weeks.length).toBeGreaterThan(80);
    for (let i = 1; i < body.weeks.length; i++) expect(body.weeks[i].end).toBe(addDays(body.weeks[i - 1].end, -7));
    expect(body.weeks[0].labelFa).toMatch(/^هفته منتهی به/);
  });

  it('recomputes every stored week from the facts to exactly its snapshot', async () => {
    const { body } = await t.get<ScoreboardWeeksResponse>('/api/v1/scoreboard/weeks');
    for (const week of body.weeks) expect(await recomputeWeek(t.hamgam.warehouse, week.end), `week ending ${week.end}`).toEqual([]);
  });
});

describe('GET /api/v1/scoreboard', () => {
  it("carries last week's rank and status on every row", async () => {
    const previous = (await t.get<ScoreboardResponse>(`/api/v1/scoreboard?week=${addDays(latest.week.end, -7)}`)).body;
    const before = new Map(previous.rows.map((r) => [r.agencyId, r]));
    for (const row of latest.rows) {
      const p = before.get(row.agencyId)!;
      expect(row.previousRank).toBe(p.rank);
      expect(row.previousStatus).toBe(p.status);
      expect(row.rankChange).toBe(p.rank - row.rank);
    }
  });

  it('filters by status, sector and kind, counting what it returns', async () => {
    const lagging = (await t.get<ScoreboardResponse>('/api/v1/scoreboard?status=lagging')).body;
    expect(lagging.rows.length).toBe(latest.summary.lagging);
    expect(lagging.rows.every((r) => r.status === 'lagging')).toBe(true);
    expect(lagging.summary).toEqual({ joined: 0, onTrack: 0, lagging: latest.summary.lagging, notStarted: 0, silent: 0 });

    const ministries = (await t.get<ScoreboardResponse>('/api/v1/scoreboard?kind=ministry&sector=economy,energy')).body;
    expect(ministries.rows.length).toBe(latest.rows.filter((r) => r.kind === 'ministry' && ['economy', 'energy'].includes(r.sector)).length);
    expect(ministries.rows.length).toBeGreaterThan(0);

    const bad = await t.get<{ message: string }>('/api/v1/scoreboard?status=sleeping');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/status must be among/);
  });
});

describe('movers and trend', () => {
  it("names the week's movers consistently with the two snapshots", async () => {
    const { body } = await t.get<MoversResponse>('/api/v1/scoreboard/movers');
    expect(body.week.end).toBe(latest.week.end);
    expect(body.previousWeek?.end).toBe(addDays(latest.week.end, -7));
    const byId = new Map(latest.rows.map((r) => [r.agencyId, r]));
    const expectJoined = latest.rows.filter((r) => r.status === 'joined' && r.previousStatus && r.previousStatus !== 'joined').map((r) => r.agencyId);
    expect(body.joined.map((m) => m.agencyId).sort()).toEqual(expectJoined.sort());
    for (const m of body.wentSilent) expect(byId.get(m.agencyId)!.status).toBe('silent');
    for (let i = 1; i < body.gains.length; i++) expect(body.gains[i].indexChange!).toBeLessThanOrEqual(body.gains[i - 1].indexChange!);
    for (const m of body.gains) expect(m.indexChange!).toBeGreaterThan(0);
    for (const m of body.falls) expect(m.indexChange!).toBeLessThan(0);
  });

  it('traces agencies joined and services live per week against the trajectory', async () => {
    const { body } = await t.get<TrendResponse>('/api/v1/scoreboard/trend');
    expect(body.nationalDeadline).toBe('2027-03-20');
    const last = body.points.at(-1)!;
    expect(last.week.end).toBe(latest.week.end);
    expect(last.joined).toBe(latest.summary.joined);
    expect(body.daysLeft).toBe(Math.round((Date.parse('2027-03-20') - Date.parse(latest.week.end)) / 86_400_000));
    expect(body.points[0].expectedPct).toBe(0);
    // Adoption grows: more services live at the end than at the start of the programme.
    expect(last.servicesLive).toBeGreaterThan(body.points[0].servicesLive);
    expect(last.servicesLive).toBe(latest.rows.reduce((n, r) => n + r.servicesLive, 0));
  });
});

describe('drill-down: agency → components → services → daily rows', () => {
  it('follows every number of a row down to the rows it came from', async () => {
    const row = latest.rows.find((r) => r.status === 'on_track') ?? latest.rows[0];
    const { status, body } = await t.get<BreakdownResponse>(`/api/v1/agencies/${row.agencyId}/breakdown`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ index: row.index, rank: row.rank, status: row.status, revised: false });
    expect(Object.fromEntries(body.components.map((c) => [c.name, c.value]))).toEqual(row.components);
    // The facts are the sums of the daily rows returned…
    expect(body.days.length).toBe(body.facts.metricDays);
    expect(body.days.reduce((n, d) => n + d.requests, 0)).toBe(body.facts.requests);
    expect(body.days.reduce((n, d) => n + d.docsFetched, 0)).toBe(body.facts.docsFetched);
    for (const d of body.days) expect(d.date >= body.week.start && d.date <= body.week.end).toBe(true);
    // …each loaded by a run the pipelines recorded…
    const runIds = new Set(body.days.map((d) => d.runId));
    const runs = await t.hamgam.warehouse.db.selectFrom('pipeline_run').select('run_id').where('run_id', 'in', [...runIds]).execute();
    expect(runs.length).toBe(runIds.size);
    // …and the services as of the week give the coverage inputs.
    expect(body.services.length).toBe(body.facts.servicesTotal);
    expect(body.services.filter((s) => s.stage === 'live').length).toBe(body.facts.servicesLive);
    expect(row.servicesLive).toBe(body.facts.servicesLive);
  });

  it('marks a week revised when a fact behind it was restated, without changing the snapshot', async () => {
    const week = addDays(latest.week.end, -14);
    const row = (await t.get<ScoreboardResponse>(`/api/v1/scoreboard?week=${week}`)).body.rows.find((r) => r.status !== 'silent')!;
    await t.hamgam.warehouse.db
      .updateTable('service_daily')
      .set({ availability_pct: 80 })
      .where('agency_id', '=', row.agencyId)
      .where('date', '<=', week)
      .where('date', '>=', addDays(week, -6))
      .execute();
    const { body } = await t.get<BreakdownResponse>(`/api/v1/agencies/${row.agencyId}/breakdown?week=${week}`);
    expect(body.revised).toBe(true);
    expect(body.index).toBe(row.index); // the stored snapshot is not silently changed
  });

  it('answers 404 for an unknown agency and 400 for a week that is not a Friday', async () => {
    expect((await t.get('/api/v1/agencies/nowhere/breakdown')).status).toBe(404);
    expect((await t.get('/api/v1/agencies/ncr/breakdown?week=2026-11-26')).status).toBe(400);
  });
});

describe('caching by data version', () => {
  it('serves a repeated request from the cache, answers If-None-Match with 304, and never serves stale data', async () => {
    const url = '/api/v1/scoreboard/trend';
    const fetch = t.fetch;
    const first = await fetch(url);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    const second = await fetch(url);
    expect(second.headers.get('x-cache')).toBe('hit');
    expect(await second.json()).toEqual(await first.json());
    // A hit (answered before Express) carries every header the computed answer carried.
    const headersOf = (res: Response) => [...res.headers].filter(([name]) => !['x-cache', 'date', 'content-length', 'content-encoding', 'keep-alive', 'connection'].includes(name));
    expect(headersOf(second)).toEqual(headersOf(first));
    expect(second.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect((await fetch(url, { headers: { 'if-none-match': etag } })).status).toBe(304);
    // A hit for a client that accepts gzip is sent gzipped (fetch decodes it): the same JSON.
    const zipped = await fetch(url, { headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(await zipped.json()).toEqual(await (await fetch(url, { headers: { 'accept-encoding': 'identity' } })).json());

    // A committed load advances the data version: the next request is computed afresh.
    t.hamgam.warehouse.bumpDataVersion();
    const third = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(third.status).toBe(200);
    expect(third.headers.get('x-cache')).toBe('miss');
  });

  it('sends a miss as the very text it stores: the same bytes and headers as the hit and as the no-store answer', async () => {
    const url = '/api/v1/scoreboard?bytes-check=1';
    const identity = { 'accept-encoding': 'identity' };
    const miss = await t.fetch(url, { headers: identity });
    const hit = await t.fetch(url, { headers: identity });
    const fresh = await t.fetch(url, { headers: { ...identity, 'cache-control': 'no-store' } });
    expect([miss.headers.get('x-cache'), hit.headers.get('x-cache'), fresh.headers.get('x-cache')]).toEqual(['miss', 'hit', null]);
    const [missText, hitText, freshText] = [await miss.text(), await hit.text(), await fresh.text()];
    expect(missText).toBe(hitText);
    expect(missText).toBe(freshText);
    expect(JSON.parse(missText).rows.length).toBeGreaterThan(0);
    for (const res of [miss, hit, fresh]) expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Number(miss.headers.get('content-length'))).toBe(Buffer.byteLength(missText));
    expect(miss.headers.get('etag')).toBe(hit.headers.get('etag'));
  });

  it('computes a request sent with Cache-Control: no-store afresh, and does not store it', async () => {
    const url = '/api/v1/scoreboard/trend?bypass-check=1';
    const bypassed = await t.fetch(url, { headers: { 'cache-control': 'no-store' } });
    expect(bypassed.status).toBe(200);
    expect(bypassed.headers.get('x-cache')).toBeNull();
    const body = await bypassed.json();
    // Nothing was stored by the bypass: the first ordinary request is a miss, the next a hit.
    const first = await t.fetch(url);
    expect(first.headers.get('x-cache')).toBe('miss');
    expect(await first.json()).toEqual(body);
    expect((await t.fetch(url)).headers.get('x-cache')).toBe('hit');
    expect((await t.fetch(url, { headers: { 'cache-control': 'no-store' } })).headers.get('x-cache')).toBeNull();
  });
});

describe('GET /api/v1/reports/weekly', () => {
  it('exports the week as CSV with a BOM that Excel opens in Persian', async () => {
    const res = await t.fetch(`/api/v1/reports/weekly?week=${latest.week.end}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toContain(`hamgam-scoreboard-${latest.week.end}-fa.csv`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs to read UTF-8
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines).toHaveLength(latest.rows.length + 1);
    expect(lines[0].split(',')[0]).toBe('رتبه');
    expect(lines[1]).toContain(latest.rows[0].nameFa);
    expect(lines[1].startsWith(`${latest.rows[0].rank},`)).toBe(true);
  });

  it('exports the week as XLSX, right to left in Persian, English on request', async () => {
    const res = await t.fetch('/api/v1/reports/weekly?format=xlsx');
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0];
    expect(sheet.views[0].rightToLeft).toBe(true);
    expect(sheet.getRow(2).getCell(4).value).toBe('دستگاه');
    expect(sheet.getRow(3).getCell(3).value).toBe(latest.rows[0].agencyId);
    expect(sheet.getRow(3).getCell(5).value).toBe(latest.rows[0].index);
    expect(sheet.rowCount).toBe(latest.rows.length + 2);

    const en = await t.get<string>('/api/v1/reports/weekly?format=csv&lang=en');
    expect(en.body.split('\r\n')[1]).toContain(latest.rows[0].nameEn.includes(',') ? `"${latest.rows[0].nameEn}"` : latest.rows[0].nameEn);
    expect((await t.get('/api/v1/reports/weekly?format=pdf')).status).toBe(400);
  });
});
