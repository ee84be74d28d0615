/**
 * The analyst workbench API end to end on the real server: limits (timeout, cancel, row cap,
 * per-user and total concurrency), the audit, Arrow results decoded by apache-arrow, exports,
 * the schema from the data dictionary, saved queries and history, and 403 for agency users.
 *
 * apache-arrow is a dependency of `pipelines`, not of `test` (pnpm is strict): the decoder is
 * loaded from pipelines' node_modules by path. Adding it to test/package.json would be cleaner.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryError, QueryHistoryResponse, QueryResult, QuerySchemaResponse, SavedQueriesResponse, SavedQuery } from '@hamgam/shared';
import { ANALYSIS_DICTIONARY, getUserByUsername, listQueryHistory } from '@hamgam/warehouse';
import { startTestHamgam, type TestHamgam } from '../support/start-hamgam.js';

process.env.HAMGAM_QUERY_TIMEOUT_MS = '2500';
process.env.HAMGAM_QUERY_GRACE_MS = '2000';
process.env.HAMGAM_QUERY_WORKERS = '2';
process.env.HAMGAM_QUERY_PER_USER = '1';
process.env.HAMGAM_QUERY_QUEUE = '1';
process.env.HAMGAM_QUERY_ROW_LIMIT = '500';
process.env.HAMGAM_QUERY_MAX_ROW_LIMIT = '200000';
process.env.HAMGAM_QUERY_WORKER_MEMORY_MB = '1536';
process.env.HAMGAM_QUERY_RESULTS_PER_USER_MB = '16';
process.env.HAMGAM_QUERY_RESULTS_TOTAL_MB = '64';

const SLOW = 'select count(*) from range(1000000000) a, range(1000) b';

let t: TestHamgam;

interface Sent<T> {
  status: number;
  body: T;
  headers: Headers;
}

async function send<T>(method: string, path: string, user: string, body?: unknown, accept?: string): Promise<Sent<T>> {
  const res = await fetch(`${t.hamgam.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', cookie: await t.as(user).cookie(), ...(accept && { accept }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = res.headers.get('content-type') ?? '';
  const data = type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer());
  return { status: res.status, body: data as T, headers: res.headers };
}

/** The server's sandbox workers: its child processes running sandbox.worker. */
function sandboxWorkerPids(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        const ppid = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
        return ppid === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('sandbox.worker');
      } catch {
        return false;
      }
    })
    .map(Number);
}

const run = (sql: string, user = 'analyst', extra: Record<string, unknown> = {}) => send<QueryResult & QueryError>('POST', '/api/v1/query', user, { sql, ...extra });

beforeAll(async () => {
  t = await startTestHamgam({}, { pulled: true });
  // Sign every caller in first, so that sign-in (argon2) does not shift the timing of the limit tests.
  const callers = ['analyst', 'minister', 'agency:tehran-municipality', 'analyst:canceller', 'analyst:intruder', 'analyst:busy-a', 'analyst:busy-b', 'analyst:busy-c', 'analyst:busy-d', 'analyst:auditor', 'analyst:someone', 'analyst:exporter', 'analyst:thief', 'analyst:owner', 'analyst:other', 'analyst:hoarder'];
  for (const who of callers) await t.as(who).cookie();
});

afterAll(async () => {
  await t?.stop();
});

