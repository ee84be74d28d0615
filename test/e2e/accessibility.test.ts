/**
 * Every page of the dashboard, in Persian on a laptop and in English on a phone, scanned by
 * axe-core in Debian's chromium over the real server and simulator data: no WCAG 2.1 A/AA
 * violation. A violation fails with its rule, its help text and the elements it found, so the
 * failure says what to fix.
 */
import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { signInBrowser, startTestHamgam, type TestHamgam } from '../support/start-hamgam.js';

let t: TestHamgam;
let browser: Browser;

const WIDE = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

/** Each page with the role that uses it (the pipelines page is the operators'). */
const PAGES: { name: string; path: string; role: string }[] = [
  { name: 'scoreboard', path: '/', role: 'minister' },
  { name: 'trend', path: '/?page=trend', role: 'minister' },
  { name: 'agency', path: '/?page=agency&agency=ncr', role: 'minister' },
  { name: 'exchange', path: '/?page=exchange', role: 'minister' },
  { name: 'report', path: '/?page=report', role: 'minister' },
  { name: 'pipelines', path: '/?page=pipelines', role: 'admin' },
  { name: 'admin', path: '/?page=admin', role: 'admin' },
  { name: 'tokens', path: '/?page=tokens', role: 'analyst' },
  { name: 'annotations', path: '/?page=annotations', role: 'admin' },
  { name: 'own agency', path: '/?page=agency', role: 'agency' },
  { name: 'workbench', path: '/?page=workbench', role: 'analyst' },
];

beforeAll(async () => {
  t = await startTestHamgam({}, { pulled: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function violations(path: string, role: string, viewport: typeof WIDE): Promise<string[]> {
  const context = await browser.newContext({ viewport });
  try {
    await signInBrowser(context, t, role);
    const page = await context.newPage();
    await page.goto(`${t.hamgam.url}${path}`);
    // Scanned once the page has its data: a page still loading has little to check.
    await page.locator('main#main:not([aria-busy="true"])').waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    await page.evaluate(() => document.fonts.ready);
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  } finally {
    await context.close();
  }
}

describe('accessibility (axe, WCAG 2.1 AA)', () => {
  for (const { name, path, role } of PAGES) {
    // Persian on a laptop and English on a phone: both languages and both layouts, at half the
    // cost of all four (a scan of a full page takes seconds on two cores).
    it(`${name}: Persian on a laptop, English on a phone`, async () => {
      const found: string[] = [];
      for (const [lang, size, viewport] of [['fa', 'wide', WIDE], ['en', 'phone', PHONE]] as const) {
        const url = `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
        for (const v of await violations(url, role, viewport)) found.push(`${lang} ${size}: ${v}`);
      }
      expect(found).toEqual([]);
    }, 180_000);
  }
});
