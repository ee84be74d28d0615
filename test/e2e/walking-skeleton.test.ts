/**
 * The whole path, every part real: the agency simulator serves feeds over HTTP, the pipelines pull
 * them into a DuckDB file, the weekly snapshot is computed, the NestJS app answers on a real port,
 * and Debian's chromium renders the dashboard the server serves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { AGENCY_STATUSES, type AgencyDetailResponse, type ScoreboardResponse, latestCompleteWeek } from '@hamgam/shared';
import type { RunningHamgam } from '@hamgam/server';
import { launchChromium } from '../support/browser.js';
import { statusesExpectedIn } from '../support/expected-statuses.js';
import { type TestHamgam, startTestHamgam, signInBrowser } from '../support/start-hamgam.js';

let t: TestHamgam;
let hamgam: RunningHamgam;
let firstSync: Awaited<ReturnType<RunningHamgam['pipelines']['sync']>>;

const get = <T>(path: string) => t.get<T>(path);

beforeAll(async () => {
  t = await startTestHamgam(); // schedules off: the test drives the pipelines itself
  hamgam = t.hamgam;
  firstSync = await hamgam.pipelines.sync();
});

afterAll(async () => {
  await t?.stop();
});

describe('pipelines from the simulator into the warehouse', () => {
  it('pulled every source over HTTP and recorded each run', () => {
    expect(firstSync.runs).toHaveLength(hamgam.sources.length);
    expect(hamgam.sources.length).toBe(hamgam.agencies.length * 4);
    const failed = firstSync.runs.filter((r) => r.status === 'failed');
    expect(failed).toEqual([]);
    for (const run of firstSync.runs) expect(run.received).toBe(run.loaded + run.rejected + run.duplicate);
    expect(firstSync.runs.reduce((n, r) => n + r.loaded, 0)).toBeGreaterThan(100_000);
  });

  it('loads nothing twice: a second pull of the same feeds writes no new rows', async () => {
    const again = await hamgam.pipelines.sync();
    expect(again.runs.every((r) => r.status === 'succeeded')).toBe(true);
    const metricRuns = again.runs.filter((r) => r.sourceId.endsWith(':service-metrics'));
    expect(metricRuns.reduce((n, r) => n + r.loaded, 0)).toBe(0);
    expect(metricRuns.reduce((n, r) => n + r.duplicate, 0)).toBeGreaterThan(0);
  });
});

describe('the public API', () => {
  it('GET /health: warehouse open, migrations applied', async () => {
    const res = await get<{ status: string; warehouse: { open: boolean; pending: number; migrations: string[] } }>('/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.warehouse.open).toBe(true);
    expect(res.body.warehouse.pending).toBe(0);
    expect(res.body.warehouse.migrations.length).toBeGreaterThan(0);
  });

  it('GET /api/v1/scoreboard: the latest complete week with a mix of statuses', async () => {
    const { status, body } = await get<ScoreboardResponse>('/api/v1/scoreboard');
    expect(status).toBe(200);
    expect(body.week.end).toBe(latestCompleteWeek().end);
    expect(body.week.labelFa).toMatch(/^هفته منتهی به [۰-۹]+ \S+ [۰-۹]{4}$/);
    expect(body.week.labelEn).toMatch(/^Week ending \d+ \w+ \d{4}$/);
    expect(body.methodologyVersion).toBe('1.0.0');
    expect(body.rows).toHaveLength(hamgam.agencies.length);

    const counted = { joined: 0, onTrack: 0, lagging: 0, notStarted: 0, silent: 0 };
    for (const row of body.rows) {
      expect(AGENCY_STATUSES).toContain(row.status);
      expect(row.index).toBeGreaterThanOrEqual(0);
      expect(row.index).toBeLessThanOrEqual(100);
      for (const value of Object.values(row.components)) expect(value).toBeGreaterThanOrEqual(0);
      const key = { joined: 'joined', on_track: 'onTrack', lagging: 'lagging', not_started: 'notStarted', silent: 'silent' }[row.status] as keyof typeof counted;
      counted[key]++;
    }
    expect(body.summary).toEqual(counted);
    // Every status of the methodology occurs in the simulated registry (on track only until the deadline).
    const seen = AGENCY_STATUSES.filter((s) => body.rows.some((r) => r.status === s));
    expect(seen).toEqual(expect.arrayContaining(statusesExpectedIn(body.week.end)));
    // Ranked by index, highest first.
    for (let i = 1; i < body.rows.length; i++) {
      expect(body.rows[i].rank).toBeGreaterThanOrEqual(body.rows[i - 1].rank);
      expect(body.rows[i].index).toBeLessThanOrEqual(body.rows[i - 1].index);
    }
  });

  it('GET /api/v1/scoreboard?week= names a stored week, refuses a day that is not a Friday', async () => {
    const end = latestCompleteWeek().end;
    expect((await get<ScoreboardResponse>(`/api/v1/scoreboard?week=${end}`)).body.week.end).toBe(end);
    const notFriday = await get<{ message: string }>('/api/v1/scoreboard?week=2026-11-25');
    expect(notFriday.status).toBe(400);
    expect(notFriday.body.message).toMatch(/Friday/);
    expect((await get('/api/v1/scoreboard?week=nonsense')).status).toBe(400);
    expect((await get('/api/v1/scoreboard?week=2025-01-03')).status).toBe(404);
  });

  it('GET /api/v1/agencies/:id: the agency and its services, 404 for an unknown one', async () => {
    const { status, body } = await get<AgencyDetailResponse>('/api/v1/agencies/ncr');
    expect(status).toBe(200);
    expect(body.agency.nameFa).toBe('سازمان ثبت احوال کشور');
    expect(body.services.length).toBeGreaterThanOrEqual(3);
    for (const s of body.services) {
      expect(s.agencyId).toBe('ncr');
      expect(['not_started', 'developing', 'testing', 'live']).toContain(s.stage);
    }
    expect((await get('/api/v1/agencies/no-such-agency')).status).toBe(404);
  });

  it('serves OpenAPI at /api/docs', async () => {
    expect((await get<string>('/api/docs')).status).toBe(200);
    const doc = await get<{ paths: Record<string, unknown> }>('/api/docs/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/health', '/api/v1/scoreboard', '/api/v1/agencies/{id}']));
  });
});

describe('the dashboard in chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the scoreboard the API returned, in Persian, right to left', async () => {
    const api = (await get<ScoreboardResponse>('/api/v1/scoreboard')).body;
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signInBrowser(page.context(), t);
    await page.goto(`${hamgam.url}/`);
    await page.getByTestId('scoreboard-row').first().waitFor({ timeout: 20_000 });

    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('fa');
    await expect.poll(() => page.getByTestId('week-label').textContent()).toContain(api.week.labelFa);

    const ids = await page.getByTestId('scoreboard-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-agency-id')));
    expect(ids).toEqual(api.rows.map((r) => r.agencyId));
    const top = api.rows[0];
    await expect.poll(() => page.locator(`[data-agency-id="${top.agencyId}"]`).textContent()).toContain(top.nameFa);
    expect(await page.getByTestId('summary-silent').textContent()).toContain(String(api.summary.silent).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]));
    // The chart is drawn: ECharts renders into a canvas inside its container.
    await page.getByTestId('scoreboard-chart').locator('canvas').first().waitFor({ timeout: 10_000 });
    // Persian text is set in the bundled Vazirmatn, not a fallback.
    expect(await page.evaluate(() => document.fonts.check('16px Vazirmatn', 'همگام'))).toBe(true);
    await page.close();
  });

  it('switches to English with one click, keeping the choice in the URL', async () => {
    const api = (await get<ScoreboardResponse>('/api/v1/scoreboard')).body;
    const page = await browser.newPage();
    await signInBrowser(page.context(), t);
    await page.goto(`${hamgam.url}/`);
    await page.getByTestId('scoreboard-row').first().waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: /English/i }).click();
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('ltr');
    expect(page.url()).toContain('lang=en');
    await expect.poll(() => page.getByTestId('week-label').textContent()).toContain(api.week.labelEn);
    await expect.poll(() => page.locator(`[data-agency-id="${api.rows[0].agencyId}"]`).textContent()).toContain(api.rows[0].nameEn);
    await page.close();
  });
});
