/**
 * The analyst workbench in Debian's chromium over the real server, its sandbox workers and data the
 * real pipelines pulled from the simulator, signed in as the demo analyst: SQL typed into the editor
 * and run with Ctrl+Enter shows the rows the JSON API gives for the same SQL; completion offers the
 * dictionary's tables; with several statements in the editor, the one under the cursor (or the
 * selection) runs and a refusal is marked where it is in the editor; cells are selected and copied
 * as tab-separated raw values; a 100,000-row result scrolls with only a few dozen rows in the DOM and says
 * it was truncated; refusals show the API's sentence and mark the position in the editor; a long
 * query is cancelled; the chart paints in every kind; a saved query survives a reload and is opened,
 * updated and deleted; history loads into the editor; exports download; an agency user gets no
 * workbench. Screenshots (fa/en, 1366×900 and 390×844) under .tmp/screens/workbench-page.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { QueryError, QueryHistoryResponse, QueryResult, QuerySchemaResponse, SavedQueriesResponse } from '@hamgam/shared';
import { launchChromium } from '../support/browser.js';
import { repoRoot, signInBrowser, startTestHamgam, type TestHamgam } from '../support/start-hamgam.js';

// A long query must still be running when the test cancels it; nothing here waits for a timeout.
process.env.HAMGAM_QUERY_TIMEOUT_MS = '60000';

let t: TestHamgam;
let browser: Browser;

const shots = join(repoRoot, '.tmp/screens/workbench-page');
const WIDE = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
/** The page's first answers: its lazy chunk (CodeMirror, apache-arrow) and the sandbox, on two busy cores. */
const LOAD = { timeout: 30_000 };
const poll = <T,>(fn: () => T | Promise<T>, timeout = 30_000) => expect.poll(fn, { timeout });
const SLOW = 'select count(*) from range(1000000000) a, range(1000) b';
const SECTORS = `select sector, count(*) as agencies, min(name_fa) as first_fa, max(deadline) as latest_deadline, avg(length(name_en))::double as mean_name
from agency
group by sector
order by sector`;

const query = (sql: string, rowLimit?: number) => t.as('analyst').send<QueryResult & QueryError>('POST', '/api/v1/query', { sql, ...(rowLimit && { rowLimit }) });

/** A signed-in page; failed requests the page makes on purpose (refusals: 400, a cancel: 409) are not errors. */
async function open(path: string, { viewport = WIDE, role = 'analyst' } = {}): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  await signInBrowser(page.context(), t, role);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of (400|409)/.test(m.text())) errors.push(m.text());
  });
  await page.goto(`${t.hamgam.url}${path}`);
  return { page, errors };
}

async function openWorkbench(params = '', options: { viewport?: { width: number; height: number }; role?: string } = {}) {
  const opened = await open(`/?page=workbench${params}`, options);
  await opened.page.locator('[data-testid="sql-editor"] .cm-content').waitFor(LOAD);
  return opened;
}

/** Replaces the editor's text, as pasting does. */
async function setSql(page: Page, sql: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(sql);
}

const editorText = (page: Page) => page.locator('.cm-content').evaluate((el) => [...el.querySelectorAll('.cm-line')].map((l) => l.textContent).join('\n'));

async function runWithKeys(page: Page, sql: string): Promise<void> {
  await setSql(page, sql);
  await page.keyboard.press('Control+Enter');
}

/** Every rendered row's cells as the raw values behind them (data-value). */
const gridRows = (page: Page) =>
  page.getByTestId('result-row').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('[role="gridcell"]')].map((c) => c.getAttribute('data-value'))));

/** JSON values as the grid's raw text: NULL as '', everything else as its string. */
const rawOf = (v: unknown) => (v === null ? '' : String(v));

async function chartPainted(page: Page): Promise<boolean> {
  await page.locator('[data-testid="result-chart"][data-ready="true"]').waitFor(LOAD);
  return page.locator('[data-testid="result-chart"] canvas').first().evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < d.length; i += 4 * 7) if (d[i] !== 0) return true;
    return false;
  });
}

const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

