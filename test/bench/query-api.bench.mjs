#!/usr/bin/env node
/**
 * Issue 6's benchmark: a 1M-row analyst result through the real API — as Arrow IPC and as JSON —
 * beside DuckDB's own `COPY (query) TO 'file.parquet'` of the same query in the same run.
 * Target: Arrow ≤ 1.5× the native export, through the API: as curl reads it, a client that takes
 * next to no CPU. Chromium and Node fetch are shown beside it: on this 2-core machine they share the
 * cores with the server and its worker (deployed, the browser is on the analyst's own computer), so
 * their figures hold their own reading's cost as well as the API's.
 *
 *   cd /work/main && npx -y pnpm@12.4.2 build && node test/bench/query-api.bench.mjs [--iterations 5]
 *
 * The server is the built one (`server/dist/main.js`) in its own process, as deployed, with its
 * sandbox workers; no pipelines run (the query reads nothing but range()). Three clients in their
 * own processes read each body to the last byte: headless chromium's fetch() on the dashboard's
 * origin, asking and reading exactly as the workbench page does (`stream` and `dictionaries`, the body read
 * chunk by chunk into one array; Debian's chromium), curl, and this script's Node fetch (undici,
 * whose reading of a large body into memory is itself slow). Arrow is also asked for whole (no
 * `stream`: the response waits for the worker's end, its facts as headers). The native export
 * runs in this process on a DuckDB instance opened as the server opens its warehouse (the same
 * memory_limit, DuckDB's default threads). Native and API runs alternate; JSON runs after Arrow.
 * Prints a table of medians with the ratios, every run, and the server's own time until the
 * worker had written the whole result (x-duration-ms), so the transfer's share shows.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { openWarehouse } from '@hamgam/warehouse';
import { chromium } from 'playwright-core';
import { freePort } from './national/postgres.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const ITERATIONS = Number(args[args.indexOf('--iterations') + 1]) > 0 && args.includes('--iterations') ? Number(args[args.indexOf('--iterations') + 1]) : 5;
const ROWS = 1_000_000;
const SQL = `select i as id, i % 55 as agency_no, 'service-' || (i % 3000) as service_id,
  date '2024-01-01' + (i % 2000)::integer as day, (i * 7 % 1000) / 10 as latency_ms, i % 3 = 0 as key_service
  from range(${ROWS}) t(i)`;
const ARROW = 'application/vnd.apache.arrow.stream';
const JSON_TYPE = 'application/json';
const execFileAsync = promisify(execFile);

const scratch = mkdtempSync(join(tmpdir(), 'hamgam-query-bench-'));
const times = { native: [], arrowChromium: [], arrowCurl: [], arrowFetch: [], wholeArrowChromium: [], wholeArrowCurl: [], plainArrowCurl: [], staticArrowChromium: [], jsonChromium: [], jsonCurl: [], jsonFetch: [] };
const serverMs = { arrow: [], json: [] };
const curlFirstByte = { arrow: [], wholeArrow: [], plainArrow: [], json: [] };
const bytes = {};
const loads = [];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function startServer() {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'server/dist/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      HAMGAM_DATA_DIR: join(scratch, 'data'),
      HAMGAM_SIMULATOR: 'off',
      HAMGAM_PULL_ON_START: 'off',
      HAMGAM_SCHEDULES: 'off',
      HAMGAM_QUERY_TIMEOUT_MS: '120000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited: ${output.slice(-800)}`);
    if (performance.now() - started > 120_000) throw new Error(`the server did not answer /health in 2 min: ${output.slice(-800)}`);
    if (await fetch(`${url}/health`).then((r) => r.status === 200, () => false)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const signIn = await fetch(`${url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'analyst', password: process.env.HAMGAM_DEMO_PASSWORD_ANALYST ?? 'analyst-demo-1405' }),
  });
  const cookie = /hamgam_session=[^;]+/.exec(signIn.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error(`sign-in answered ${signIn.status}`);
  return { url, cookie, child };
}

/**
 * What each client sends: Arrow with `stream: true` and `dictionaries: true` as the workbench asks
 * (the response starts once the worker has written the first megabyte; the VARCHAR column, 3,000
 * names repeated, travels as a dictionary), Arrow without `stream` (answered once the worker is
 * done, with the facts as headers), or JSON.
 */
