#!/usr/bin/env node
/**
 * Dev script: screenshots the accounts pages of a running Hamgam (demo mode) in Persian and
 * English at 1366×900 and 390×844 into .tmp/screens-accounts/: the masthead of each demo role,
 * the admin page (with a refused form and an open edit row), and the tokens page with a new
 * token's secret. Prints any sideways page overflow, which a screenshot can hide.
 *
 *   PORT=3917 HAMGAM_DATA_DIR=$(mktemp -d) node server/dist/main.js &
 *   HAMGAM_URL=http://127.0.0.1:3917 node test/support/screenshot-accounts.mjs
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = join(root, '.tmp/screens-accounts');
const base = process.env.HAMGAM_URL ?? 'http://127.0.0.1:3000';
const ACCOUNTS = {
  minister: 'minister-demo-1405',
  analyst: 'analyst-demo-1405',
  ncr: 'ncr-demo-1405',
  admin: 'admin-demo-1405',
};
const VIEWPORTS = { desktop: { width: 1366, height: 900 }, phone: { width: 390, height: 844 } };

async function cookieOf(username) {
  const res = await fetch(`${base}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: ACCOUNTS[username] }) });
  if (res.status !== 200) throw new Error(`sign-in ${username}: ${res.status}`);
  const [name, value] = /hamgam_session=[^;]+/.exec(res.headers.get('set-cookie'))[0].split('=');
  return { name, value, url: base, httpOnly: true, sameSite: 'Lax' };
}

async function overflow(page, label) {
  const o = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  if (o.scroll > o.client) console.log(`OVERFLOW ${label}: ${o.scroll} > ${o.client}`);
}

mkdirSync(outDir, { recursive: true });
const home = mkdtempSync(join(tmpdir(), 'hamgam-shots-'));
const browser = await chromium.launch({
  headless: true,
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  env: { ...process.env, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache') },
});
try {
  for (const [vpName, viewport] of Object.entries(VIEWPORTS)) {
    for (const lang of ['fa', 'en']) {
      const q = lang === 'en' ? '&lang=en' : '';
      for (const username of Object.keys(ACCOUNTS)) {
        const context = await browser.newContext({ viewport });
        await context.addCookies([await cookieOf(username)]);
        const page = await context.newPage();
        await page.goto(`${base}/?x=1${q}`);
        await page.getByTestId('account-name').waitFor();
        if (username === 'ncr') await page.waitForFunction(() => !/^[a-z]+$/.test(document.querySelector('[data-testid="account-agency"]')?.textContent ?? ''));
        await page.evaluate(() => document.fonts.ready);
        await overflow(page, `header ${username} ${lang} ${vpName}`);
        await page.locator('.masthead').screenshot({ path: join(outDir, `header-${username}-${lang}-${vpName}.png`) });
        if (username === 'minister') {
          await page.goto(`${base}/?page=pipelines${q}`);
          await page.getByTestId('not-for-role').waitFor();
          await page.screenshot({ path: join(outDir, `denied-${lang}-${vpName}.png`) });
        }
        if (username === 'admin') {
          await page.goto(`${base}/?page=admin${q}`);
          await page.getByTestId('users-table').waitFor();
          await page.getByTestId('audit-table').waitFor();
          await overflow(page, `admin ${lang} ${vpName}`);
          await page.screenshot({ path: join(outDir, `admin-${lang}-${vpName}.png`), fullPage: true });
          await page.getByTestId('user-username').fill('new.user');
          await page.getByTestId('user-password').fill('short');
          await page.getByTestId('user-create').click();
          await page.getByTestId('user-error').waitFor();
          await page.getByTestId('user-edit').first().click();
          await overflow(page, `admin edit ${lang} ${vpName}`);
          await page.screenshot({ path: join(outDir, `admin-forms-${lang}-${vpName}.png`), fullPage: true });
          // Each part on its own, at full resolution (the audit log's first screenful).
          const panels = page.locator('main section.panel');
          for (const [i, part] of ['users', 'create', 'audit'].entries()) {
            const box = await panels.nth(i).boundingBox();
            await page.screenshot({ path: join(outDir, `admin-part-${part}-${lang}-${vpName}.png`), fullPage: true, clip: { x: 0, y: box.y - 8, width: viewport.width, height: Math.min(box.height + 16, 1100) } });
          }
        }
        if (username === 'analyst') {
          await page.goto(`${base}/?page=tokens${q}`);
          await page.getByTestId('token-form').waitFor();
          await page.getByTestId('token-name').fill(`notebook ${lang} ${vpName}`);
          await page.getByTestId('token-create').click();
          await page.getByTestId('token-secret-panel').waitFor();
          await page.getByTestId('token-row').first().waitFor();
          await overflow(page, `tokens ${lang} ${vpName}`);
          await page.screenshot({ path: join(outDir, `tokens-${lang}-${vpName}.png`), fullPage: true });
        }
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
  rmSync(home, { recursive: true, force: true });
}
console.log(`screenshots in ${outDir}`);