beforeAll(async () => {
  t = await startTestHamgam({}, { pulled: true });
  browser = await launchChromium();
  mkdirSync(shots, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('running SQL', () => {
  it('runs typed SQL with Ctrl+Enter and shows the rows and types the JSON API gives for it', async () => {
    const json = await query(SECTORS);
    expect(json.status).toBe(200);
    expect(json.body.rowCount).toBeGreaterThan(5);
    expect(json.body.rowCount).toBeLessThan(25); // all of them fit in the rendered window

    const { page, errors } = await openWorkbench('&lang=en');
    await runWithKeys(page, SECTORS);
    await page.getByTestId('result-grid').waitFor(LOAD);
    expect(await page.getByTestId('result-grid').getAttribute('data-row-count')).toBe(String(json.body.rowCount));
    expect(await gridRows(page)).toEqual(json.body.rows.map((r) => r.map(rawOf)));
    // Each header names the column and the DuckDB type the API reports.
    const headers = await page.getByTestId('result-column').evaluateAll((hs) => hs.map((h) => [h.querySelector('.result-grid__name')!.textContent, h.getAttribute('data-type')]));
    expect(headers).toEqual(json.body.columns.map((c) => [c.name, c.type]));
    expect(await page.getByTestId('result-summary').textContent()).toContain(`${json.body.rowCount} rows, 5 columns`);
    await expect(page.getByTestId('result-truncated').count()).resolves.toBe(0);
    // Persian text runs right to left in its cell even on the English page; numbers are formatted.
    const persian = page.locator('[data-testid="result-row"] [role="gridcell"]:nth-child(4) span').first();
    expect(await persian.evaluate((el) => el.matches(':dir(rtl)'))).toBe(true);
    const english = page.locator('[data-testid="result-row"] [role="gridcell"]:nth-child(2) span').first();
    expect(await english.evaluate((el) => el.matches(':dir(ltr)'))).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('formats numbers and dates in Persian: Persian digits and the Solar Hijri calendar', async () => {
    const { page, errors } = await openWorkbench();
    await runWithKeys(page, "select 1234567::bigint as n, date '2026-03-21' as day, 'وزارت کشور' as name");
    await page.getByTestId('result-row').first().waitFor(LOAD);
    const cells = await page.locator('[data-testid="result-row"] [role="gridcell"]').allTextContents();
    expect(cells).toEqual(['۱٬۲۳۴٬۵۶۷', '۱ فروردین ۱۴۰۵', 'وزارت کشور']);
    expect(await page.locator('[data-testid="result-row"] [role="gridcell"]').evaluateAll((cs) => cs.map((c) => c.getAttribute('data-value')))).toEqual([
      '1234567',
      '2026-03-21',
      'وزارت کشور',
    ]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('completes table names from the data dictionary', async () => {
    const schema = (await t.as('analyst').get<QuerySchemaResponse>('/api/v1/query/schema')).body;
    const { page, errors } = await openWorkbench('&lang=en');
    // The dictionary panel: every table and column of the schema, each with its description.
    await page.getByTestId('dictionary-table').first().waitFor(LOAD);
    const described = await page.getByTestId('dictionary-column').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-column'), r.querySelector('td:last-child')!.textContent]));
    expect(described).toEqual(schema.tables.flatMap((tb) => tb.columns.map((c) => [`${tb.name}.${c.name}`, c.descriptionEn])));
    expect(described.length).toBeGreaterThan(40);
    await setSql(page, 'select * from service_d');
    await page.keyboard.press('Control+Space');
    const option = page.locator('.cm-tooltip-autocomplete li', { hasText: 'service_daily' }).first();
    await option.waitFor(LOAD);
    expect(await page.locator('.cm-tooltip-autocomplete li[aria-selected]').textContent()).toContain('service_daily');
    // CodeMirror ignores Enter for a moment after the list opens (its interactionDelay), against accidental picks.
    await page.waitForTimeout(300);
    await page.keyboard.press('Enter');
    expect(await editorText(page)).toBe('select * from service_daily');
    // Columns after the table's name and a dot.
    await page.keyboard.insertText(' s where s.');
    await page.keyboard.press('Control+Space');
    const columns = schema.tables.find((tb) => tb.name === 'service_daily')!.columns.map((c) => c.name);
    await page.locator('.cm-tooltip-autocomplete li').first().waitFor(LOAD);
    const offered = await page.locator('.cm-tooltip-autocomplete li .cm-completionLabel').allTextContents();
    expect(offered.sort()).toEqual([...columns].sort());
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sorts the rows by a column with a click on its header: ascending, descending, then as the query gave them', async () => {
    const { page, errors } = await openWorkbench();
    await runWithKeys(page, "select * from (values (3, 'تهران'), (1, 'البرز'), (null, 'گیلان'), (2, 'پارس'), (5, 'بوشهر')) t(n, province)");
    await page.getByTestId('result-row').first().waitFor(LOAD);
    const column = (i: number) => gridRows(page).then((rows) => rows.map((r) => r[i]));
    const headers = page.getByTestId('result-column');
    const sortButtons = page.getByTestId('result-sort');
    expect(await column(0)).toEqual(['3', '1', '', '2', '5']);
    await sortButtons.nth(0).click();
    expect(await headers.nth(0).getAttribute('aria-sort')).toBe('ascending');
    expect(await column(0)).toEqual(['1', '2', '3', '5', '']);
    await sortButtons.nth(0).click();
    expect(await headers.nth(0).getAttribute('aria-sort')).toBe('descending');
    // NULL stays last either way.
    expect(await column(0)).toEqual(['5', '3', '2', '1', '']);
    await sortButtons.nth(0).click();
    expect(await headers.nth(0).getAttribute('aria-sort')).toBe('none');
    expect(await column(0)).toEqual(['3', '1', '', '2', '5']);
    // Persian names in Persian alphabetical order (پ after ب, گ after ت), not by code point.
    await sortButtons.nth(1).click();
    expect(await column(1)).toEqual(['البرز', 'بوشهر', 'پارس', 'تهران', 'گیلان']);
    expect(await headers.nth(0).getAttribute('aria-sort')).toBe('none');
    // The keyboard reaches it too.
    await sortButtons.nth(1).focus();
    await page.keyboard.press('Enter');
    expect(await headers.nth(1).getAttribute('aria-sort')).toBe('descending');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('resizes a column by dragging its edge, by the arrow keys, and back to its own width with a double click', async () => {
    for (const lang of ['en', 'fa'] as const) {
      const { page, errors } = await openWorkbench(`&lang=${lang}`);
      await runWithKeys(page, "select 1 as n, 'خدمت ثبت‌نام' as service");
      await page.getByTestId('result-row').first().waitFor(LOAD);
      const header = page.getByTestId('result-column').nth(1);
      const cell = page.locator('[data-testid="result-row"] [role="gridcell"]').nth(1);
      const before = (await header.boundingBox())!.width;
      const edge = (await page.getByTestId('result-resize').nth(1).boundingBox())!;
      // Outward is right in English, left in Persian (the column's inline end).
      const outward = lang === 'en' ? 120 : -120;
      await page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2);
      await page.mouse.down();
      await page.mouse.move(edge.x + edge.width / 2 + outward / 2, edge.y + edge.height / 2);
      await page.mouse.move(edge.x + edge.width / 2 + outward, edge.y + edge.height / 2);
      await page.mouse.up();
      const dragged = (await header.boundingBox())!.width;
      expect(Math.round(dragged - before)).toBe(120);
      // The body's cells follow the header.
      expect(Math.round((await cell.boundingBox())!.width)).toBe(Math.round(dragged));
      await page.getByTestId('result-resize').nth(1).focus();
      await page.keyboard.press(lang === 'en' ? 'ArrowLeft' : 'ArrowRight');
      expect(Math.round((await header.boundingBox())!.width - dragged)).toBe(-16);
      expect(Number(await page.getByTestId('result-resize').nth(1).getAttribute('aria-valuenow'))).toBe(Math.round(dragged - 16));
      await page.getByTestId('result-resize').nth(1).dblclick();
      expect(Math.round((await header.boundingBox())!.width)).toBe(Math.round(before));
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it('selects cells by click, Shift, drag, row number and keys, and copies their raw values as tab-separated text', async () => {
    const { page, errors } = await openWorkbench('&lang=fa');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.hamgam.url });
    await runWithKeys(page, "select * from (values (3, 'تهران', date '2026-03-21'), (1, 'البرز', null), (2, 'a' || chr(9) || 'b', date '2026-03-22')) t(n, province, day)");
    await page.getByTestId('result-row').first().waitFor(LOAD);
    const cell = (row: number, column: number) => page.locator(`[data-testid="result-row"][data-row="${row}"] [data-column="${column}"]`);
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    const selected = () => page.locator('[role="gridcell"][aria-selected="true"]').count();

    // A click, then Shift+click: the rectangle between them, whichever way.
    await cell(1, 2).click();
    await cell(0, 0).click({ modifiers: ['Shift'] });
    await poll(selected).toBe(6);
    await poll(() => page.getByTestId('grid-selection').textContent()).toBe('۲ سطر × ۳ ستون برگزیده');
    await page.keyboard.press('Control+C');
    // Raw values, not the Persian display: Latin digits and ISO dates a spreadsheet reads; NULL empty.
    await poll(clipboard).toBe('3\tتهران\t2026-03-21\n1\tالبرز\t');
    // The page says so once the clipboard has taken it.
    await poll(() => page.getByTestId('grid-copied').textContent()).toBe('۶ خانه در حافظه‌ی موقت رونوشت شد.');

    // A row's number takes the whole row; the button adds the names, and a tab inside a value is quoted.
    await page.getByTestId('result-row-number').nth(2).click();
    await poll(selected).toBe(3);
    await page.getByTestId('grid-copy-names').click();
    await poll(clipboard).toBe('n\tprovince\tday\n2\t"a\tb"\t2026-03-22');

    // The keyboard: in Persian the next column is to the left.
    await cell(0, 0).click();
    await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Control+C');
    await poll(clipboard).toBe('3\tتهران\n1\tالبرز');
    await page.keyboard.press('ArrowDown');
    await poll(() => cell(2, 1).getAttribute('aria-selected')).toBe('true');
    await poll(selected).toBe(1);
    await page.keyboard.press('Control+A');
    await poll(selected).toBe(9);
    await page.keyboard.press('Escape');
    await poll(selected).toBe(0);

    // A drag from one cell to another.
    const from = (await cell(0, 2).boundingBox())!;
    const to = (await cell(2, 1).boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 5 });
    await page.mouse.up();
    await poll(selected).toBe(6);
    await page.getByTestId('grid-copy-values').click();
    await poll(clipboard).toBe('تهران\t2026-03-21\nالبرز\t\n"a\tb"\t2026-03-22');

    // Sorting puts other values under the cells: the selection goes.
    await page.getByTestId('result-sort').nth(0).click();
    await poll(selected).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows one selected cell whole, with its line breaks and raw value, and an EXPLAIN\'s plan at once', async () => {
    const { page, errors } = await openWorkbench('&lang=fa');
    await runWithKeys(page, "select 1234567 as n, 'سطر یکم' || chr(10) || 'سطر دوم' as note");
    await page.getByTestId('result-row').first().waitFor(LOAD);
    expect(await page.getByTestId('cell-value').count()).toBe(0);
    const cell = (row: number, column: number) => page.locator(`[data-testid="result-row"][data-row="${row}"] [data-column="${column}"]`);
    await cell(0, 1).click();
    // The grid shows one line; the viewer, both.
    await poll(() => page.getByTestId('cell-value-text').textContent()).toBe('سطر یکم\nسطر دوم');
    await cell(0, 0).click();
    await poll(() => page.getByTestId('cell-value-text').textContent()).toBe('۱٬۲۳۴٬۵۶۷');
    expect(await page.getByTestId('cell-value-raw').textContent()).toBe('1234567');
    // Two cells selected: no single value to show.
    await cell(0, 1).click({ modifiers: ['Shift'] });
    await poll(() => page.getByTestId('cell-value').count()).toBe(0);

    const explain = await query('explain select sector, count(*) from agency group by sector');
    expect(explain.status).toBe(200);
    await runWithKeys(page, 'explain select sector, count(*) from agency group by sector');
    const plan = page.getByTestId('cell-value-text');
    await poll(() => plan.textContent()).toBe(String(explain.body.rows![0][1]));
    expect(await plan.textContent()).toContain('HASH_GROUP_BY');
    expect((await plan.textContent())!.split('\n').length).toBeGreaterThan(5);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('scrolls a 100,000-row result with only the rows in view in the DOM, and flags the row cap', async () => {
    const { page, errors } = await openWorkbench('&lang=en');
    await page.getByTestId('row-limit').selectOption('100000');
    expect(new URL(page.url()).searchParams.get('limit')).toBe('100000');
    await setSql(page, "select range as n, range % 7 as weekday, 'ردیف ' || range as label from range(100005)");
    await page.getByTestId('run-query').click();
    const grid = page.getByTestId('result-grid');
    await grid.waitFor(LOAD);
    expect(await grid.getAttribute('data-row-count')).toBe('100000');
    // The cap is said twice: a badge by the count and a sentence naming the limit.
    await page.getByTestId('result-truncated-badge').waitFor();
    expect(await page.getByTestId('result-truncated').textContent()).toContain('only the first 100,000 rows');
    const inDom = () => page.getByTestId('result-row').count();
    expect(await inDom()).toBeLessThan(100);
    expect(await grid.getAttribute('aria-rowcount')).toBe('100001');

    await grid.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.locator('[data-testid="result-row"][data-row="99999"]').waitFor(LOAD);
    expect(await page.locator('[data-testid="result-row"][data-row="99999"] [role="gridcell"]').first().getAttribute('data-value')).toBe('99999');
    expect(await inDom()).toBeLessThan(100);

    await grid.evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
    await page.locator('[data-testid="result-row"][data-row="50000"]').waitFor(LOAD);
    const middle = await page.locator('[data-testid="result-row"][data-row="50000"] [role="gridcell"]').evaluateAll((cs) => cs.map((c) => c.getAttribute('data-value')));
    expect(middle).toEqual(['50000', String(50000 % 7), 'ردیف 50000']);
    expect(await inDom()).toBeLessThan(100);
    expect(await page.locator('[data-testid="result-row"][data-row="0"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('refusals and cancelling', () => {
  it('runs the statement under the cursor, or the selection, when the editor holds several, and marks a refusal where it is in the editor', async () => {
    const { page, errors } = await openWorkbench('&lang=fa');
    const summary = page.getByTestId('result-summary');
    const firstRow = () => gridRows(page).then((rows) => rows[0]);
    // The cursor ends on the third statement: that one runs, and the page says which of how many.
    await runWithKeys(page, "select 1 as first;\nselect 'دوم' as second, 2 as n;\nselect 3 as third");
    await poll(firstRow).toEqual(['3']);
    await poll(() => page.getByTestId('result-part').textContent()).toBe(' · دستور ۳ از ۳');
    // The statement that ran is shaded in the editor.
    expect((await page.getByTestId('editor-ran').allTextContents()).join('')).toBe('select 3 as third');
    // Up a line: the second.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Control+Enter');
    await poll(firstRow).toEqual(['دوم', '2']);
    expect(await summary.textContent()).toContain('دستور ۲ از ۳');
    expect((await page.getByTestId('editor-ran').allTextContents()).join('')).toBe("select 'دوم' as second, 2 as n");
    // A selection runs as it is, whatever the statements around it.
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await page.keyboard.press('Control+Enter');
    await poll(firstRow).toEqual(['دوم', '2']);
    await poll(() => page.getByTestId('result-part').count()).toBe(0);
    expect(await page.getByTestId('editor-ran').count()).toBe(0);

    // A refusal in the second of three: its position, line and column are the editor's, not the statement's.
    const text = "select 1;\nselect *\nfrom read_csv('/etc/passwd');\nselect 3";
    const refused = await query("select *\nfrom read_csv('/etc/passwd')");
    await setSql(page, text);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Control+Enter');
    await poll(() => page.getByTestId('query-error-message').textContent()).toBe(refused.body.message);
    expect(await page.getByTestId('query-error-part').textContent()).toBe('دستور ۲ از ۳');
    // read_csv is on the editor's third line (the statement's second), at the same column.
    expect(await page.getByTestId('query-error-position').textContent()).toContain(`ستون ${refused.body.column!.toLocaleString('fa-IR', { useGrouping: false })}`);
    expect(await page.getByTestId('query-error-position').textContent()).toContain('سطر ۳');
    const mark = page.getByTestId('editor-error-mark');
    await mark.waitFor();
    expect(await mark.textContent()).toBe('read_csv');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows the sandbox's sentence for a hostile statement, and marks the refused position in the editor", async () => {
    const hostile = "copy (select * from agency) to '/tmp/hamgam-stolen.csv'";
    const api = await query(hostile);
    expect(api.status).toBe(400);
    const { page, errors } = await openWorkbench('&lang=en');
    await runWithKeys(page, hostile);
    const box = page.getByTestId('query-error');
    await box.waitFor(LOAD);
    expect(await box.getAttribute('data-status')).toBe('refused');
    expect(await page.getByTestId('query-error-message').textContent()).toBe(api.body.message);
    expect(await page.getByTestId('result-grid').count()).toBe(0);

    const fileRead = "select *\nfrom read_csv('/etc/passwd')";
    const refused = await query(fileRead);
    expect(refused.body.position).not.toBeNull();
    await runWithKeys(page, fileRead);
    await poll(() => page.getByTestId('query-error-message').textContent()).toBe(refused.body.message);
    expect(await page.getByTestId('query-error-position').textContent()).toBe(`Line ${refused.body.line}, column ${refused.body.column}`);
    const mark = page.getByTestId('editor-error-mark');
    await mark.waitFor();
    expect(await mark.textContent()).toBe(fileRead.slice(refused.body.position!, refused.body.position! + 'read_csv'.length));
    // Editing the text clears the mark: it pointed into the SQL that was sent.
    await page.keyboard.type(' ');
    await poll(() => mark.count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says why in Persian on the Persian page, above the server\'s own sentence', async () => {
    const { page, errors } = await openWorkbench('');
    const cases = [
      ["copy (select * from agency) to '/tmp/hamgam-stolen.csv'", 'not_a_query', 'فقط پرسش خواندنی'],
      ['select 1; select 2', 'multiple_statements', 'فقط یک دستور'],
      ["select * from read_csv('/etc/passwd')", 'table_function', 'تابع جدولی'],
    ] as const;
    for (const [sql, code, persian] of cases) {
      const api = await query(sql);
      expect(api.body.code).toBe(code);
      await setSql(page, sql);
      // Selected whole, two statements are sent as they are (with the cursor in one, that one would run).
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Control+Enter');
      await poll(() => page.getByTestId('query-error').getAttribute('data-code')).toBe(code);
      expect(await page.getByTestId('query-error-reason').textContent()).toContain(persian);
      expect(await page.getByTestId('query-error-message').textContent()).toBe(api.body.message);
    }
    // A failure DuckDB reports (here an unknown column) gets the general sentence, the server's names the cause.
    await runWithKeys(page, 'select no_such_column from agency');
    await poll(() => page.getByTestId('query-error').getAttribute('data-status')).toBe('failed');
    expect(await page.getByTestId('query-error-reason').textContent()).toContain('DuckDB');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says why a query failed after its rows had started to arrive', async () => {
    const { page, errors } = await openWorkbench('&lang=en');
    await page.getByTestId('row-limit').selectOption('100000');
    // The first 65,536 rows (10 MB) have gone out when row 99,000 fails, half a second later: each
    // row hashes 2 KB of its own, and wide rows keep DuckDB from reading far ahead to the failure.
    await runWithKeys(page, "select i, md5(repeat(i::varchar, 400)) as h, repeat('x', 100) as pad, case when i = 99000 then error('boom at row 99000') end as e from range(100000) t(i)");
    const box = page.getByTestId('query-error');
    await box.waitFor(LOAD);
    expect(await box.getAttribute('data-status')).toBe('failed');
    expect(await page.getByTestId('query-error-message').textContent()).toContain('boom at row 99000');
    await expect(page.getByTestId('result-grid').count()).resolves.toBe(0);
    const last = (await t.as('analyst').get<QueryHistoryResponse>('/api/v1/query/history?limit=1')).body.items[0];
    expect(last).toMatchObject({ status: 'failed' });
    // The one console line is chromium's own on the cut: the body ended before its last chunk.
    expect(errors).toEqual(['Failed to load resource: net::ERR_INCOMPLETE_CHUNKED_ENCODING']);
    await page.close();
  });

  it('says how much of a large result has arrived while it streams in', async () => {
    const { page, errors } = await openWorkbench('&lang=fa');
    await page.getByTestId('row-limit').selectOption('1000000');
    // 116 MB of rows: they take a while to come through, whatever DuckDB computes ahead.
    await runWithKeys(page, "select i, repeat('x', 100) || i as pad from range(1000000) t(i)");
    const receiving = page.getByTestId('query-receiving');
    await receiving.waitFor(LOAD);
    await poll(async () => Number(await receiving.getAttribute('data-bytes'))).toBeGreaterThan(1_000_000);
    // In Persian digits, in megabytes.
    expect(await receiving.textContent()).toMatch(/[۰-۹]+٫[۰-۹] مگابایت از نتیجه رسیده است/);
    await page.getByTestId('result-row').first().waitFor(LOAD);
    expect(await page.getByTestId('result-grid').getAttribute('data-row-count')).toBe('1000000');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('asks for dictionaries and shows a repeated Persian name on every row, past a batch, sorted', async () => {
    const { page, errors } = await openWorkbench('&lang=fa');
    await page.getByTestId('row-limit').selectOption('100000');
    const asked: unknown[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/v1/query') && r.method() === 'POST') asked.push(JSON.parse(r.postData() ?? '{}'));
    });
    // 70,000 rows: two record batches, each with its own dictionary of the 40 names.
    await runWithKeys(page, "select i, 'سازمان شماره ' || (i % 40) as name from range(70000) t(i) order by i desc");
    await page.getByTestId('result-row').first().waitFor(LOAD);
    expect(asked).toMatchObject([{ stream: true, dictionaries: true }]);
    expect(await page.getByTestId('result-grid').getAttribute('data-row-count')).toBe('70000');
    // Row 69999 comes first (the second batch's dictionary), then the rows before it.
    expect((await gridRows(page)).slice(0, 2)).toEqual([
      ['69999', 'سازمان شماره 39'],
      ['69998', 'سازمان شماره 38'],
    ]);
    // Sorted by the name (Persian collation): all 1,750 rows of «سازمان شماره 0» first, in their order.
    await page.getByTestId('result-sort').nth(1).click();
    await poll(async () => (await gridRows(page))[0]).toEqual(['69960', 'سازمان شماره 0']);
    expect((await gridRows(page))[1]).toEqual(['69920', 'سازمان شماره 0']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('cancels a long query from the page, says so, and runs the next one', async () => {
    const { page, errors } = await openWorkbench('&lang=en');
    await runWithKeys(page, SLOW);
    const cancel = page.getByTestId('cancel-query');
    await cancel.waitFor(LOAD);
    await page.getByTestId('query-running').waitFor();
    // The cancel must find the query in the sandbox, not in the server's queue on the way there.
    await poll(async () => (await t.as('analyst').get<QueryHistoryResponse>('/api/v1/query/history?limit=1')).body.items[0]?.sql).toBe(SLOW);
    await cancel.click();
    const box = page.getByTestId('query-error');
    await box.waitFor(LOAD);
    expect(await box.getAttribute('data-status')).toBe('cancelled');
    expect(await box.locator('h2').textContent()).toBe('Query cancelled');
    const last = (await t.as('analyst').get<QueryHistoryResponse>('/api/v1/query/history?limit=1')).body.items[0];
    expect(last).toMatchObject({ sql: SLOW, status: 'cancelled' });

    await runWithKeys(page, 'select 42 as answer');
    await page.getByTestId('result-row').first().waitFor(LOAD);
    expect(await gridRows(page)).toEqual([['42']]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the quick chart and exports', () => {
  it('paints the result as bars, a line, points and a pie, from the columns picked', async () => {
    const { page, errors } = await openWorkbench('&lang=en');
    await runWithKeys(page, SECTORS);
    await page.getByTestId('result-grid').waitFor(LOAD);
    expect(await page.getByTestId('chart-x').inputValue()).toBe('0'); // sector
    expect(await page.getByTestId('chart-y').inputValue()).toBe('1'); // agencies
    const yChoices = await page.locator('[data-testid="chart-y"] option').allTextContents();
    expect(yChoices).toEqual(['agencies', 'mean_name']);
    for (const kind of ['bar', 'line', 'scatter', 'pie']) {
      await page.getByTestId('chart-kind').selectOption(kind);
      await poll(() => chartPainted(page)).toBe(true);
    }
    await page.getByTestId('chart-kind').selectOption('scatter');
    await page.getByTestId('chart-x').selectOption('1');
    await page.getByTestId('chart-y').selectOption('4');
    await poll(() => chartPainted(page)).toBe(true);
    expect(await page.getByTestId('result-chart').getAttribute('aria-label')).toBe('Scatter chart of mean_name by agencies. The result table holds the same data.');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('downloads the result as CSV with a BOM, XLSX, Parquet and Arrow', async () => {
    const { page, errors } = await openWorkbench('&lang=en');
    await runWithKeys(page, SECTORS);
    await page.getByTestId('result-grid').waitFor(LOAD);
    const expected = await query(SECTORS);
    const magic: Record<string, number[]> = { xlsx: [0x50, 0x4b], parquet: [0x50, 0x41, 0x52, 0x31], arrow: [0xff, 0xff, 0xff, 0xff] };
    for (const format of ['csv', 'xlsx', 'parquet', 'arrow']) {
      const href = await page.getByTestId(`export-${format}`).getAttribute('href');
      expect(href).toMatch(new RegExp(`^/api/v1/query/[0-9a-f-]{36}/export\\?format=${format}$`));
      // The page's own cookie: what a click on the link downloads.
      const res = await page.request.get(`${t.hamgam.url}${href}`);
      expect(res.status(), format).toBe(200);
      const body = await res.body();
      if (format === 'csv') {
        expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        const lines = body.subarray(3).toString('utf8').trim().split('\n');
        expect(lines[0]).toBe('sector,agencies,first_fa,latest_deadline,mean_name');
        expect(lines).toHaveLength(expected.body.rowCount + 1);
      } else {
        expect([...body.subarray(0, magic[format].length)], format).toEqual(magic[format]);
      }
    }
    // The export's re-run is in the history, marked as an export.
    await page.getByTestId('tab-history').click();
    await poll(() => page.getByTestId('history-export').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('saved queries and history', () => {
  it('saves a query with a name and description, shared, and opens it again after a reload', async () => {
    const sql = "select agency_id, name_fa from agency where sector = 'health' order by agency_id";
    const { page, errors } = await openWorkbench('&lang=en&tab=saved');
    await setSql(page, sql);
    await page.getByTestId('save-name').fill('دستگاه‌های سلامت');
    await page.getByTestId('save-description').fill('Agencies of the health sector');
    await page.getByTestId('save-shared').check();
    await page.getByTestId('save-new').click();
    await poll(() => page.getByTestId('workbench-notice').textContent()).toBe('Saved “دستگاه‌های سلامت”.');
    const id = new URL(page.url()).searchParams.get('saved');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const list = (await t.as('analyst').get<SavedQueriesResponse>('/api/v1/queries')).body.items;
    expect(list.find((q) => q.id === id)).toMatchObject({ name: 'دستگاه‌های سلامت', description: 'Agencies of the health sector', sql, shared: true });

    // A reload opens the query named in the URL.
    await page.reload();
    await page.locator('.cm-content').waitFor(LOAD);
    await poll(() => editorText(page)).toBe(sql);
    expect(await page.locator('#editor-heading').textContent()).toBe('Open query: دستگاه‌های سلامت');

    // A fresh visit without it: the list opens it, and the URL names it.
    await page.goto(`${t.hamgam.url}/?page=workbench&lang=en&tab=saved`);
    await page.locator('.cm-content').waitFor(LOAD);
    const item = page.locator(`[data-testid="saved-item"][data-id="${id}"]`);
    await item.waitFor(LOAD);
    await setSql(page, 'select 1');
    await item.getByTestId('saved-open').click();
    await poll(() => editorText(page)).toBe(sql);
    expect(new URL(page.url()).searchParams.get('saved')).toBe(id);

    // Update the text and the name; then delete it.
    const changed = `${sql} limit 3`;
    await setSql(page, changed);
    await page.getByTestId('save-name').fill('Health agencies');
    await page.getByTestId('save-update').click();
    await poll(() => page.getByTestId('workbench-notice').textContent()).toBe('Updated “Health agencies”.');
    const updated = (await t.as('analyst').get<SavedQueriesResponse>('/api/v1/queries')).body.items.find((q) => q.id === id);
    expect(updated).toMatchObject({ name: 'Health agencies', sql: changed, shared: true });
    await page.getByTestId('save-delete').click();
    await page.getByTestId('save-delete-confirm').click();
    await poll(() => page.getByTestId('workbench-notice').textContent()).toBe('Deleted “Health agencies”.');
    expect((await t.as('analyst').get<SavedQueriesResponse>('/api/v1/queries')).body.items.some((q) => q.id === id)).toBe(false);
    expect(new URL(page.url()).searchParams.get('saved')).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });

  it("lists the user's own queries, newest first, and loads one into the editor with a click", async () => {
    const { page, errors } = await openWorkbench('&lang=en&tab=history');
    await runWithKeys(page, 'select 7 as seven');
    await page.getByTestId('result-row').first().waitFor(LOAD);
    const api = (await t.as('analyst').get<QueryHistoryResponse>('/api/v1/query/history?limit=50')).body.items;
    await poll(() => page.locator('[data-testid="history-item"] .history__sql').first().textContent()).toBe('select 7 as seven');
    const shown = await page.locator('[data-testid="history-item"] .history__sql').allTextContents();
    expect(shown).toEqual(api.map((i) => i.sql));
    await setSql(page, 'select 0');
    await page.locator('[data-testid="history-item"] .history__load').nth(1).click();
    expect(await editorText(page)).toBe(api[1].sql);
    // The side panel's tabs follow the keyboard pattern: an arrow moves to the next tab, into the URL.
    await page.getByTestId('tab-history').focus();
    await page.keyboard.press('ArrowLeft');
    await poll(() => page.getByTestId('tab-saved').getAttribute('aria-selected')).toBe('true');
    expect(new URL(page.url()).searchParams.get('tab')).toBe('saved');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-saved');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('who gets the page', () => {
  it('links the workbench for analysts and ministers, and gives an agency user no workbench', async () => {
    for (const role of ['analyst', 'minister']) {
      const { page } = await open('/?lang=en', { role });
      await page.getByTestId('nav-workbench').waitFor(LOAD);
      await page.close();
    }
    const { page, errors } = await open('/?page=workbench&lang=en', { role: 'agency' });
    await page.getByTestId('not-for-role').waitFor(LOAD);
    expect(await page.getByTestId('nav-workbench').count()).toBe(0);
    expect(await page.getByTestId('nav-scoreboard').count()).toBe(1);
    expect(await page.locator('.cm-content').count()).toBe(0);
    // The server refuses it anyway.
    expect((await t.as('agency').send('POST', '/api/v1/query', { sql: 'select 1' })).status).toBe(403);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('how it looks', () => {
  it('fits a laptop and a phone in Persian and English (screenshots)', async () => {
    for (const lang of ['fa', 'en'] as const) {
      for (const viewport of [WIDE, PHONE]) {
        const { page, errors } = await openWorkbench(lang === 'en' ? '&lang=en' : '', { viewport });
        await runWithKeys(page, SECTORS);
        await page.getByTestId('result-grid').waitFor(LOAD);
        await poll(() => chartPainted(page)).toBe(true);
        expect(await noSidewaysScroll(page), `${lang} ${viewport.width}`).toBeLessThanOrEqual(0);
        await page.screenshot({ path: join(shots, `workbench-${lang}-${viewport.width}.png`), fullPage: true });
        await runWithKeys(page, "select *\nfrom read_csv('/etc/passwd')");
        await page.getByTestId('query-error').waitFor(LOAD);
        await page.screenshot({ path: join(shots, `workbench-refused-${lang}-${viewport.width}.png`) });
        expect(errors).toEqual([]);
        await page.close();
      }
    }
  });
});
