/**
 * The exchange pages in Debian's chromium over the real server and simulator data: the network's
 * table holds exactly the API's pairs, focusing an agency from its row shows its providers and
 * consumers, the sector and period land in the URL and change the pairs, and an agency's page
 * shows its exchange section as the API gives it; in Persian and in English, on a laptop and a
 * phone (screenshots under .tmp/screens/exchange-pages for a person to look at).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { AgencyExchangeResponse, ExchangeNetworkResponse } from '@hamgam/shared';
import { launchChromium } from '../support/browser.js';
import { repoRoot, signInBrowser, startTestHamgam, type TestHamgam } from '../support/start-hamgam.js';

let t: TestHamgam;
let browser: Browser;
let network: ExchangeNetworkResponse;

const shots = join(repoRoot, '.tmp/screens/exchange-pages');
const WIDE = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

const api = async <T>(path: string) => {
  const res = await t.get<T>(path);
  expect(res.status, path).toBe(200);
  return res.body;
};

async function open(path: string, viewport = WIDE): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  await signInBrowser(page.context(), t);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${t.hamgam.url}${path}`);
  return { page, errors };
}

// The pages load several answers on two busy cores: give each a while, not expect.poll's second.
const poll = <T,>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000 });
const pairKey = (e: { providerAgencyId: string; consumerAgencyId: string }) => `${e.providerAgencyId}>${e.consumerAgencyId}`;
const edgeRows = (page: Page) =>
  page.getByTestId('exchange-edge-row').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-provider')}>${r.getAttribute('data-consumer')}|${r.getAttribute('data-calls')}`));
const apiRows = (n: ExchangeNetworkResponse) => n.edges.map((e) => `${pairKey(e)}|${e.calls}`).sort();
const param = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);
/** The chart exists and has painted something: a canvas with no pixel set would pass a mere "ready". */
async function chartReady(page: Page, testId: string): Promise<void> {
  await page.locator(`[data-testid="${testId}"][data-ready="true"]`).waitFor();
  await poll(() =>
    page.locator(`[data-testid="${testId}"] canvas`).first().evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < d.length; i += 4 * 7) if (d[i] !== 0) return true;
      return false;
    }),
  ).toBe(true);
}
const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

