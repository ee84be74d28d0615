/**
 * What the minister sees, in Debian's chromium over the real server: the real pipelines pull the
 * simulator's feeds into a DuckDB file, every week of history gets its snapshot, and the pages are
 * checked against the API that feeds them — the week picker, sorting and filters in the URL, the
 * drill-down to an agency's components and daily rows, the language remembered across visits, the
 * trend with its days left, and the weekly report printed to A4.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { BreakdownResponse, ScoreboardResponse, ScoreboardRow, ScoreboardWeeksResponse, TrendResponse } from '@hamgam/shared';
import { launchChromium } from '../support/browser.js';
import { repoRoot, startTestHamgam, type TestHamgam, signInBrowser } from '../support/start-hamgam.js';

let t: TestHamgam;
let browser: Browser;
let weeks: ScoreboardWeeksResponse['weeks'];
let latest: ScoreboardResponse;

const shots = join(repoRoot, '.tmp/screens/scoreboard-pages');
const api = async <T>(path: string) => {
  const res = await t.get<T>(path);
  expect(res.status, path).toBe(200);
  return res.body;
};
/** A page's first data: its lazy chunk and an uncached aggregate, on two busy cores (expect.poll waits 1 s by default). */
const LOAD = { timeout: 20_000 };
const toPersianDigits = (s: string) => s.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);