describe('POST /api/v1/query', () => {
  it('answers JSON with column types, and caps rows with a truncated flag', async () => {
    const small = await run("select 1::bigint as n, 'سلام' as word, date '2026-03-21' as day");
    expect(small.status).toBe(200);
    expect(small.body).toMatchObject({
      columns: [{ name: 'n', type: 'BIGINT' }, { name: 'word', type: 'VARCHAR' }, { name: 'day', type: 'DATE' }],
      rows: [['1', 'سلام', '2026-03-21']],
      rowCount: 1,
      truncated: false,
      rowLimit: 500,
    });
    const capped = await run('select * from range(10000)');
    expect(capped.body).toMatchObject({ rowCount: 500, truncated: true, rowLimit: 500 });
    expect(capped.body.rows).toHaveLength(500);
    const asked = await run('select * from range(10000)', 'analyst', { rowLimit: 20 });
    expect(asked.body).toMatchObject({ rowCount: 20, truncated: true });
    expect((await run('select 1', 'analyst', { rowLimit: 10_000_000 })).status).toBe(400);
  });

  it('answers Arrow IPC when asked, decoded by apache-arrow', async () => {
    const arrow = await import('apache-arrow');
    const res = await send<Buffer>('POST', '/api/v1/query', 'analyst', { sql: 'select agency_id, name_fa, count(*) over () as agencies from agency order by agency_id', rowLimit: 1000 }, 'application/vnd.apache.arrow.stream');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/vnd.apache.arrow.stream');
    expect([...res.body.subarray(0, 4)]).toEqual([0xff, 0xff, 0xff, 0xff]);
    const table = arrow.tableFromIPC(new Uint8Array(res.body));
    const json = await run('select agency_id, name_fa from agency order by agency_id', 'analyst', { rowLimit: 1000 });
    expect(table.numRows).toBe(json.body.rowCount);
    expect(Number(res.headers.get('x-row-count'))).toBe(json.body.rowCount);
    expect(table.get(0)?.toJSON().name_fa).toBe(json.body.rows[0][1]);
    expect(table.schema.fields[2].metadata.get('duckdb_type')).toBe('BIGINT');
  });

  it('stops a query at its timeout and the next one runs', async () => {
    const started = Date.now();
    const slow = await run(SLOW);
    expect(slow.status).toBe(408);
    expect(slow.body.status).toBe('timed_out');
    expect(slow.body.message).toMatch(/longer than 3 s|longer than 2 s/);
    expect(Date.now() - started).toBeLessThan(2500 + 2000 + 3000);
    expect((await run('select 42 as answer')).body.rows).toEqual([[42]]);
  });

  it('cancels a running query by its id; other users cannot', async () => {
    const queryId = crypto.randomUUID();
    const pending = run(SLOW, 'analyst:canceller', { queryId });
    await new Promise((r) => setTimeout(r, 400));
    expect((await send('POST', `/api/v1/query/${queryId}/cancel`, 'analyst:intruder')).status).toBe(404);
    const cancel = await send<{ cancelled: boolean }>('POST', `/api/v1/query/${queryId}/cancel`, 'analyst:canceller');
    expect(cancel.status).toBe(200);
    const result = await pending;
    expect([result.status, result.body.status]).toEqual([409, 'cancelled']);
  });

  it('limits queries per user and in total, with 429 and a reason', async () => {
    const first = run(SLOW, 'analyst:busy-a');
    await new Promise((r) => setTimeout(r, 200));
    const second = await run('select 1', 'analyst:busy-a');
    expect([second.status, second.body.code]).toEqual([429, 'busy_user']);
    expect(second.body.message).toContain('already have a query running');
    // Two workers and a queue of one: b takes the second worker, c waits, d is refused.
    const b = run(SLOW, 'analyst:busy-b');
    await new Promise((r) => setTimeout(r, 200));
    const c = run('select 1 as queued', 'analyst:busy-c');
    await new Promise((r) => setTimeout(r, 200));
    const d = await run('select 1', 'analyst:busy-d');
    expect([d.status, d.body.code]).toEqual([429, 'busy_total']);
    expect((await first).body.status).toBe('timed_out');
    expect((await b).body.status).toBe('timed_out');
    expect((await c).body.rows).toEqual([[1]]);
  });

  it('keeps the server up when a worker is killed from outside', async () => {
    const workers = sandboxWorkerPids();
    expect(workers.length).toBe(2);
    process.kill(workers[0], 'SIGKILL');
    await new Promise((r) => setTimeout(r, 1500));
    expect((await t.get('/health')).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await run('select 1 as ok')).status).toBe(200);
  });

  it('refuses agency users with 403, and audits the attempt', async () => {
    const res = await run('select * from agency', 'agency:tehran-municipality');
    expect(res.status).toBe(403);
    for (const path of ['/api/v1/query/schema', '/api/v1/query/history', '/api/v1/queries']) {
      expect((await send('GET', path, 'agency:tehran-municipality')).status, path).toBe(403);
    }
    // The refused attempt is in the audit, under the agency user who made it.
    const agencyUser = await getUserByUsername(t.hamgam.warehouse.db, 'agency.tehran-municipality');
    const [attempt] = await listQueryHistory(t.hamgam.warehouse.db, agencyUser!.user_id, 1);
    expect(attempt).toMatchObject({ sql_text: 'select * from agency', status: 'refused', refused: true });
    expect(attempt.reason).toContain('agency users');
    // Issue 6: analysts, ministers and admins may query; only agency users are refused.
    expect((await run('select 1', 'minister')).status).toBe(200);
  });
});

