/**
 * The agency's own view in chromium against the real server: the demo agency user signs in from
 * the form and lands on its own agency's page in Persian, sees what it would take to improve and
 * how it compares with its sector's median, opens a dispute from the page and sees the marker;
 * the admin answers and resolves it from the annotations page; the agency sees the answer and the
 * marker is gone. Screenshots (fa/en, 1366 and 390 px) under .tmp/screens/agency-pages.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { AgencyImprovementsResponse, ScoreboardResponse, SectorMedianResponse } from '@hamgam/shared';
import { launchChromium } from '../support/browser.js';
import { DEMO_ACCOUNTS, repoRoot, type TestHamgam, startTestHamgam } from '../support/start-hamgam.js';

let t: TestHamgam;
let browser: Browser;
const shots = join(repoRoot, '.tmp/screens/agency-pages');
const WIDE = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const LOAD = { timeout: 30_000 };

beforeAll(async () => {
  t = await startTestHamgam({}, { pulled: true });
  browser = await launchChromium();
  mkdirSync(shots, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/** A fresh browser signed in through the sign-in form, as a person would. */
async function signIn(role: 'agency' | 'admin', viewport = WIDE, lang?: 'en'): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${t.hamgam.url}/${lang ? `?lang=${lang}` : ''}`);
  await page.getByTestId('sign-in').waitFor(LOAD);
  await page.getByTestId('sign-in-username').fill(DEMO_ACCOUNTS[role].username);
  await page.getByTestId('sign-in-password').fill(DEMO_ACCOUNTS[role].password);
  await page.getByTestId('sign-in-submit').click();
  return { page, errors };
}

async function waitForAgencyPage(page: Page): Promise<void> {
  await page.getByTestId('agency-index').waitFor(LOAD);
  await page.getByTestId('improvement').first().waitFor(LOAD);
  await page.getByTestId('sector-row').first().waitFor(LOAD);
  await page.getByTestId('agency-trend-row').first().waitFor({ ...LOAD, state: 'attached' });
  await page.getByTestId('annotations').waitFor(LOAD);
}

describe("the agency user's landing page", () => {
  it('lands on its own agency in Persian with the improvements and the sector median', async () => {
    const { page, errors } = await signIn('agency');
    await waitForAgencyPage(page);
    expect(new URL(page.url()).searchParams.get('page')).toBe('agency');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    const ncr = (await t.get<ScoreboardResponse>('/api/v1/scoreboard')).body.rows.find((r) => r.agencyId === 'ncr')!;
    expect(await page.getByTestId('agency-name').textContent()).toBe(ncr.nameFa);
    expect(await page.getByTestId('own-agency').isVisible()).toBe(true);

    // The lists are the server's, item for item.
    const api = (await t.as('agency').get<AgencyImprovementsResponse>('/api/v1/agencies/ncr/improvements')).body;
    for (const c of api.components) {
      const shown = await page.locator(`[data-testid="improvement"][data-kind="${c.kind}"] [data-testid="improvement-item"]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-service-id')));
      expect(shown, c.kind).toEqual(c.items.map((i) => i.serviceId));
    }
    const median = (await t.as('agency').get<SectorMedianResponse>('/api/v1/agencies/ncr/sector-median')).body;
    const rows = await page.getByTestId('sector-row').evaluateAll((els) => els.map((e) => [e.getAttribute('data-figure'), Number(e.getAttribute('data-agency'))]));
    expect(rows).toEqual([['index', median.agency.index], ...(['coverage', 'identity', 'exchange', 'reliability', 'experience'] as const).map((c) => [c, median.agency[c]])]);
    const national = await page.getByTestId('sector-row').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-national'))));
    expect(national[0]).toBe(median.national.median.index);
    // Persian digits, and no other agency named in the comparison.
    expect(await page.getByTestId('sector-median').textContent()).toMatch(/[۰-۹]/);
    // Its own feeds are on its page.
    await page.getByTestId('agency-feeds').waitFor(LOAD);
    await page.getByTestId('freshness-row').first().waitFor(LOAD);
    expect(await page.getByTestId('freshness-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-agency-id')))).toEqual(['ncr']);

    await page.screenshot({ path: join(shots, 'agency-fa-1366.png'), fullPage: true });
    // The scoreboard is still one click away.
    await page.getByTestId('nav-scoreboard').click();
    await page.getByTestId('scoreboard-row').first().waitFor(LOAD);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('reads the same in English, and fits a phone in both languages', async () => {
    for (const [lang, viewport] of [['en', WIDE], ['en', PHONE], ['fa', PHONE]] as const) {
      const { page, errors } = await signIn('agency', viewport, lang === 'en' ? 'en' : undefined);
      await waitForAgencyPage(page);
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      if (lang === 'en') expect(await page.getByTestId('improvements').textContent()).toContain('What it would take to improve');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${lang} ${viewport.width}`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(shots, `agency-${lang}-${viewport.width}.png`), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    }
  }, 180_000);
});

describe('a dispute from the page to the admin and back', () => {
  it('is opened by the agency, marked on its page and the scoreboard, answered and resolved by the admin', async () => {
    const text = 'قطعی برنامه‌ریزی‌شدهٔ سه‌شنبه از دو هفته پیش اعلام شده بود.';
    const { page: agency, errors } = await signIn('agency');
    await waitForAgencyPage(agency);
    await agency.getByTestId('annotation-figure').selectOption('reliability');
    await agency.getByTestId('annotation-kind').selectOption('dispute');
    await agency.getByTestId('annotation-text').fill(text);
    await agency.getByTestId('annotation-submit').click();
    await expect.poll(() => agency.getByTestId('annotation-outcome').textContent(), LOAD).toBe('ثبت شد.');
    const item = agency.locator('[data-testid="annotation"][data-status="open"][data-figure="reliability"]');
    await item.first().waitFor(LOAD);
    expect(await item.first().getByTestId('annotation-text-shown').textContent()).toBe(text);
    // The marker beside the disputed component on the agency's page.
    await agency.locator('[data-component="reliability"] [data-testid="dispute-marker"]').waitFor(LOAD);
    await agency.screenshot({ path: join(shots, 'dispute-open-fa-1366.png'), fullPage: true });

    // The scoreboard shows it beside ncr's reliability.
    await agency.goto(`${t.hamgam.url}/?page=scoreboard`);
    const row = agency.locator('[data-testid="scoreboard-row"][data-agency-id="ncr"]');
    await row.waitFor(LOAD);
    expect(await row.getAttribute('data-disputed')).toBe('reliability');
    expect(await row.getByTestId('dispute-marker').count()).toBe(1);
    await row.screenshot({ path: join(shots, 'dispute-scoreboard-row-fa-1366.png') });

    // The admin answers and resolves it from the annotations page.
    const { page: admin } = await signIn('admin');
    await admin.getByTestId('scoreboard-row').first().waitFor(LOAD); // an admin lands on the scoreboard
    await admin.goto(`${t.hamgam.url}/?page=annotations&status=open`);
    const open = admin.locator('[data-testid="annotation"][data-agency-id="ncr"][data-status="open"]');
    await open.first().waitFor(LOAD);
    await admin.screenshot({ path: join(shots, 'dispute-admin-fa-1366.png'), fullPage: true });
    await open.first().getByTestId('annotation-answer-text').fill('با بهره‌بردار بررسی شد؛ رقم همان است و قطعی ثبت شد.');
    await open.first().getByTestId('annotation-resolve').click();
    await admin.locator('[data-testid="annotation"][data-agency-id="ncr"]').first().waitFor(LOAD);
    await expect.poll(() => admin.locator('[data-testid="annotation"][data-agency-id="ncr"][data-status="open"]').count(), LOAD).toBe(0);
    await admin.goto(`${t.hamgam.url}/?page=annotations&lang=en`);
    await admin.locator('[data-testid="annotation"][data-status="resolved"]').first().waitFor(LOAD);
    await admin.screenshot({ path: join(shots, 'dispute-admin-en-1366.png'), fullPage: true });
    await admin.close();

    // The agency sees the answer, and the marker is gone.
    await agency.goto(`${t.hamgam.url}/?page=agency`);
    await waitForAgencyPage(agency);
    const resolved = agency.locator('[data-testid="annotation"][data-status="resolved"][data-figure="reliability"]');
    await resolved.first().waitFor(LOAD);
    expect(await resolved.first().getByTestId('annotation-answer').textContent()).toContain('رقم همان است');
    expect(await resolved.first().getByTestId('annotation-resolved').textContent()).toContain('admin');
    expect(await agency.locator('[data-component="reliability"] [data-testid="dispute-marker"]').count()).toBe(0);
    await agency.locator('[data-testid="annotation"]').first().scrollIntoViewIfNeeded();
    await agency.screenshot({ path: join(shots, 'dispute-resolved-fa-1366.png'), fullPage: true });
    await agency.goto(`${t.hamgam.url}/?page=scoreboard`);
    await row.waitFor(LOAD);
    expect(await row.getAttribute('data-disputed')).toBeNull();
    expect(errors).toEqual([]);
    await agency.close();
  }, 180_000);

  it('is withdrawn by the agency from its page, after a confirmation it can decline; the marker goes', async () => {
    const { page: agency, errors } = await signIn('agency');
    await waitForAgencyPage(agency);
    await agency.getByTestId('annotation-figure').selectOption('identity');
    await agency.getByTestId('annotation-kind').selectOption('dispute');
    await agency.getByTestId('annotation-text').fill('به اشتباه برای این هفته ثبت شد.');
    await agency.getByTestId('annotation-submit').click();
    const item = agency.locator('[data-testid="annotation"][data-figure="identity"]').first();
    await item.and(agency.locator('[data-status="open"]')).waitFor(LOAD);
    await agency.locator('[data-component="identity"] [data-testid="dispute-marker"]').waitFor(LOAD);

    // Asked first; "keep it" leaves it open.
    await item.getByTestId('annotation-withdraw').click();
    const confirm = item.getByTestId('annotation-withdraw-confirm');
    expect(await confirm.textContent()).toContain('این اعتراض پس گرفته شود؟');
    await item.screenshot({ path: join(shots, 'dispute-withdraw-confirm-fa-1366.png') });
    await item.getByTestId('annotation-withdraw-no').click();
    expect(await item.getByTestId('annotation-withdraw-confirm').count()).toBe(0);
    expect(await item.getAttribute('data-status')).toBe('open');

    await item.getByTestId('annotation-withdraw').click();
    await item.getByTestId('annotation-withdraw-yes').click();
    const withdrawn = agency.locator('[data-testid="annotation"][data-figure="identity"][data-status="withdrawn"]').first();
    await withdrawn.waitFor(LOAD);
    expect(await withdrawn.getByTestId('annotation-withdrawn').textContent()).toContain('ncr');
    expect(await withdrawn.getByTestId('annotation-withdraw').count()).toBe(0);
    await expect.poll(() => agency.locator('[data-component="identity"] [data-testid="dispute-marker"]').count(), LOAD).toBe(0);
    await withdrawn.scrollIntoViewIfNeeded();
    await agency.screenshot({ path: join(shots, 'dispute-withdrawn-fa-1366.png') });

    // The admin reads it as withdrawn, with nothing left to answer.
    const { page: admin } = await signIn('admin', undefined, 'en');
    await admin.getByTestId('scoreboard-row').first().waitFor(LOAD);
    await admin.goto(`${t.hamgam.url}/?page=annotations&lang=en`);
    const seen = admin.locator('[data-testid="annotation"][data-figure="identity"][data-status="withdrawn"]').first();
    await seen.waitFor(LOAD);
    expect(await seen.locator('.ann__status').textContent()).toBe('Withdrawn');
    expect(await seen.getByTestId('annotation-withdrawn').textContent()).toContain('Withdrawn by ncr');
    expect(await seen.getByTestId('annotation-answer-text').count()).toBe(0);
    await seen.screenshot({ path: join(shots, 'dispute-withdrawn-admin-en.png') });
    await admin.close();
    expect(errors).toEqual([]);
    await agency.close();
  }, 180_000);

  it('shows the dispute form and list on a phone, in both languages', async () => {
    for (const lang of ['fa', 'en'] as const) {
      const { page } = await signIn('agency', PHONE, lang === 'en' ? 'en' : undefined);
      await waitForAgencyPage(page);
      await page.getByTestId('annotations').scrollIntoViewIfNeeded();
      await page.getByTestId('annotations').screenshot({ path: join(shots, `dispute-${lang}-390.png`) });
      await page.close();
    }
  }, 120_000);
});
