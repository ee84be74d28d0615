/**
 * The pipelines admin API and page, every part real: the simulator's feeds pulled into a DuckDB
 * file by the real pipelines, plus two sources of our own through the same `runSource` — one whose
 * feed is down (a failed run with its reason) and one whose feed serves bad rows (rejects with
 * their reasons and raw text) — then the API on a real port and the page in Debian's chromium.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { PipelineRunsResponse, PipelineSourcesResponse, RejectedRowsResponse } from '@hamgam/shared';
import { type RunResult, type SourceConfig, runSource } from '@hamgam/pipelines';
import type { RunningHamgam } from '@hamgam/server';
import { launchChromium } from '../support/browser.js';
import { type TestHamgam, startTestHamgam, signInBrowser } from '../support/start-hamgam.js';

let t: TestHamgam;
let hamgam: RunningHamgam;
let feed: Server;
let downRun: RunResult;
let badRun: RunResult;
let downAgency: string;
let badAgency: string;

/** Three rows that break the contract in three different ways. */
const BAD_ROWS = [
  { date: '2026-01-10', serviceId: 'no-such-service', requests: 5, completed: 5, failed: 0, availabilityPct: 99, latencyP50Ms: 100, latencyP95Ms: 200, satisfactionSum: 5, satisfactionCount: 1, docsAsked: 0, docsFetched: 0 },
  { date: '2026-01-10', serviceId: 'x', requests: -3, completed: 0, failed: 0, availabilityPct: 99, latencyP50Ms: 100, latencyP95Ms: 200, satisfactionSum: 0, satisfactionCount: 0, docsAsked: 0, docsFetched: 0 },
  { date: 'yesterday', serviceId: 'x', requests: 1, completed: 1, failed: 0, availabilityPct: 250, latencyP50Ms: 100, latencyP95Ms: 200, satisfactionSum: 0, satisfactionCount: 0, docsAsked: 0, docsFetched: 0 },
];

async function get<T>(path: string): Promise<{ status: number; body: T }> {
  const res = await t.fetch(path);
  return { status: res.status, body: (await res.json()) as T };
}

function source(agencyId: string, baseUrl: string, tag: string): SourceConfig {
  // A source id of its own, so the simulator's source for the same agency and dataset is left alone.
  return { sourceId: `${agencyId}:service-metrics:${tag}`, agencyId, dataset: 'service-metrics', baseUrl, format: 'json', token: null, schedule: '0 0 * * * *', enabled: true };
}

beforeAll(async () => {
  t = await startTestHamgam({}, { role: 'admin', pulled: true }); // the pipelines are the operators' page
  hamgam = t.hamgam;

  feed = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ data: BAD_ROWS, nextCursor: null }));
  });
  await new Promise<void>((ok) => feed.listen(0, '127.0.0.1', ok));
  const feedUrl = `http://127.0.0.1:${(feed.address() as { port: number }).port}`;

  [downAgency, badAgency] = [hamgam.agencies[0].agencyId, hamgam.agencies[1].agencyId];
  // Port 9 (discard) has no listener here: the connection is refused at once.
  downRun = await runSource(hamgam.warehouse, source(downAgency, `http://127.0.0.1:9/agencies/${downAgency}`, 'down'), { retries: 0, timeoutMs: 2_000 });
  badRun = await runSource(hamgam.warehouse, source(badAgency, `${feedUrl}/agencies/${badAgency}`, 'bad-rows'), { retries: 0, timeoutMs: 5_000 });
});

afterAll(async () => {
  await t?.stop();
  await new Promise((ok) => (feed ? feed.close(ok) : ok(undefined)));
});

describe('the runs we caused', () => {
  it('one failed with a reason, one quarantined every bad row', () => {
    expect(downRun.status).toBe('failed');
    expect(downRun.error).toBeTruthy();
    expect(badRun.status).toBe('succeeded');
    expect(badRun.rejected).toBe(BAD_ROWS.length);
  });
});

