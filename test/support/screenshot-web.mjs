#!/usr/bin/env node
/**
 * Dev script: serves web/dist with a fixture scoreboard and screenshots the dashboard in Persian
 * and English, on a laptop (1366×900) and a phone (390×844), plus the "no scoreboard yet" and
 * error states, into .tmp/screens/. Build first: `cd web && npx vite build`.
 *
 *   node test/support/screenshot-web.mjs
 *
 * Plain .mjs so Node 20 runs it without a TypeScript loader; the launch flags mirror
 * test/support/browser.ts (which this cannot import for the same reason).
 * Also prints checks a screenshot hides: Vazirmatn loaded, no sideways page overflow.
 */
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = join(root, 'web/dist');
const outDir = join(root, '.tmp/screens');
const csvPath = process.env.AGENCIES_CSV || '/work/shared/reference/agencies-iran.csv';

// ---- fixture -----------------------------------------------------------------------------

function parseCsv(text) {
  const rows = [];
  for (const line of text.split(/\r?\n/).filter(Boolean)) {
    const cells = [];
    let cur = '';
    let quoted = false;
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      else if (ch === ',' && !quoted) (cells.push(cur), (cur = ''));
      else cur += ch;
    }
    cells.push(cur);
    rows.push(cells);
  }
  const [head, ...body] = rows;
  return body.map((cells) => Object.fromEntries(head.map((h, i) => [h, cells[i] ?? ''])));
}

/** Deterministic pseudo-random numbers, so screenshots are comparable run to run. */
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

// 20 agencies: a mix of every status, the profile of a programme half way to its deadline.
const PLAN = [
  ['inta', 'joined'], ['ncr', 'joined'], ['sso', 'joined'], ['dpr', 'joined'], ['irica', 'on_track'],
  ['ict', 'on_track'], ['moi', 'on_track'], ['post', 'on_track'], ['mohme', 'on_track'], ['mefa', 'lagging'],
  ['moe', 'lagging'], ['mrud', 'lagging'], ['mcls', 'lagging'], ['maj', 'lagging'], ['mimt', 'not_started'],
  ['msy', 'not_started'], ['mchth', 'not_started'], ['mop', 'silent'], ['moj', 'silent'], ['msrt', 'on_track'],
];
const RANGE = { joined: [82, 96], on_track: [58, 80], lagging: [28, 55], not_started: [6, 22], silent: [0, 0] };
const WEIGHTS = { coverage: 35, identity: 15, exchange: 20, reliability: 15, experience: 15 };