/** A page that fails the test on any script error or failed request the app logs. */
async function open(path: string, viewport = { width: 1366, height: 900 }, context?: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  // Without a context each page gets a fresh one (no cookies); with one, its pages share them.
  const page = context ? await context.newPage() : await browser.newPage({ viewport });
  if (!context) await signInBrowser(page.context(), t);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${t.hamgam.url}${path}`);
  return { page, errors };
}

const rowIds = (page: Page) => page.getByTestId('scoreboard-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-agency-id')));

beforeAll(async () => {
  t = await startTestHamgam({}, { pulled: true });
  // The pulled warehouse holds the history the week picker and the trend show: every week since
  // the programme started, built by the pull's snapshot backfill.
  weeks = (await api<ScoreboardWeeksResponse>('/api/v1/scoreboard/weeks')).weeks;
  latest = await api<ScoreboardResponse>('/api/v1/scoreboard');
  browser = await launchChromium();
  mkdirSync(shots, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('the scoreboard page', () => {
  it('shows the week the picker names, the same rows as the API, and puts the week in the URL', async () => {
    expect(weeks.length).toBeGreaterThan(10);
    const past = weeks[5];
    const board = await api<ScoreboardResponse>(`/api/v1/scoreboard?week=${past.end}`);
    const { page, errors } = await open('/');
    await page.getByTestId('scoreboard-row').first().waitFor({ timeout: 20_000 });
    // The picker lists every stored week by its Solar Hijri label, newest first.
    const options = await page.getByTestId('week-picker').locator('option').evaluateAll((os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent]));
    expect(options).toEqual(weeks.map((w) => [w.end, w.labelFa]));

    await page.getByTestId('week-picker').selectOption(past.end);
    await expect.poll(() => page.getByTestId('week-label').textContent(), LOAD).toBe(past.labelFa);
    expect(new URL(page.url()).searchParams.get('week')).toBe(past.end);
    await expect.poll(() => rowIds(page)).toEqual(board.rows.map((r) => r.agencyId));
    // Summary and the export links follow the week.
    expect(await page.getByTestId('summary-joined').getAttribute('data-count')).toBe(String(board.summary.joined));
    expect(await page.getByTestId('export-csv').getAttribute('href')).toBe(`/api/v1/reports/weekly?week=${past.end}&format=csv&lang=fa`);
    expect(await page.getByTestId('export-xlsx').getAttribute('href')).toBe(`/api/v1/reports/weekly?week=${past.end}&format=xlsx&lang=fa`);
    // The rank change shown is the API's, with its sign as ▲/▼.
    const climber = board.rows.find((r) => (r.rankChange ?? 0) > 0);
    if (climber) {
      const cell = page.locator(`[data-testid="scoreboard-row"][data-agency-id="${climber.agencyId}"] .rank-move`);
      expect(await cell.textContent()).toContain(`▲ ${toPersianDigits(String(climber.rankChange))}`);
    }
    const changed = board.rows.filter((r) => r.previousStatus !== null && r.previousStatus !== r.status).map((r) => r.agencyId);
    expect(await page.locator('[data-testid="scoreboard-row"][data-status-changed="true"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-agency-id')))).toEqual(changed);
    // The movers panel is the API's for the same week.
    const movers = await api<{ joined: unknown[]; gains: unknown[] }>(`/api/v1/scoreboard/movers?week=${past.end}`);
    expect(await page.getByTestId('movers-joined').getAttribute('data-count')).toBe(String(movers.joined.length));
    expect(await page.getByTestId('movers-gains').getAttribute('data-count')).toBe(String(movers.gains.length));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sorts by index with a click on its header, both ways, with aria-sort and the sort in the URL', async () => {
    const { page, errors } = await open('/?lang=en');
    await page.getByTestId('scoreboard-row').first().waitFor({ timeout: 20_000 });
    const byIndex = (dir: 1 | -1) => [...latest.rows].sort((a, b) => dir * (a.index - b.index) || a.rank - b.rank).map((r) => r.agencyId);
    const header = page.locator('th[data-sort-key="index"]');

    await page.getByTestId('sort-index').click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    expect(new URL(page.url()).searchParams.get('sort')).toBe('index');
    expect(await rowIds(page)).toEqual(byIndex(-1));
    expect(await page.locator('th[data-sort-key="rank"]').getAttribute('aria-sort')).toBeNull();

    await page.getByTestId('sort-index').click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    expect(await rowIds(page)).toEqual(byIndex(1));
    // A reload shows the same order: the sort is in the URL.
    await page.reload();
    await page.getByTestId('scoreboard-row').first().waitFor();
    expect(await rowIds(page)).toEqual(byIndex(1));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('filters by status, sector and kind, as the API filters, with the filters in the URL', async () => {
    const lagging = await api<ScoreboardResponse>('/api/v1/scoreboard?status=lagging');
    expect(lagging.rows.length).toBeGreaterThan(0);
    const { page, errors } = await open('/');
    await page.getByTestId('scoreboard-row').first().waitFor({ timeout: 20_000 });
    await page.getByTestId('filter-status').selectOption('lagging');
    await expect.poll(() => rowIds(page)).toEqual(lagging.rows.map((r) => r.agencyId));
    expect(new URL(page.url()).searchParams.get('status')).toBe('lagging');
    expect(await page.getByTestId('filter-count').textContent()).toContain(toPersianDigits(String(lagging.rows.length)));

    const sector = lagging.rows[0].sector;
    const both = await api<ScoreboardResponse>(`/api/v1/scoreboard?status=lagging&sector=${sector}`);
    await page.getByTestId('filter-sector').selectOption(sector);
    await expect.poll(() => rowIds(page)).toEqual(both.rows.map((r) => r.agencyId));
    expect(new URL(page.url()).searchParams.get('sector')).toBe(sector);

    await page.getByTestId('filter-clear').click();
    await expect.poll(() => rowIds(page)).toEqual(latest.rows.map((r) => r.agencyId));
    expect(new URL(page.url()).searchParams.get('status')).toBeNull();

    // A kind filter straight from a link, labelled in Persian in the select.
    await page.goto(`${t.hamgam.url}/?kind=ministry`);
    await page.getByTestId('scoreboard-row').first().waitFor();
    const ministries = await api<ScoreboardResponse>('/api/v1/scoreboard?kind=ministry');
    expect(await rowIds(page)).toEqual(ministries.rows.map((r) => r.agencyId));
    expect(await page.getByTestId('filter-kind').locator('option:checked').textContent()).toBe('وزارتخانه');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the agency drill-down', () => {
  it("opens from the scoreboard for the same week and shows the API's components, services and daily rows", async () => {
    const week = weeks[2].end;
    const board = await api<ScoreboardResponse>(`/api/v1/scoreboard?week=${week}`);
    // An agency with data that week, so there are daily rows to follow.
    const row = board.rows.find((r) => r.status !== 'silent' && r.servicesLive > 0) as ScoreboardRow;
    const breakdown = await api<BreakdownResponse>(`/api/v1/agencies/${row.agencyId}/breakdown?week=${week}`);
    const { page, errors } = await open(`/?week=${week}`);
    await page.getByTestId('scoreboard-row').first().waitFor({ timeout: 20_000 });
    await page.locator(`[data-testid="scoreboard-row"][data-agency-id="${row.agencyId}"] [data-testid="agency-link"]`).click();

    await expect.poll(() => page.getByTestId('agency-name').textContent(), LOAD).toBe(row.nameFa);
    const url = new URL(page.url());
    expect([url.searchParams.get('page'), url.searchParams.get('agency'), url.searchParams.get('week')]).toEqual(['agency', row.agencyId, week]);
    await page.getByTestId('component').first().waitFor();
    const components = await page.getByTestId('component').evaluateAll((cs) => cs.map((c) => [c.getAttribute('data-component'), Number(c.getAttribute('data-value'))]));
    expect(components).toEqual(breakdown.components.map((c) => [c.name, c.value]));
    // Each component lists the inputs the API gave it, under the names its formula uses.
    const inputs = await page.locator('[data-component="coverage"] [data-input]').evaluateAll((ds) => ds.map((d) => d.getAttribute('data-input')));
    expect(inputs).toEqual(Object.keys(breakdown.components.find((c) => c.name === 'coverage')!.inputs));
    expect(await page.locator('[data-component="coverage"] .component__formula').textContent()).toBe(breakdown.components[0].formula);
    expect(await page.getByTestId('agency-index').getAttribute('data-value')).toBe(String(breakdown.index));
    expect(await page.getByTestId('agency-rank').getAttribute('data-value')).toBe(String(breakdown.rank));
    expect(await page.getByTestId('agency-status').getAttribute('data-status')).toBe(breakdown.status);
    expect(await page.getByTestId('revised').count()).toBe(breakdown.revised ? 1 : 0);

    const services = await page.getByTestId('service-row').evaluateAll((rs) => rs.map((r) => [r.getAttribute('data-service-id'), r.getAttribute('data-stage')]));
    expect(services).toEqual(breakdown.services.map((s) => [s.serviceId, s.stage]));
    expect(await page.getByTestId('day-row').count()).toBe(breakdown.days.length);
    const runs = new Set(await page.getByTestId('day-row').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-run-id'))));
    expect(runs).toEqual(new Set(breakdown.days.map((d) => d.runId)));

    // One service's rows only, from its name; the choice is in the URL.
    const first = breakdown.services.find((s) => s.days > 0)!;
    await page.locator(`[data-testid="service-row"][data-service-id="${first.serviceId}"] [data-testid="service-days-link"]`).click();
    await expect.poll(() => page.getByTestId('day-row').count()).toBe(breakdown.days.filter((d) => d.serviceId === first.serviceId).length);
    expect(new URL(page.url()).searchParams.get('service')).toBe(first.serviceId);

    // Back to the scoreboard of the same week.
    await page.getByTestId('back-to-scoreboard').click();
    await expect.poll(() => page.getByTestId('week-label').textContent(), LOAD).toBe(weeks[2].labelFa);
    expect(new URL(page.url()).searchParams.get('agency')).toBeNull();
    expect(new URL(page.url()).searchParams.get('week')).toBe(week);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the language', () => {
  it('switches in place, keeping the page and the week, and a fresh visit opens in the last choice', async () => {
    const week = weeks[1];
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    await signInBrowser(context, t);
    const agency = latest.rows[0];
    const { page, errors } = await open(`/?page=agency&agency=${agency.agencyId}&week=${week.end}`, undefined, context);
    await expect.poll(() => page.getByTestId('agency-name').textContent(), LOAD).toBe(agency.nameFa);
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('ltr');
    const url = new URL(page.url());
    expect([url.searchParams.get('lang'), url.searchParams.get('page'), url.searchParams.get('agency'), url.searchParams.get('week')]).toEqual(['en', 'agency', agency.agencyId, week.end]);
    await expect.poll(() => page.getByTestId('agency-name').textContent(), LOAD).toBe(agency.nameEn);
    expect(await page.getByTestId('week-label').textContent()).toBe(week.labelEn);

    // A fresh visit without ?lang opens in English, from the cookie.
    const { page: second } = await open('/?page=trend', undefined, context);
    await expect.poll(() => second.locator('h1').textContent(), LOAD).toBe('National trend');
    expect(await second.locator('html').getAttribute('lang')).toBe('en');

    // Switching back to Persian is remembered too.
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('fa');
    expect(new URL(page.url()).searchParams.get('week')).toBe(week.end);
    const { page: third } = await open('/', undefined, context);
    await third.getByTestId('scoreboard-row').first().waitFor({ timeout: 20_000 });
    expect(await third.locator('html').getAttribute('lang')).toBe('fa');

    // The URL wins over the cookie.
    await third.goto(`${t.hamgam.url}/?lang=en`);
    await expect.poll(() => third.locator('html').getAttribute('dir')).toBe('ltr');
    // …and a browser without the cookie opens in Persian.
    const { page: stranger } = await open('/?page=trend');
    await expect.poll(() => stranger.locator('html').getAttribute('lang')).toBe('fa');
    await stranger.close();
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('the national trend', () => {
  it('shows the days left and every week of the API in the tables behind its charts', async () => {
    const trend = await api<TrendResponse>('/api/v1/scoreboard/trend');
    const { page, errors } = await open('/?page=trend');
    await page.getByTestId('days-left').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('days-left').getAttribute('data-days')).toBe(String(trend.daysLeft));
    expect(await page.getByTestId('days-left').textContent()).toContain(toPersianDigits(String(Math.abs(trend.daysLeft))));
    for (const id of ['status-trend-chart', 'services-trend-chart', 'once-only-chart']) await page.getByTestId(id).locator('canvas').first().waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid="status-trend-rows"] tbody tr').count()).toBe(trend.points.length);
    const newest = trend.points.at(-1)!;
    const cells = await page.locator(`[data-testid="status-trend-rows"] tr[data-week="${newest.week.end}"] td`).allTextContents();
    expect(cells.slice(0, 5)).toEqual([newest.joined, newest.onTrack, newest.lagging, newest.notStarted, newest.silent].map((n) => toPersianDigits(String(n))));
    // The once-only trend over the whole history.
    await expect.poll(() => page.locator('[data-testid="once-only-rows"] tbody tr').count()).toBeGreaterThanOrEqual(trend.points.length - 1);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the weekly report', () => {
  it('renders every row of the week and prints to A4 pages', async () => {
    const week = weeks[0];
    const { page, errors } = await open(`/?page=report&week=${week.end}`);
    await page.getByTestId('report').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId('scoreboard-row').count(), LOAD).toBe(latest.rows.length);
    expect(await page.getByTestId('week-label').textContent()).toBe(week.labelFa);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByTestId('movers').waitFor();
    await page.getByTestId('report-services-chart').locator('canvas').first().waitFor({ timeout: 15_000 });
    // The button prints (window.print, stubbed: headless chromium has no dialog to show).
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => void ((window as unknown as { printed: number }).printed += 1);
    });
    await page.getByTestId('print').click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

    const pdf = await page.pdf({ format: 'A4', printBackground: true, path: join(shots, 'report-fa.pdf') });
    const text = pdf.toString('latin1');
    const pages = text.match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(1);
    // A4 is 595 × 842 points.
    const box = text.match(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/);
    expect(Math.abs(Number(box![1]) - 595)).toBeLessThan(2);
    expect(Math.abs(Number(box![2]) - 842)).toBeLessThan(2);
    // In print, the masthead and the buttons are gone.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.masthead').isVisible()).toBe(false);
    expect(await page.getByTestId('print').isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('on a phone', () => {
  it('never scrolls any page sideways, in Persian or English', async () => {
    const agency = latest.rows[0].agencyId;
    for (const path of ['/', '/?page=trend', `/?page=agency&agency=${agency}`, '/?page=report']) {
      for (const lang of ['fa', 'en']) {
        const { page, errors } = await open(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`, { width: 390, height: 844 });
        await page.locator('main[aria-busy="false"]').waitFor({ timeout: 20_000 });
        await page.waitForTimeout(300);
        expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `${path} ${lang}`).toBeLessThanOrEqual(0);
        expect(errors).toEqual([]);
        await page.close();
      }
    }
  });
});
