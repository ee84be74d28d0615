/**
 * Starts the real Hamgam server in-process on a real port, over a fresh DuckDB file, pulling from
 * the real simulator; the test drives the pipelines (schedules off) so it knows when data is in.
 *
 * The server starts in demo mode (one account per role). `t.get` and `t.fetch` sign in once as the
 * default role (minister unless `role` says otherwise) and send its session cookie; `t.as(who)`
 * does the same for another caller: a demo role (`analyst`, `agency`, `admin`…) or `role:name`, a
 * user of that role created for the test (agency users bound to `ncr` unless `agency:<id>@name`).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { DEMO_ACCOUNTS, SESSION_COOKIE, type HamgamConfig, type RunningHamgam, hashPassword, loadConfig, startHamgam } from '@hamgam/server';
import { getUserByUsername, insertUser } from '@hamgam/warehouse';
import { copyPulledWarehouse } from './pulled-warehouse.js';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

export type DemoRole = keyof typeof DEMO_ACCOUNTS;
export { DEMO_ACCOUNTS, SESSION_COOKIE };

export interface Answer<T> {
  status: number;
  body: T;
  headers: Headers;
}

export interface ApiClient {
  get<T>(path: string): Promise<Answer<T>>;
  /** A request with a JSON body (when given), answered as JSON, text or bytes by its content type. */
  send<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer<T>>;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** `hamgam_session=…`, for a Cookie header. */
  cookie(): Promise<string>;
}

export interface TestHamgam extends ApiClient {
  hamgam: RunningHamgam;
  /** A client signed in as a demo role or `role:name` (see above). */
  as(who: string): ApiClient;
  /** Signs in and returns the raw answer (status, set-cookie). */
  signIn(username: string, password: string, headers?: Record<string, string>): Promise<Response>;
  stop(): Promise<void>;
}

export const TEST_PASSWORD = 'test-password-1405';

async function decode<T>(res: Response): Promise<Answer<T>> {
  const type = res.headers.get('content-type') ?? '';
  const body = (type.includes('json') ? await res.json() : type.startsWith('text/') ? await res.text() : Buffer.from(await res.arrayBuffer())) as T;
  return { status: res.status, body, headers: res.headers };
}

function testConfig(warehousePath: string, overrides: Partial<HamgamConfig> = {}): HamgamConfig {
  return {
    ...loadConfig({}),
    port: 0,
    host: '127.0.0.1',
    warehousePath,
    simulator: { enabled: true, port: 0, seed: 1405 },
    schedulesEnabled: false,
    pullOnStart: false,
    webDist: join(repoRoot, 'web/dist'),
    ...overrides,
  };
}

/** The shared pulled warehouse is made the way a test would make it: a server and its full pull. */
async function buildPulledWarehouse(path: string): Promise<void> {
  const hamgam = await startHamgam(testConfig(path), { logLevels: ['error'] });
  try {
    const { runs } = await hamgam.pipelines.sync();
    const failed = runs.filter((r) => r.status === 'failed');
    if (failed.length) throw new Error(`the full pull failed for ${failed.length} sources: ${failed[0].sourceId}: ${failed[0].error}`);
  } finally {
    await hamgam.close();
  }
}

export interface StartTestOptions {
  /** The demo role (or `role:name`) of `t.get`/`t.send`; default minister. */
  role?: string;
  /**
   * Start over a copy of this run's shared warehouse, already filled by a full pull of the
   * simulator and its weekly snapshots (test/support/pulled-warehouse.ts), instead of an empty one.
   */
  pulled?: boolean;
}

export async function startTestHamgam(overrides: Partial<HamgamConfig> = {}, opts: StartTestOptions = {}): Promise<TestHamgam> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hamgam-test-'));
  const warehousePath = join(dataDir, 'hamgam.duckdb');
  if (opts.pulled) await copyPulledWarehouse(warehousePath, buildPulledWarehouse);
  const hamgam = await startHamgam(testConfig(warehousePath, overrides), { logLevels: ['error'] });

  const signIn = (username: string, password: string, headers: Record<string, string> = {}) =>
    fetch(`${hamgam.url}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username, password }) });

  const cookies = new Map<string, Promise<string>>();
  async function signInAs(who: string): Promise<string> {
    let username: string;
    let password: string;
    if (who in DEMO_ACCOUNTS) {
      ({ username, password } = DEMO_ACCOUNTS[who as DemoRole]);
    } else {
      const [role, rest = ''] = who.split(':', 2);
      const [agency, name] = rest.includes('@') ? rest.split('@', 2) : ['ncr', rest];
      if (!(role in DEMO_ACCOUNTS) || !name) throw new Error(`unknown test caller "${who}": a demo role or role:name`);
      username = `${role}.${name}`.toLowerCase().replace(/[^a-z0-9._-]/g, '-').slice(0, 64);
      password = TEST_PASSWORD;
      if (!(await getUserByUsername(hamgam.warehouse.db, username))) {
        await insertUser(hamgam.warehouse.db, {
          user_id: randomUUID(),
          username,
          display_name: username,
          role: role as DemoRole,
          agency_id: role === 'agency' ? agency : null,
          password_hash: await hashPassword(password),
          created_at: new Date(),
          disabled: false,
        });
      }
    }
    const res = await signIn(username, password);
    if (res.status !== 200) throw new Error(`sign-in as ${who} answered ${res.status}: ${await res.text()}`);
    return /hamgam_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
  }

  function client(who: string): ApiClient {
    const cookie = () => {
      if (!cookies.has(who)) cookies.set(who, signInAs(who));
      return cookies.get(who)!;
    };
    const doFetch = async (path: string, init: RequestInit = {}) =>
      fetch(`${hamgam.url}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie: await cookie() } });
    return {
      cookie,
      fetch: doFetch,
      get: async <T>(path: string) => decode<T>(await doFetch(path)),
      send: async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
        decode<T>(
          await doFetch(path, {
            method,
            headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
            body: body === undefined ? undefined : JSON.stringify(body),
          }),
        ),
    };
  }

  const main = client(opts.role ?? 'minister');
  return {
    ...main,
    hamgam,
    as: client,
    signIn,
    async stop() {
      await hamgam.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs a playwright context in as a demo role (or `role:name`): sets the session cookie on it. */
export async function signInBrowser(context: BrowserContext, t: TestHamgam, role = 'minister'): Promise<void> {
  const [name, value] = (await t.as(role).cookie()).split('=', 2);
  await context.addCookies([{ name, value, url: t.hamgam.url, httpOnly: true, sameSite: 'Lax' }]);
}