function fixture() {
  const agencies = new Map(parseCsv(readFileSync(csvPath, 'utf8')).map((a) => [a.id, a]));
  const rand = rng(1405);
  const rows = PLAN.map(([id, status]) => {
    const a = agencies.get(id);
    if (!a) throw new Error(`agency ${id} not in ${csvPath}`);
    const [lo, hi] = RANGE[status];
    const target = lo + (hi - lo) * rand();
    const components = {};
    for (const c of Object.keys(WEIGHTS)) {
      components[c] = status === 'silent' ? 0 : Math.round(Math.min(100, Math.max(0, target + (rand() - 0.5) * 30)) * 10) / 10;
    }
    if (status === 'joined') components.coverage = 100;
    if (status === 'not_started') (components.coverage = 0), (components.identity = 0);
    // Fixture only: the real index comes from the server's methodology, never from the web.
    const index = Math.round(Object.entries(WEIGHTS).reduce((s, [c, w]) => s + components[c] * w, 0) / 100 * 10) / 10;
    const servicesTotal = 4 + Math.floor(rand() * 18);
    const servicesLive = status === 'joined' ? servicesTotal : status === 'not_started' || status === 'silent' ? 0 : Math.round(servicesTotal * components.coverage / 100);
    return {
      agencyId: a.id, nameFa: a.name_fa, nameEn: a.name_en, kind: a.kind, sector: a.sector,
      rank: 0, index, status, components, expectedCoverage: 55, servicesLive, servicesTotal,
    };
  });
  rows.sort((x, y) => y.index - x.index || x.agencyId.localeCompare(y.agencyId));
  rows.forEach((r, i) => (r.rank = i + 1));
  const count = (s) => rows.filter((r) => r.status === s).length;
  const end = '2026-11-27'; // a Friday: weeks are named by their last day
  const day = new Date(`${end}T00:00:00Z`);
  const fa = new Intl.DateTimeFormat('fa-IR-u-ca-persian', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(day);
  const en = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(day);
  return {
    week: { start: '2026-11-21', end, labelFa: `هفته منتهی به ${fa}`, labelEn: `Week ending ${en}` },
    methodologyVersion: 'v1',
    computedAt: '2026-11-28T02:30:00Z',
    summary: { joined: count('joined'), onTrack: count('on_track'), lagging: count('lagging'), notStarted: count('not_started'), silent: count('silent') },
    rows,
  };
}

// ---- server ------------------------------------------------------------------------------

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.woff2': 'font/woff2', '.woff': 'font/woff', '.svg': 'image/svg+xml', '.json': 'application/json' };
let apiMode = 'ok'; // 'ok' | 'none' (404: no snapshot yet) | 'error' (500)
const body = JSON.stringify(fixture());

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/api/v1/scoreboard') {
    const [status, payload] =
      apiMode === 'ok' ? [200, body]
      : apiMode === 'none' ? [404, JSON.stringify({ statusCode: 404, message: 'No scoreboard snapshot yet' })]
      : [500, JSON.stringify({ statusCode: 500, message: 'Internal server error' })];
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    return res.end(payload);
  }
  let file = normalize(join(dist, decodeURIComponent(url.pathname)));
  if (!file.startsWith(dist)) return res.writeHead(403).end();
  try {
    if (!statSync(file).isFile()) file = join(dist, 'index.html');
  } catch {
    file = join(dist, 'index.html'); // single-page app: unknown paths get the shell
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
});

// ---- screenshots -------------------------------------------------------------------------