beforeAll(async () => {
  t = await startTestHamgam({}, { pulled: true });
  network = await api<ExchangeNetworkResponse>('/api/v1/exchange/network');
  browser = await launchChromium();
  mkdirSync(shots, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('network page', () => {
  it('shows the pairs of the API, focuses an agency from its row, filters by sector and period, in Persian then English', async () => {
    expect(network.edges.length).toBeGreaterThan(5);
    const { page, errors } = await open('/?page=exchange');
    await chartReady(page, 'exchange-chart');
    await poll(() => page.getByTestId('exchange-edge-row').count()).toBe(network.edges.length);
    expect((await edgeRows(page)).sort()).toEqual(apiRows(network));
    // Persian: right to left, Persian digits in the range and the tables.
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.getByTestId('exchange-range').getAttribute('data-to')).toBe(network.range.to);
    expect(await page.getByTestId('exchange-range').innerText()).toMatch(/[۰-۹]/);
    expect(await page.getByTestId('exchange-top-row').count()).toBe(network.topProviders.length);
    await page.screenshot({ path: join(shots, 'network-fa-1366.png'), fullPage: true });

    // Focus the most depended-on provider from its row: its providers and consumers are listed.
    const top = network.topProviders[0];
    await page.getByTestId('exchange-top-row').first().getByTestId('exchange-focus-button').click();
    await poll(() => param(page, 'focus')).toBe(top.agencyId);
    const panel = page.getByTestId('exchange-focus');
    await poll(() => panel.getAttribute('data-agency-id')).toBe(top.agencyId);
    const consumersOf = network.edges.filter((e) => e.providerAgencyId === top.agencyId).map((e) => e.consumerAgencyId).sort();
    const providersOf = network.edges.filter((e) => e.consumerAgencyId === top.agencyId).map((e) => e.providerAgencyId).sort();
    const listed = async (testId: string) =>
      (await page.getByTestId(testId).count()) === 0 ? [] : (await page.getByTestId(testId).locator('li').evaluateAll((li) => li.map((l) => l.getAttribute('data-agency-id')!))).sort();
    expect(await listed('exchange-focus-consumers')).toEqual(consumersOf);
    expect(await listed('exchange-focus-providers')).toEqual(providersOf);
    expect(consumersOf.length).toBe(top.consumers);
    await poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('exchange-focus');
    await page.screenshot({ path: join(shots, 'network-focus-fa-1366.png'), fullPage: true });

    // Sector: the URL carries it and the rows become the API's pairs touching that sector.
    const sector = network.nodes.find((n) => n.agencyId === top.agencyId)!.sector;
    const bySector = await api<ExchangeNetworkResponse>(`/api/v1/exchange/network?sector=${sector}`);
    await page.getByTestId('exchange-sector').selectOption(sector);
    await poll(() => param(page, 'sector')).toBe(sector);
    await poll(async () => (await edgeRows(page)).sort()).toEqual(apiRows(bySector));
    expect(bySector.edges.length).toBeLessThan(network.edges.length);
    // The focus survives a sector change: the agency is in its own sector.
    expect(param(page, 'focus')).toBe(top.agencyId);

    // Period: twelve weeks ending with the same week, written as from/to.
    await page.getByTestId('exchange-period').selectOption('12');
    await poll(() => param(page, 'from')).not.toBeNull();
    const from = param(page, 'from')!;
    const to = param(page, 'to')!;
    expect(to).toBe(network.range.to);
    const twelve = await api<ExchangeNetworkResponse>(`/api/v1/exchange/network?from=${from}&to=${to}&sector=${sector}`);
    await poll(async () => (await edgeRows(page)).sort()).toEqual(apiRows(twelve));
    await poll(() => page.getByTestId('exchange-range').getAttribute('data-from')).toBe(from);

    // English, one click away: same rows, left to right, English names.
    await page.getByTestId('lang-toggle').click();
    await poll(() => page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    expect(param(page, 'sector')).toBe(sector);
    expect((await edgeRows(page)).sort()).toEqual(apiRows(twelve));
    await poll(() => page.getByTestId('exchange-focus').locator('h2').innerText()).toContain(top.nameEn);
    await chartReady(page, 'exchange-chart');
    await page.screenshot({ path: join(shots, 'network-focus-en-1366.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('clicking a circle in the chart focuses its agency', async () => {
    const { page, errors } = await open('/?page=exchange&lang=en');
    await chartReady(page, 'exchange-chart');
    const rect = (await page.getByTestId('exchange-chart').boundingBox())!;
    expect(rect.width).toBeGreaterThan(300);
    const found = await clickUntilFocus(page, rect);
    expect(found).not.toBeNull();
    expect(network.nodes.map((n) => n.agencyId)).toContain(found);
    await poll(() => page.getByTestId('exchange-focus').getAttribute('data-agency-id')).toBe(found);
    expect(errors).toEqual([]);
    await page.close();
  });

  for (const lang of ['fa', 'en'] as const) {
    it(`fits a phone without sideways scroll (${lang})`, async () => {
      const focus = network.topProviders[0].agencyId;
      const { page, errors } = await open(`/?page=exchange&lang=${lang}&focus=${focus}`, PHONE);
      await chartReady(page, 'exchange-chart');
      await page.getByTestId('exchange-focus').waitFor();
      expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(shots, `network-${lang}-390.png`), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});

/**
 * Clicks round the ring the circular layout puts the agencies on (the chart's box less the margins
 * the option leaves for labels) until the page focuses one: its id, or null.
 */
async function clickUntilFocus(page: Page, rect: { x: number; y: number; width: number; height: number }): Promise<string | null> {
  const cx = rect.x + rect.width / 2;
  const cy = rect.y + rect.height / 2;
  const r = Math.min(rect.width - 380, rect.height - 180) / 2;
  for (let i = 0; i < 180; i++) {
    const a = (i / 180) * 2 * Math.PI;
    await page.mouse.click(cx + r * Math.cos(a), cy + r * Math.sin(a));
    const focus = param(page, 'focus');
    if (focus) return focus;
  }
  return null;
}

describe('agency page exchange section', () => {
  it("shows what the agency provides, consumes, its once-only trend and services asking for documents, as the API gives them", async () => {
    const agency = network.topProviders[0].agencyId;
    for (const [lang, viewport] of [['fa', WIDE], ['en', WIDE], ['fa', PHONE], ['en', PHONE]] as const) {
      const { page, errors } = await open(`/?page=agency&agency=${agency}&lang=${lang}`, viewport);
      const section = page.getByTestId('agency-exchange');
      await section.waitFor();
      const range = page.getByTestId('agency-exchange-range');
      const from = (await range.getAttribute('data-from'))!;
      const to = (await range.getAttribute('data-to'))!;
      expect(to).toBe(network.range.to);
      const mine = await api<AgencyExchangeResponse>(`/api/v1/exchange/agencies/${agency}?from=${from}&to=${to}`);
      await poll(() => page.getByTestId('agency-provided-row').count()).toBe(mine.provided.length);
      expect(mine.provided.length).toBeGreaterThan(0);
      expect(await page.getByTestId('agency-provided-row').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-service')}|${r.getAttribute('data-calls')}`))).toEqual(
        mine.provided.map((p) => `${p.dataService}|${p.calls}`),
      );
      expect(await page.getByTestId('agency-consumed-row').count()).toBe(mine.consumed.length);
      expect(await page.getByTestId('agency-asking-row').count()).toBe(mine.servicesAsking.length);
      await chartReady(page, 'agency-once-only-chart');
      expect(await section.getByTestId('once-only-rows').locator('tbody tr').count()).toBe(mine.onceOnly.length);
      expect(mine.onceOnly.length).toBe(12);
      const heading = await section.locator('h2').first().innerText();
      expect(heading).toBe(lang === 'fa' ? 'تبادل داده و یک‌بار پرسش' : 'Data exchange and once-only');
      if (lang === 'fa') expect(await page.getByTestId('agency-provided').innerText()).toMatch(/[۰-۹]/);
      expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
      await section.screenshot({ path: join(shots, `agency-section-${lang}-${viewport.width}.png`) });
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