const BODIES = {
  arrow: JSON.stringify({ sql: SQL, rowLimit: ROWS, stream: true, dictionaries: true }),
  wholeArrow: JSON.stringify({ sql: SQL, rowLimit: ROWS, dictionaries: true }),
  plainArrow: JSON.stringify({ sql: SQL, rowLimit: ROWS, stream: true }),
  json: JSON.stringify({ sql: SQL, rowLimit: ROWS }),
};
const ACCEPT = { arrow: ARROW, wholeArrow: ARROW, plainArrow: ARROW, json: JSON_TYPE };

/** The last record batch's facts, found in the raw stream's last 4 MB (the last batch's header, before its body, holds them as text). */
function checkArrow(received, streamed) {
  const tail = Buffer.from(received.slice(Math.max(0, received.byteLength - (4 << 20)))).toString('latin1');
  if (!tail.includes('hamgam.row_count') || !tail.includes(String(ROWS))) throw new Error(`the Arrow result (${streamed ? 'streamed' : 'whole'}) does not end with its facts`);
}

/** The streamed Arrow body Node fetch read last: what the static server below sends. */
let lastArrowBody = null;

/**
 * The same Arrow bytes from a bare HTTP server in this process, chunked in 4 MB writes as the API
 * sends them: chromium's reading of them is what the client itself costs on these cores, no API.
 */