async function main() {
  statSync(join(dist, 'index.html')); // fail early with ENOENT when the web is not built
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${server.address().port}`;
  mkdirSync(outDir, { recursive: true });

  const home = mkdtempSync(join(tmpdir(), 'hamgam-chromium-'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    env: { ...process.env, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache') },
  });
  const problems = [];
  try {
    const shots = [
      { name: 'fa-1366', lang: 'fa', width: 1366, height: 900 },
      { name: 'en-1366', lang: 'en', width: 1366, height: 900 },
      { name: 'fa-390', lang: 'fa', width: 390, height: 844, mobile: true },
      { name: 'en-390', lang: 'en', width: 390, height: 844, mobile: true },
      { name: 'fa-390-no-snapshot', lang: 'fa', width: 390, height: 844, mobile: true, mode: 'none' },
      { name: 'en-1366-error', lang: 'en', width: 1366, height: 900, mode: 'error' },
    ];
    for (const shot of shots) {
      apiMode = shot.mode ?? 'ok';
      const context = await browser.newContext({
        viewport: { width: shot.width, height: shot.height },
        deviceScaleFactor: shot.mobile ? 2 : 1,
        isMobile: !!shot.mobile,
        hasTouch: !!shot.mobile,
      });
      const page = await context.newPage();
      page.on('console', (m) => {
        // The browser logs the 404/500 the error-state shots ask for; anything else is a problem.
        if (m.type() === 'error' && !(shot.mode && m.text().startsWith('Failed to load resource'))) problems.push(`${shot.name}: console: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`${shot.name}: page error: ${e.message}`));
      await page.goto(`${base}/${shot.lang === 'en' ? '?lang=en' : ''}`);
      if (apiMode === 'ok') {
        await page.waitForSelector('[data-testid="scoreboard-chart"][data-ready="true"]');
        await page.waitForSelector('[data-testid="scoreboard-row"]');
      } else {
        await page.waitForSelector(apiMode === 'none' ? '[data-testid="scoreboard-empty"]' : '[data-testid="scoreboard-error"]');
      }
      await page.evaluate(() => document.fonts.ready);
      await page.waitForTimeout(300);
      const check = await page.evaluate(() => ({
        vazirmatn: document.fonts.check('16px Vazirmatn', 'همگام'),
        dir: document.documentElement.dir,
        lang: document.documentElement.lang,
        overflow: document.documentElement.scrollWidth - window.innerWidth,
      }));
      console.log(`${shot.name}: ${JSON.stringify(check)}`);
      if (!check.vazirmatn) problems.push(`${shot.name}: Vazirmatn not loaded`);
      if (check.overflow > 0) problems.push(`${shot.name}: page overflows sideways by ${check.overflow}px`);
      if (check.dir !== (shot.lang === 'fa' ? 'rtl' : 'ltr')) problems.push(`${shot.name}: dir=${check.dir}`);
      await page.screenshot({ path: join(outDir, `${shot.name}.png`), fullPage: true });
      if (shot.mobile && apiMode === 'ok') {
        // A full phone page is too tall to read at once: also the first screen and each panel.
        await page.screenshot({ path: join(outDir, `${shot.name}-top.png`) });
        const panels = page.locator('section.panel');
        for (let i = 0; i < (await panels.count()); i++) {
          await panels.nth(i).screenshot({ path: join(outDir, `${shot.name}-panel${i + 1}.png`) });
        }
        // The table scrolled to its far end: rank and name must stay pinned.
        await page.evaluate(() => {
          const region = document.querySelector('.table-scroll');
          region.scrollBy({ left: document.documentElement.dir === 'rtl' ? -2000 : 2000 });
        });
        await page.locator('.table-scroll').screenshot({ path: join(outDir, `${shot.name}-table-scrolled.png`) });
      }
      if (shot.name === 'fa-1366') {
        // The chart's tooltip, over the first bar.
        const chart = page.locator('[data-testid="scoreboard-chart"]');
        await chart.scrollIntoViewIfNeeded();
        const box = await chart.boundingBox();
        await page.mouse.move(box.x + box.width * 0.5, box.y + 200, { steps: 5 });
        await page.mouse.move(box.x + box.width * 0.5, box.y + 204, { steps: 5 });
        await page.waitForTimeout(400);
        await chart.screenshot({ path: join(outDir, 'fa-1366-chart-tooltip.png') });
      }
      await context.close();
    }

    // The language toggle: keyboard-reachable, switches in place, keeps the state in the URL.
    apiMode = 'ok';
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.waitForSelector('[data-testid="scoreboard-chart"][data-ready="true"]');
    await page.keyboard.press('Tab'); // skip link
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    const named = await page.getByRole('button', { name: /English/i }).count();
    if (named !== 1) problems.push(`toggle: ${named} buttons named English`);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.documentElement.dir === 'ltr');
    await page.waitForSelector('[data-testid="scoreboard-chart"][data-ready="true"]');
    const after = await page.evaluate(() => ({
      url: location.search,
      lang: document.documentElement.lang,
      week: document.querySelector('[data-testid="week-label"]')?.textContent,
      firstRow: document.querySelector('[data-testid="scoreboard-row"] th')?.textContent,
    }));
    console.log(`toggle: focused=${focused} ${JSON.stringify(after)}`);
    if (focused !== 'lang-toggle') problems.push(`toggle: second Tab focused ${focused}, not the language toggle`);
    if (after.url !== '?lang=en' || after.lang !== 'en' || !/^Week ending/.test(after.week ?? '')) problems.push(`toggle: did not switch to English: ${JSON.stringify(after)}`);
    await page.goBack();
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    await context.close();
  } finally {
    await browser.close();
    server.close();
    rmSync(home, { recursive: true, force: true });
  }
  console.log(`screenshots in ${outDir}/`);
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  server.close();
  process.exit(1);
});