describe('Arrow results streamed as they are written (stream: true)', () => {
  const ARROW = 'application/vnd.apache.arrow.stream';
  const WIDE = "select i, 'خدمت ' || (i % 300) as service, repeat('x', 40) as pad from range(150000) t(i)";

  /** The caller's own query, from the history (the audit). */
  async function audited(user: string, queryId: string) {
    const history = await send<QueryHistoryResponse>('GET', '/api/v1/query/history?limit=20', user);
    return history.body.items.find((q) => q.queryId === queryId);
  }

  it('sends a large result before its end, with its facts in the last record batch', async () => {
    const arrow = await import('apache-arrow');
    const res = await send<Buffer>('POST', '/api/v1/query', 'analyst', { sql: WIDE, rowLimit: 200000, stream: true }, ARROW);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-streamed')).toBe('true');
    // Not known when the response started: not headers, but the stream's last batch.
    expect(res.headers.get('x-row-count')).toBeNull();
    expect(res.headers.get('content-length')).toBeNull();
    expect(JSON.parse(decodeURIComponent(res.headers.get('x-columns')!))).toEqual([
      { name: 'i', type: 'BIGINT' },
      { name: 'service', type: 'VARCHAR' },
      { name: 'pad', type: 'VARCHAR' },
    ]);
    const table = arrow.tableFromIPC(new Uint8Array(res.body));
    expect(table.numRows).toBe(150000);
    expect(table.get(149999)?.toJSON()).toMatchObject({ i: 149999n, service: 'خدمت 299' });
    expect(Object.fromEntries(table.batches.at(-1)!.metadata)).toEqual({ 'hamgam.row_count': '150000', 'hamgam.truncated': 'false' });
    expect(await audited('analyst', res.headers.get('x-query-id')!)).toMatchObject({ status: 'succeeded', rowCount: 150000, truncated: false });
  });

  it('sends repetitive text columns as dictionaries when asked, streamed or whole, and plain otherwise', async () => {
    const arrow = await import('apache-arrow');
    const types = (table: { schema: { fields: { type: unknown }[] } }) => table.schema.fields.map((f) => String(f.type));
    for (const stream of [true, false]) {
      const asked = await send<Buffer>('POST', '/api/v1/query', 'analyst', { sql: WIDE, rowLimit: 200000, stream, dictionaries: true }, ARROW);
      expect(asked.status).toBe(200);
      const table = arrow.tableFromIPC(new Uint8Array(asked.body));
      expect(types(table)).toEqual(['Int64', 'Dictionary<Int32, Utf8>', 'Dictionary<Int32, Utf8>']);
      expect(table.numRows).toBe(150000);
      expect(table.get(149999)?.toJSON()).toMatchObject({ i: 149999n, service: 'خدمت 299', pad: 'x'.repeat(40) });
      const plain = await send<Buffer>('POST', '/api/v1/query', 'analyst', { sql: WIDE, rowLimit: 200000, stream }, ARROW);
      expect(types(arrow.tableFromIPC(new Uint8Array(plain.body)))).toEqual(['Int64', 'Utf8', 'Utf8']);
      // 150,000 rows of 40 repeated bytes and a name of 300: the dictionaries' stream is a fraction of the plain one.
      expect(asked.body.length).toBeLessThan(plain.body.length / 3);
    }
    const wrong = await send<QueryError>('POST', '/api/v1/query', 'analyst', { sql: 'select 1', dictionaries: 'yes' }, ARROW);
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ status: 'refused', code: 'dictionaries', message: 'dictionaries must be true or false.' });
    // The OpenAPI document names the body's options.
    const doc = (await send<{ paths: Record<string, { post?: { requestBody?: { content: Record<string, { schema: { properties: object } }> } } }> }>('GET', '/api/docs/openapi.json', 'analyst')).body;
    const properties = Object.keys(doc.paths['/api/v1/query'].post!.requestBody!.content['application/json'].schema.properties);
    expect(properties).toEqual(['sql', 'rowLimit', 'queryId', 'stream', 'dictionaries']);
  });

  it('says a streamed result was cut at the row cap in its last batch', async () => {
    const arrow = await import('apache-arrow');
    const res = await send<Buffer>('POST', '/api/v1/query', 'analyst', { sql: WIDE.replace('150000', '1000000'), rowLimit: 200000, stream: true }, ARROW);
    expect(res.headers.get('x-streamed')).toBe('true');
    const table = arrow.tableFromIPC(new Uint8Array(res.body));
    expect(table.numRows).toBe(200000);
    expect(table.batches.at(-1)!.metadata.get('hamgam.truncated')).toBe('true');
    expect(table.batches.at(-1)!.metadata.get('hamgam.row_count')).toBe('200000');
  });

  it('answers a small result whole, with its facts as headers as without stream', async () => {
    const arrow = await import('apache-arrow');
    const res = await send<Buffer>('POST', '/api/v1/query', 'analyst', { sql: 'select * from range(10)', stream: true }, ARROW);
    expect(res.headers.get('x-streamed')).toBeNull();
    expect(res.headers.get('x-row-count')).toBe('10');
    expect(res.headers.get('x-truncated')).toBe('false');
    expect(Number(res.headers.get('content-length'))).toBe(res.body.length);
    const table = arrow.tableFromIPC(new Uint8Array(res.body));
    expect(table.batches.at(-1)!.metadata.get('hamgam.row_count')).toBe('10');
    // An error before the first megabyte is still an HTTP error with its sentence.
    const refused = await send<QueryError>('POST', '/api/v1/query', 'analyst', { sql: 'drop table agency', stream: true }, ARROW);
    expect(refused.status).toBe(400);
    expect(refused.body.status).toBe('refused');
    const bad = await send<QueryError>('POST', '/api/v1/query', 'analyst', { sql: 'select 1', stream: 'yes' }, ARROW);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('stream');
  });

  it('cuts the response off when the query fails after it started, and audits why', async () => {
    const queryId = crypto.randomUUID();
    // The first 65,536 rows (16 MB) come at once; rows past 70,000 each hash 3 KB, so row 130,000
    // fails some tenths of a second after the response started (wide rows keep DuckDB from
    // computing far ahead to it). Quick enough in all that the sandbox may run it again for its
    // reason within this file's 2.5 s timeout, even on a busy machine.
    const sql =
      "select i, repeat('x', 200) as pad, md5(repeat('x', case when i > 70000 then 3000 else 0 end)) as h, case when i = 130000 then error('boom at row 130000') end as e from range(200000) t(i)";
    const res = await fetch(`${t.hamgam.url}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ARROW, cookie: await t.as('analyst').cookie() },
      body: JSON.stringify({ sql, rowLimit: 200000, stream: true, queryId }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-streamed')).toBe('true');
    // The body never ends as if it were whole: reading it fails.
    await expect(res.arrayBuffer()).rejects.toThrow();
    const entry = await audited('analyst', queryId);
    expect(entry).toMatchObject({ status: 'failed' });
    expect(entry?.reason).toContain('boom at row 130000');
  });

  it('makes a user wait while a result of theirs is held for a client that stopped reading it', async () => {
    const user = 'analyst:hoarder';
    const queryId = crypto.randomUUID();
    // 200k rows of some 220 bytes: 44 MB, more than the kernel's socket buffers take in.
    const body = JSON.stringify({ sql: "select i, repeat('x', 200) || i as pad from range(200000) t(i)", rowLimit: 200000, queryId });
    const { hostname, port } = new URL(t.hamgam.url);
    const socket = connect(Number(port), hostname);
    socket.write(
      `POST /api/v1/query HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nAccept: ${ARROW}\r\n` +
        `Cookie: ${await t.as(user).cookie()}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    // The client never reads.
    socket.pause();
    await expect.poll(async () => (await audited(user, queryId))?.status, { timeout: 20_000 }).toBe('succeeded');

    const waiting = await run('select 1', user);
    expect(waiting.status).toBe(429);
    expect(waiting.body).toMatchObject({ status: 'busy', code: 'busy_results_user' });
    expect(waiting.body.message).toMatch(/still being downloaded/);
    // Everyone else carries on.
    expect((await run('select 2 as n', 'analyst')).status).toBe(200);

    // The client gone, the result is let go, and the user runs again.
    socket.destroy();
    await expect.poll(async () => (await run('select 3 as n', user)).status, { timeout: 10_000 }).toBe(200);
  });

  it('cancels the query when the client goes away in the middle of its result', async () => {
    const queryId = crypto.randomUUID();
    // Row i hashes its number and 1000·(i/65536)⁴ more bytes: the first batch (65,536 rows, 3 MB
    // of Arrow: every hash differs, so even a client asking for dictionaries would get it over the
    // 1 MB that starts the response) comes in under a second, all 200k rows in far longer than the 2.5 s timeout if left to run.
    const sql = "select i, md5(i::varchar || repeat('x', (1000 * pow(i / 65536.0, 4))::integer)) as h from range(200000) t(i)";
    const abort = new AbortController();
    const res = await fetch(`${t.hamgam.url}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ARROW, cookie: await t.as('analyst:someone').cookie() },
      body: JSON.stringify({ sql, rowLimit: 200000, stream: true, queryId }),
      signal: abort.signal,
    });
    expect(res.headers.get('x-streamed')).toBe('true');
    await res.body!.getReader().read();
    abort.abort();
    let entry;
    for (let i = 0; i < 100 && (!entry || entry.status === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      entry = await audited('analyst:someone', queryId);
    }
    // Cancelled when the client left, not run on to its timeout.
    expect(entry?.status).toBe('cancelled');
  });
});

describe('the audit and history', () => {
  it('records every query: who, the text, duration, rows, refused or not and why', async () => {
    const user = 'analyst:auditor';
    await run('select * from range(3)', user);
    await run("select * from read_csv('/etc/passwd')", user);
    await run('select nosuch from agency', user);
    const history = await send<QueryHistoryResponse>('GET', '/api/v1/query/history', user);
    expect(history.status).toBe(200);
    const [failed, refused, ok] = history.body.items;
    expect(ok).toMatchObject({ sql: 'select * from range(3)', status: 'succeeded', refused: false, rowCount: 3, truncated: false, format: 'json' });
    expect(ok.durationMs).toBeGreaterThanOrEqual(0);
    expect(refused).toMatchObject({ status: 'refused', refused: true });
    expect(refused.reason).toContain('read_csv');
    expect(failed).toMatchObject({ status: 'failed', refused: false });
    expect(failed.reason).toContain('nosuch');
    // Only one's own history.
    const other = await send<QueryHistoryResponse>('GET', '/api/v1/query/history', 'analyst:someone');
    expect(other.body.items.some((i) => i.sql.includes('read_csv') && i.queryId === refused.queryId)).toBe(false);
  });
});

describe('exports', () => {
  let queryId: string;
  const sql = "select agency_id, name_fa, 1.5::double as ratio, 12::bigint as n from agency order by agency_id";

  beforeAll(async () => {
    queryId = (await run(sql, 'analyst:exporter')).body.queryId;
  });

  it('CSV in UTF-8 with a byte-order mark', async () => {
    const res = await send<Buffer>('GET', `/api/v1/query/${queryId}/export?format=csv`, 'analyst:exporter');
    expect(res.status).toBe(200);
    expect([...res.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.body.subarray(3).toString('utf8').trim().split('\n');
    expect(lines[0]).toBe('agency_id,name_fa,ratio,n');
    expect(lines.length - 1).toBe(t.hamgam.agencies.length);
    expect(res.headers.get('content-disposition')).toContain('.csv');
  });

  it('XLSX through exceljs, numbers as numbers', async () => {
    const res = await send<Buffer>('GET', `/api/v1/query/${queryId}/export?format=xlsx`, 'analyst:exporter');
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([undefined, 'agency_id', 'name_fa', 'ratio', 'n']);
    expect(sheet.getRow(2).getCell(4).value).toBe(12);
    expect(sheet.rowCount).toBe(t.hamgam.agencies.length + 1);
  });

  it('Parquet written by DuckDB, and Arrow IPC', async () => {
    const parquet = await send<Buffer>('GET', `/api/v1/query/${queryId}/export?format=parquet`, 'analyst:exporter');
    expect(parquet.status).toBe(200);
    expect(parquet.body.subarray(0, 4).toString()).toBe('PAR1');
    expect(parquet.body.subarray(-4).toString()).toBe('PAR1');
    const arrow = await import('apache-arrow');
    const ipc = await send<Buffer>('GET', `/api/v1/query/${queryId}/export?format=arrow`, 'analyst:exporter');
    expect(arrow.tableFromIPC(new Uint8Array(ipc.body)).numRows).toBe(t.hamgam.agencies.length);
  });

  it("refuses another user's query, unknown formats and refused queries", async () => {
    expect((await send('GET', `/api/v1/query/${queryId}/export?format=csv`, 'analyst:thief')).status).toBe(404);
    expect((await send('GET', `/api/v1/query/${queryId}/export?format=xml`, 'analyst:exporter')).status).toBe(400);
    const refused = await run('drop table agency', 'analyst:exporter');
    expect((await send('GET', `/api/v1/query/${refused.body.queryId}/export?format=csv`, 'analyst:exporter')).status).toBe(409);
  });
});

describe('GET /api/v1/query/schema', () => {
  it('lists every dictionary table and column, typed, in Persian and English', async () => {
    const res = await send<QuerySchemaResponse>('GET', '/api/v1/query/schema', 'analyst');
    expect(res.status).toBe(200);
    expect(res.body.tables.map((x) => x.name)).toEqual(ANALYSIS_DICTIONARY.map((x) => x.name));
    const requests = res.body.tables.find((x) => x.name === 'service_daily')!.columns.find((c) => c.name === 'requests')!;
    expect(requests).toMatchObject({ type: 'BIGINT', descriptionEn: 'Requests received' });
    expect(requests.descriptionFa).toMatch(/درخواست/);
    expect(res.body.tableFunctions).toContain('range');
    expect(res.body.tables.flatMap((x) => x.columns).every((c) => c.type !== 'UNKNOWN')).toBe(true);
  });
});

describe('saved queries', () => {
  it('creates, lists, shares, updates and deletes, with owners and privacy', async () => {
    const created = await send<SavedQuery>('POST', '/api/v1/queries', 'analyst:owner', { name: 'Weekly requests', description: 'درخواست‌های هفتگی', sql: 'select 1' });
    expect(created.status).toBe(201);
    const owner = await getUserByUsername(t.hamgam.warehouse.db, 'analyst.owner');
    expect(created.body).toMatchObject({ ownerId: owner!.user_id, name: 'Weekly requests', shared: false });
    const id = created.body.id;
    expect((await send('GET', `/api/v1/queries/${id}`, 'analyst:other')).status).toBe(404);
    expect((await send<SavedQueriesResponse>('GET', '/api/v1/queries', 'analyst:other')).body.items.some((q) => q.id === id)).toBe(false);

    const shared = await send<SavedQuery>('PATCH', `/api/v1/queries/${id}`, 'analyst:owner', { shared: true, sql: 'select 2' });
    expect(shared.body).toMatchObject({ shared: true, sql: 'select 2' });
    expect((await send<SavedQuery>('GET', `/api/v1/queries/${id}`, 'analyst:other')).body.sql).toBe('select 2');
    expect((await send('PATCH', `/api/v1/queries/${id}`, 'analyst:other', { name: 'mine now' })).status).toBe(403);
    expect((await send('DELETE', `/api/v1/queries/${id}`, 'analyst:other')).status).toBe(403);

    expect((await send('POST', '/api/v1/queries', 'analyst:owner', { name: '', sql: 'select 1' })).status).toBe(400);
    expect((await send('DELETE', `/api/v1/queries/${id}`, 'analyst:owner')).status).toBe(200);
    expect((await send('GET', `/api/v1/queries/${id}`, 'analyst:owner')).status).toBe(404);
  });
});