async function startStatic() {
  const server = createServer((req, res) => {
    if (req.url !== '/arrow') return void res.end('<!doctype html><title>static</title>');
    res.writeHead(200, { 'content-type': ARROW });
    let at = 0;
    const step = 4 << 20;
    const more = () => {
      while (at < lastArrowBody.length) {
        const ok = res.write(lastArrowBody.subarray(at, at + step));
        at += step;
        if (!ok) return void res.once('drain', more);
      }
      res.end();
    };
    more();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/arrow`, close: () => new Promise((r) => server.close(r)) };
}

/** This script's fetch: the whole body read into memory, as a browser's `arrayBuffer()` does. */
async function viaFetch(server, kind) {
  const accept = ACCEPT[kind];
  const body = BODIES[kind];
  const started = performance.now();
  const res = await fetch(`${server.url}/api/v1/query`, { method: 'POST', headers: { 'content-type': 'application/json', accept, cookie: server.cookie }, body });
  const received = await res.arrayBuffer();
  const elapsed = performance.now() - started;
  if (res.status !== 200) throw new Error(`${res.status}: ${Buffer.from(received).toString().slice(0, 300)}`);
  bytes[`fetch ${kind}`] = received.byteLength;
  if (kind === 'arrow') {
    if (res.headers.get('x-streamed') !== 'true') throw new Error('the Arrow result was not streamed');
    checkArrow(received, true);
    lastArrowBody = Buffer.from(received);
  } else {
    // The server's own time from its audit to the worker's answer; JSON carries it in its first bytes.
    const own = res.headers.get('x-duration-ms') ?? /"durationMs":(\d+)/.exec(Buffer.from(received.slice(0, 4096)).toString())?.[1];
    serverMs[kind === 'json' ? 'json' : 'arrow'].push(Number(own));
  }
  return elapsed;
}

/** curl's own time_total, from before the connection to the last byte (starting curl left out). */
async function viaCurl(server, kind) {
  const accept = ACCEPT[kind];
  const body = BODIES[kind];
  const { stdout } = await execFileAsync('curl', [
    '-s', '-o', '/dev/null', '-w', '%{http_code} %{time_total} %{size_download} %{time_starttransfer}',
    '-X', 'POST', '-H', 'content-type: application/json', '-H', `accept: ${accept}`, '-H', `cookie: ${server.cookie}`,
    '--data', body, `${server.url}/api/v1/query`,
  ]);
  const [status, seconds, size, firstByte] = stdout.trim().split(' ');
  if (status !== '200') throw new Error(`curl: HTTP ${status}`);
  bytes[`curl ${kind}`] = Number(size);
  curlFirstByte[kind].push(Math.round(Number(firstByte) * 1000));
  return Number(seconds) * 1000;
}

/** A signed-in chromium page on the server's origin; each run is a fetch() of the whole body into an ArrayBuffer. */
async function openChromium(server) {
  const home = mkdtempSync(join(tmpdir(), 'hamgam-chromium-'));
  const browser = await chromium.launch({
    headless: true,
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    env: { ...process.env, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache') },
  });
  const context = await browser.newContext();
  const [name, value] = server.cookie.split('=', 2);
  await context.addCookies([{ name, value, url: server.url }]);
  const page = await context.newPage();
  await page.goto(`${server.url}/health`);
  let staticPage = null;
  return {
    /** `kind` through the API, or (`from`) the same bytes from elsewhere, read the same way. */
    async run(kind, from) {
      // Another origin's bytes are read on a page of that origin (the server's pages allow their own only).
      let on = page;
      if (from) {
        staticPage ??= await context.newPage();
        if (!staticPage.url().startsWith(new URL(from).origin)) await staticPage.goto(new URL('/', from).href);
        on = staticPage;
      }
      const out = await on.evaluate(
        async ({ url, init }) => {
          // As the workbench reads it (web/src/api/query-client.ts readBody): chunk by chunk, then one array.
          const started = performance.now();
          const res = await fetch(url, init);
          const reader = res.body.getReader();
          const parts = [];
          let size = 0;
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            parts.push(value);
            size += value.byteLength;
          }
          const whole = new Uint8Array(size);
          let at = 0;
          for (const part of parts) {
            whole.set(part, at);
            at += part.byteLength;
          }
          return { ms: performance.now() - started, status: res.status, size: whole.byteLength, streamed: res.headers.get('x-streamed') === 'true' };
        },
        from
          ? { url: new URL(from).pathname, init: {} }
          : { url: '/api/v1/query', init: { method: 'POST', headers: { 'content-type': 'application/json', accept: ACCEPT[kind] }, body: BODIES[kind] } },
      );
      if (out.status !== 200) throw new Error(`chromium: HTTP ${out.status}`);
      if (!from && out.streamed !== (kind === 'arrow')) throw new Error(`chromium: the ${kind} result was${out.streamed ? '' : ' not'} streamed`);
      bytes[`chromium ${from ? 'static ' : ''}${kind}`] = out.size;
      return out.ms;
    },
    async close() {
      await browser.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

async function nativeCopy(warehouse) {
  const file = join(scratch, `native-${times.native.length}.parquet`);
  const connection = await warehouse.instance.connect();
  try {
    const started = performance.now();
    await connection.run(`copy (${SQL}) to '${file}' (format parquet)`);
    const elapsed = performance.now() - started;
    bytes.native = statSync(file).size;
    return elapsed;
  } finally {
    connection.closeSync();
    rmSync(file, { force: true });
  }
}

const warehouse = await openWarehouse({ path: join(scratch, 'native.duckdb'), memoryLimit: process.env.HAMGAM_DUCKDB_MEMORY_LIMIT ?? '192MB' });
const server = await startServer();
const browser = await openChromium(server);
try {
  // Warm-up: the workers open the replica on their first query; DuckDB and V8 warm up.
  await nativeCopy(warehouse);
  await viaFetch(server, 'arrow');
  await viaCurl(server, 'arrow');
  await browser.run('arrow');
  await browser.run('wholeArrow');
  curlFirstByte.arrow.length = 0;
  const staticServer = await startStatic();
  await browser.run('arrow', staticServer.url);
  loads.push(loadavg()[0]);
  for (let i = 0; i < ITERATIONS; i++) {
    times.native.push(await nativeCopy(warehouse));
    times.arrowChromium.push(await browser.run('arrow'));
    times.arrowCurl.push(await viaCurl(server, 'arrow'));
    times.arrowFetch.push(await viaFetch(server, 'arrow'));
    times.wholeArrowChromium.push(await browser.run('wholeArrow'));
    times.wholeArrowCurl.push(await viaCurl(server, 'wholeArrow'));
    times.plainArrowCurl.push(await viaCurl(server, 'plainArrow'));
    times.staticArrowChromium.push(await browser.run('arrow', staticServer.url));
    loads.push(loadavg()[0]);
  }
  await staticServer.close();
  // JSON after Arrow: a million rows of JS values leave garbage that would weigh on the next run.
  for (let i = 0; i < ITERATIONS; i++) {
    times.jsonChromium.push(await browser.run('json'));
    times.jsonCurl.push(await viaCurl(server, 'json'));
    times.jsonFetch.push(await viaFetch(server, 'json'));
    loads.push(loadavg()[0]);
  }
  const native = median(times.native);
  // A client's own reading shares this machine's 2 cores with the server and its worker (deployed,
  // the browser runs on the analyst's computer): its rows are shown beside the target, not held to it.
  const CLIENT = 'info (client on the same cores)';
  const TARGET = '≤ 1.50×';
  const verdict = (ratio) => (ratio <= 1.5 ? 'PASS' : 'FAIL');
  const rows = [
    ['DuckDB COPY (query) TO parquet (native)', times.native, bytes.native, '—'],
    ['POST /api/v1/query, Arrow IPC streamed, curl (the API\'s delivery)', times.arrowCurl, bytes['curl arrow'], TARGET],
    ['POST /api/v1/query, Arrow IPC streamed, chromium fetch() (the workbench, on the same 2 cores)', times.arrowChromium, bytes['chromium arrow'], CLIENT],
    ['POST /api/v1/query, Arrow IPC streamed, Node fetch (undici)', times.arrowFetch, bytes['fetch arrow'], CLIENT],
    ['POST /api/v1/query, Arrow IPC whole (no `stream`), chromium fetch()', times.wholeArrowChromium, bytes['chromium wholeArrow'], '—'],
    ['POST /api/v1/query, Arrow IPC whole (no `stream`), curl', times.wholeArrowCurl, bytes['curl wholeArrow'], '—'],
    ['POST /api/v1/query, Arrow IPC streamed, plain Utf8 (no `dictionaries`), curl', times.plainArrowCurl, bytes['curl plainArrow'], '—'],
    ['the same Arrow bytes from a bare Node server, chromium fetch() (the client alone)', times.staticArrowChromium, bytes['chromium static arrow'], '—'],
    ['POST /api/v1/query, JSON, chromium fetch()', times.jsonChromium, bytes['chromium json'], '—'],
    ['POST /api/v1/query, JSON, curl', times.jsonCurl, bytes['curl json'], '—'],
    ['POST /api/v1/query, JSON, Node fetch (undici)', times.jsonFetch, bytes['fetch json'], '—'],
  ];
  console.log(`\n${ROWS.toLocaleString('en')} rows × 6 columns (BIGINT, BIGINT, VARCHAR, DATE, DOUBLE, BOOLEAN), median of ${ITERATIONS}; ${cpus().length} cores, 1-minute load ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}\n`);
  console.log('| path | median ms | ratio to native | target | MB |');
  console.log('| --- | ---: | ---: | --- | ---: |');
  for (const [path, ms, size, target] of rows) {
    const m = median(ms);
    const result = target === TARGET ? ` ${verdict(m / native)}` : '';
    console.log(`| ${path} | ${Math.round(m)} | ${(m / native).toFixed(2)}× | ${target}${result} | ${((size ?? 0) / 1e6).toFixed(1)} |`);
  }
  const api = median(times.arrowCurl) / native;
  console.log(`\ntarget, Arrow through the API (curl) ${TARGET} native: ${api.toFixed(2)}× ${verdict(api)}; the workbench's own client, chromium on the same cores: ${(median(times.arrowChromium) / native).toFixed(2)}×`);
  console.log('\nevery run (ms):');
  for (const [name, ms] of Object.entries(times)) console.log(`  ${name}: ${ms.map((m) => Math.round(m)).join(', ')}`);
  console.log(`until the worker had written the whole result (the server's x-duration-ms), Node fetch runs: JSON ${serverMs.json.join(', ')}`);
  console.log(`curl's first byte (time_starttransfer): Arrow streamed ${curlFirstByte.arrow.join(', ')}; Arrow plain ${curlFirstByte.plainArrow.join(', ')}; Arrow whole ${curlFirstByte.wholeArrow.join(', ')}; JSON ${curlFirstByte.json.join(', ')}`);
} finally {
  await browser.close();
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('exit', r));
  await warehouse.close();
  rmSync(scratch, { recursive: true, force: true });
}