describe('GET /api/v1/pipelines/runs', () => {
  it('lists runs newest first, with the failure and its reason', async () => {
    const { status, body } = await get<PipelineRunsResponse>('/api/v1/pipelines/runs?limit=1000');
    expect(status).toBe(200);
    expect(body.limit).toBe(1000);
    expect(body.runs.length).toBeGreaterThan(hamgam.sources.length);
    for (let i = 1; i < body.runs.length; i++) expect(Date.parse(body.runs[i].startedAt)).toBeLessThanOrEqual(Date.parse(body.runs[i - 1].startedAt));
    const failed = body.runs.find((r) => r.runId === downRun.runId)!;
    expect(failed).toMatchObject({ status: 'failed', agencyId: downAgency, dataset: 'service-metrics', error: downRun.error, received: 0 });
    expect(failed.nameFa).toBe(hamgam.agencies[0].nameFa);
    expect(failed.durationMs).toBeGreaterThanOrEqual(0);
    const bad = body.runs.find((r) => r.runId === badRun.runId)!;
    expect(bad).toMatchObject({ status: 'succeeded', received: 3, loaded: 0, rejected: 3, duplicate: 0 });
    for (const r of body.runs.filter((x) => x.status !== 'running')) expect(r.received).toBe(r.loaded + r.rejected + r.duplicate);
  });

  it('filters by status, agency and dataset', async () => {
    const failed = (await get<PipelineRunsResponse>('/api/v1/pipelines/runs?status=failed')).body.runs;
    expect(failed.map((r) => r.runId)).toEqual([downRun.runId]);
    const ofAgency = (await get<PipelineRunsResponse>(`/api/v1/pipelines/runs?agency=${badAgency}&dataset=service-metrics`)).body.runs;
    expect(ofAgency.length).toBe(2); // the simulator's source and ours
    expect(ofAgency.every((r) => r.agencyId === badAgency && r.dataset === 'service-metrics')).toBe(true);
    expect((await get<PipelineRunsResponse>('/api/v1/pipelines/runs?limit=5')).body.runs).toHaveLength(5);
  });

  it('answers 400 with a reason for bad parameters', async () => {
    for (const [query, word] of [['limit=0', 'limit'], ['limit=1001', 'limit'], ['limit=abc', 'limit'], ['status=broken', 'status'], ['dataset=payroll', 'dataset'], ['agency=%27%20or%201', 'agency']]) {
      const res = await get<{ message: string }>(`/api/v1/pipelines/runs?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.message, query).toContain(word);
    }
    expect((await get('/api/v1/pipelines/rejects?limit=5000')).status).toBe(400);
  });
});

describe('GET /api/v1/pipelines/rejects', () => {
  it('gives each rejected row its reason, raw text, row number and run', async () => {
    const { status, body } = await get<RejectedRowsResponse>(`/api/v1/pipelines/rejects?runId=${badRun.runId}`);
    expect(status).toBe(200);
    expect(body.rejects).toHaveLength(3);
    const byRow = new Map(body.rejects.map((r) => [r.rowNumber, r]));
    expect([...byRow.keys()].sort()).toEqual([1, 2, 3]);
    for (const r of body.rejects) {
      expect(r).toMatchObject({ runId: badRun.runId, agencyId: badAgency, dataset: 'service-metrics' });
      expect(r.reason.length).toBeGreaterThan(5);
      expect(JSON.parse(r.raw)).toEqual(BAD_ROWS[r.rowNumber - 1]);
    }
    expect(byRow.get(1)!.reason).toMatch(/no-such-service/);
    expect(byRow.get(2)!.reason).toMatch(/requests/);
    expect((await get<RejectedRowsResponse>(`/api/v1/pipelines/rejects?agency=${downAgency}`)).body.rejects).toEqual([]);
  });
});

describe('GET /api/v1/pipelines/sources', () => {
  it('lists sources with their state, never their token, and freshness per agency', async () => {
    const res = await t.fetch('/api/v1/pipelines/sources');
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toMatch(/"token"/);
    const body = JSON.parse(text) as PipelineSourcesResponse;
    expect(body.silentAfterDays).toBe(7);
    expect(body.sources.length).toBe(hamgam.sources.length + 2);
    const down = body.sources.find((s) => s.sourceId === `${downAgency}:service-metrics:down`)!;
    expect(down).toMatchObject({ agencyId: downAgency, enabled: true, format: 'json', lastError: downRun.error, lastSuccessAt: null });

    expect(body.agencies).toHaveLength(hamgam.agencies.length);
    const silent = body.agencies.filter((a) => a.silent);
    expect(silent.length).toBeGreaterThan(0); // the simulator keeps some agencies silent
    for (const a of silent) expect(a.daysBehind === null || a.daysBehind > 7).toBe(true);
    const fresh = body.agencies.filter((a) => a.status === 'fresh');
    expect(fresh.length).toBeGreaterThan(silent.length);
    for (const a of fresh) expect(a.daysBehind).toBeLessThanOrEqual(2);
    // Worst first.
    expect(body.agencies[0].status).toBe('silent');
    expect(body.agencies.at(-1)!.status).toBe('fresh');
    const failing = body.agencies.find((a) => a.agencyId === downAgency)!;
    expect(failing.failingSources).toBe(1);
    expect(failing.lastError).toBe(downRun.error);

    expect(body.daily).toHaveLength(30);
    expect(body.daily.at(-1)!.day).toBe(body.today);
    expect(Math.max(...body.daily.map((d) => d.agencies))).toBeLessThanOrEqual(hamgam.agencies.length);
    expect(body.daily.some((d) => d.agencies > 0 && d.rows > 0)).toBe(true);
  });

  it('is in the OpenAPI document', async () => {
    const doc = await get<{ paths: Record<string, unknown> }>('/api/docs/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/pipelines/runs', '/api/v1/pipelines/rejects', '/api/v1/pipelines/sources']));
  });
});

describe('the pipelines page in chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const failedRow = (page: Page) => page.locator(`[data-testid="run-row"][data-run-id="${downRun.runId}"]`);
  const reasonRow = (page: Page) => page.locator(`[data-testid="run-reason"][data-run-id="${downRun.runId}"]`);

  it('reaches the page from the scoreboard, shows the failure, its reason and the rejects in Persian, then in English', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signInBrowser(page.context(), t, 'admin');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${hamgam.url}/`);
    await page.getByTestId('scoreboard-row').first().waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('nav-scoreboard').getAttribute('aria-current')).toBe('page');
    await page.getByTestId('nav-pipelines').click();
    await failedRow(page).waitFor({ timeout: 20_000 });
    expect(page.url()).toContain('page=pipelines');
    expect(await page.getByTestId('nav-pipelines').getAttribute('aria-current')).toBe('page');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('h1').textContent()).toBe('خط‌های لولهٔ داده');

    expect(await failedRow(page).getAttribute('data-status')).toBe('failed');
    expect(await failedRow(page).textContent()).toContain('ناموفق');
    expect(await reasonRow(page).textContent()).toContain(downRun.error!);

    const rejects = page.getByTestId('reject-row');
    await expect.poll(() => rejects.count()).toBe(3);
    const rejectText = await rejects.allTextContents();
    expect(rejectText.join('\n')).toContain('no-such-service');
    expect(rejectText.join('\n')).toContain('"requests":-3');

    // Freshness: silent agencies first, with a Solar Hijri day in Persian digits.
    const first = page.getByTestId('freshness-row').first();
    expect(await first.getAttribute('data-status')).toBe('silent');
    const freshRow = page.locator('[data-testid="freshness-row"][data-status="fresh"]').first();
    expect(await freshRow.textContent()).toMatch(/[۰-۹]+ (فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند) [۰-۹]{4}/);
    await page.getByTestId('reporting-chart').locator('canvas').first().waitFor({ timeout: 10_000 });

    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('ltr');
    expect(page.url()).toContain('lang=en');
    expect(page.url()).toContain('page=pipelines');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Data pipelines');
    expect(await failedRow(page).textContent()).toContain('Failed');
    expect(await failedRow(page).textContent()).toContain(hamgam.agencies[0].nameEn);
    expect(await reasonRow(page).textContent()).toContain(downRun.error!);
    expect(await freshRow.textContent()).toMatch(/\d{1,2} [A-Z][a-z]{2} \d{4}/);
    expect((await rejects.allTextContents()).join('\n')).toContain('no-such-service');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('filters runs to failures and rejects to one run, in the URL', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInBrowser(page.context(), t, 'admin');
    await page.goto(`${hamgam.url}/?page=pipelines&lang=en`);
    await failedRow(page).waitFor({ timeout: 20_000 });
    await page.getByTestId('filter-failed').check();
    await expect.poll(() => page.getByTestId('run-row').count()).toBe(1);
    expect(page.url()).toContain('status=failed');
    await page.getByTestId('filter-failed').uncheck();
    await page.locator(`[data-testid="run-row"][data-run-id="${badRun.runId}"] [data-testid="run-show-rejects"]`).click();
    expect(page.url()).toContain(`run=${badRun.runId}`);
    await expect.poll(() => page.getByTestId('reject-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-id')))).toEqual([badRun.runId, badRun.runId, badRun.runId]);
    // Usable on a phone: the page itself never scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.close();
  });
});
