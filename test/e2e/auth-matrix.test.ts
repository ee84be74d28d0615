/**
 * Sign-in, roles and scope on the real server: every route with no session, an expired one, a
 * forged one and each role, asserting 200/401/403/404; an agency user asking for another agency's
 * data by path, query, body and filter gets nothing of it; tokens; the audit of what this test did;
 * throttling; security headers, CORS and body limits.
 *
 * Another agency's detail answers 404, like an unknown id, so that an agency user cannot tell
 * "not yours" from "does not exist" (docs/decisions/0005-sign-in-and-roles.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, CreatedApiToken, ExchangeNetworkResponse, MeResponse, ScoreboardResponse } from '@hamgam/shared';
import { AuthService } from '@hamgam/server';
import { getUserByUsername } from '@hamgam/warehouse';
import { DEMO_ACCOUNTS, type TestHamgam, startTestHamgam } from '../support/start-hamgam.js';

let t: TestHamgam;
let board: ScoreboardResponse;
/** An agency that is not ncr and has no exchange with it: nothing of it may reach ncr's officer. */
let other: { agencyId: string; nameFa: string; nameEn: string };

const ROLES = ['minister', 'analyst', 'agency', 'admin'] as const;
type Who = 'none' | (typeof ROLES)[number];

beforeAll(async () => {
  t = await startTestHamgam({}, { pulled: true });
  board = (await t.get<ScoreboardResponse>('/api/v1/scoreboard')).body;
  const network = (await t.get<ExchangeNetworkResponse>('/api/v1/exchange/network')).body;
  const partners = new Set(network.edges.flatMap((e) => (e.providerAgencyId === 'ncr' || e.consumerAgencyId === 'ncr' ? [e.providerAgencyId, e.consumerAgencyId] : [])));
  const row = board.rows.find((r) => r.agencyId !== 'ncr' && !partners.has(r.agencyId) && network.nodes.some((n) => n.agencyId === r.agencyId))!;
  other = { agencyId: row.agencyId, nameFa: row.nameFa, nameEn: row.nameEn };
}, 240_000);

afterAll(async () => {
  await t?.stop();
});

async function call(who: Who, method: string, path: string, body?: unknown): Promise<number> {
  if (who === 'none') {
    const res = await fetch(`${t.hamgam.url}${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
    await res.arrayBuffer();
    return res.status;
  }
  return (await t.as(who).send(method, path, body)).status;
}

describe('the role matrix', () => {
  //                                     none minister analyst agency admin
  const matrix: [string, string, number[], unknown?][] = [
    ['GET', '/api/v1/scoreboard', [401, 200, 200, 200, 200]],
    ['GET', '/api/v1/scoreboard/weeks', [401, 200, 200, 200, 200]],
    ['GET', '/api/v1/scoreboard/trend', [401, 200, 200, 200, 200]],
    ['GET', '/api/v1/scoreboard/movers', [401, 200, 200, 200, 200]],
    ['GET', '/api/v1/agencies/ncr', [401, 200, 200, 200, 200]],
    ['GET', '/api/v1/agencies/ncr/breakdown', [401, 200, 200, 200, 200]],
    ['GET', '/api/v1/agencies/OTHER', [401, 200, 200, 404, 200]],
    ['GET', '/api/v1/agencies/OTHER/breakdown', [401, 200, 200, 404, 200]],
    ['GET', '/api/v1/agencies/no-such-agency', [401, 404, 404, 404, 404]],
    ['GET', '/api/v1/agencies/ncr/improvements', [401, 200, 200, 200, 200]],
    ['GET', '/api/v1/agencies/ncr/sector-median', [401, 200, 200, 200, 200]],
    ['GET', '/api/v1/agencies/ncr/trend', [401, 200, 200, 200, 200]],
    ['GET', '/api/v1/agencies/OTHER/improvements', [401, 200, 200, 404, 200]],
    ['GET', '/api/v1/agencies/OTHER/sector-median', [401, 200, 200, 404, 200]],
    ['GET', '/api/v1/agencies/OTHER/trend', [401, 200, 200, 404, 200]],
    ['GET', '/api/v1/agencies/no-such-agency/improvements', [401, 404, 404, 404, 404]],
    ['GET', '/api/v1/annotations', [401, 200, 200, 200, 200]],
    ['GET', '/api/v1/annotations?agency=OTHER', [401, 200, 200, 200, 200]],
    ['GET', '/api/v1/annotations/no-such-annotation', [401, 404, 404, 404, 404]],
    ['POST', '/api/v1/annotations', [401, 403, 403, 400, 403], { agencyId: 'ncr', week: 'not-a-day', figure: 'index', kind: 'note', text: 'x' }],
    ['POST', '/api/v1/annotations', [401, 403, 403, 404, 403], { agencyId: 'OTHER', week: 'LATEST', figure: 'index', kind: 'note', text: 'x' }],
    ['POST', '/api/v1/annotations/no-such-annotation/answer', [401, 403, 403, 403, 404], { text: 'x' }],
    ['POST', '/api/v1/annotations/no-such-annotation/resolve', [401, 403, 403, 403, 404], {}],
    ['POST', '/api/v1/annotations/no-such-annotation/withdraw', [401, 403, 403, 404, 403], {}],
    ['GET', '/api/v1/exchange/network', [401, 200, 200, 200, 200]],
    ['GET', '/api/v1/exchange/agencies/ncr', [401, 200, 200, 200, 200]],
    ['GET', '/api/v1/exchange/agencies/OTHER', [401, 200, 200, 404, 200]],
    ['GET', '/api/v1/exchange/once-only', [401, 200, 200, 200, 200]],
    ['GET', '/api/v1/exchange/once-only?agency=OTHER', [401, 200, 200, 404, 200]],
    ['GET', '/api/v1/reports/weekly?format=csv', [401, 200, 200, 403, 200]],
    ['GET', '/api/v1/pipelines/runs', [401, 403, 403, 200, 200]],
    ['GET', '/api/v1/pipelines/rejects', [401, 403, 403, 200, 200]],
    ['GET', '/api/v1/pipelines/sources', [401, 403, 403, 200, 200]],
    ['GET', '/api/v1/query/schema', [401, 200, 200, 403, 200]],
    ['GET', '/api/v1/query/history', [401, 200, 200, 403, 200]],
    ['POST', '/api/v1/query', [401, 200, 200, 403, 200], { sql: 'select 1' }],
    ['GET', '/api/v1/queries', [401, 200, 200, 403, 200]],
    ['GET', '/api/v1/auth/me', [401, 200, 200, 200, 200]],
    ['GET', '/api/v1/auth/tokens', [401, 200, 200, 200, 200]],
    ['GET', '/api/v1/admin/users', [401, 403, 403, 403, 200]],
    ['GET', '/api/v1/admin/audit', [401, 403, 403, 403, 200]],
    ['GET', '/api/v1/admin/audit?from=2026-01-01&to=2026-12-31&before=999999', [401, 403, 403, 403, 200]],
    ['GET', '/api/v1/admin/audit?from=yesterday', [401, 403, 403, 403, 400]],
    ['GET', '/api/v1/admin/agencies', [401, 403, 403, 403, 200]],
    ['POST', '/api/v1/admin/users', [401, 403, 403, 403, 400], { username: 'x' }],
    ['PATCH', '/api/v1/admin/users/nobody', [401, 403, 403, 403, 404], { disabled: true }],
    ['GET', '/health', [200, 200, 200, 200, 200]],
    ['GET', '/api/docs/openapi.json', [200, 200, 200, 200, 200]],
  ];

  it.each(matrix)('%s %s', async (method, rawPath, expected, body) => {
    const path = rawPath.replace('OTHER', other.agencyId);
    const withIds = body && JSON.parse(JSON.stringify(body).replace('"OTHER"', JSON.stringify(other.agencyId)).replace('"LATEST"', JSON.stringify(board.week.end)));
    const got: number[] = [];
    for (const who of ['none', ...ROLES] as Who[]) got.push(await call(who, method, path, withIds));
    expect(got, `${method} ${path} as none/minister/analyst/agency/admin`).toEqual(expected);
  });

  it('answers 401 to an expired session and to forged cookies', async () => {
    const cookie = await t.as('analyst:expiring').cookie();
    expect((await fetch(`${t.hamgam.url}/api/v1/scoreboard`, { headers: { cookie } })).status).toBe(200);
    const user = await getUserByUsername(t.hamgam.warehouse.db, 'analyst.expiring');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await (t.hamgam.warehouse.db as any).updateTable('user_session').set({ expires_at: new Date(Date.now() - 60_000) }).where('user_id', '=', user!.user_id).execute();
    // Written around the service, so it must be told: it remembers live sessions for a second.
    t.hamgam.app.get(AuthService).forgetSessions();
    expect((await fetch(`${t.hamgam.url}/api/v1/scoreboard`, { headers: { cookie } })).status).toBe(401);

    const good = await t.as('minister').cookie();
    const forged = [good.slice(0, -2) + (good.endsWith('AA') ? 'BB' : 'AA'), 'hamgam_session=abc.def', 'hamgam_session=' + good.split('=')[1].split('.')[0]];
    for (const c of forged) expect((await fetch(`${t.hamgam.url}/api/v1/scoreboard`, { headers: { cookie: c } })).status, c).toBe(401);
    expect((await fetch(`${t.hamgam.url}/api/v1/scoreboard`, { headers: { authorization: 'Bearer hgm_not-a-token' } })).status).toBe(401);
  });

  it('never serves one role the cached answer of another', async () => {
    const agency = await t.as('agency').get<ExchangeNetworkResponse>('/api/v1/exchange/network');
    const minister = await t.as('minister').get<ExchangeNetworkResponse>('/api/v1/exchange/network');
    expect(agency.body.othersAggregated).toBeDefined();
    expect(minister.body.othersAggregated).toBeUndefined();
    expect(minister.body.edges.length).toBeGreaterThan(agency.body.edges.length);
  });
});

describe("an agency user and another agency's data", () => {
  const leaks = (text: string) => [other.agencyId, other.nameFa, other.nameEn].filter((s) => text.includes(s));

  it('sees the published scoreboard of every agency', async () => {
    const res = await t.as('agency').get<ScoreboardResponse>('/api/v1/scoreboard');
    expect(res.body.rows.length).toBe(board.rows.length);
  });

  it('gets nothing of it by path, query, filter or body', async () => {
    const agency = t.as('agency');
    const detail = [
      '/api/v1/agencies/ncr',
      '/api/v1/agencies/ncr/breakdown',
      '/api/v1/exchange/agencies/ncr',
      '/api/v1/exchange/once-only',
      '/api/v1/exchange/network',
      '/api/v1/pipelines/runs',
      `/api/v1/pipelines/runs?agency=${other.agencyId}`,
      '/api/v1/pipelines/rejects',
      `/api/v1/pipelines/rejects?agency=${other.agencyId}`,
      '/api/v1/pipelines/sources',
      '/api/v1/agencies/ncr/improvements',
      '/api/v1/agencies/ncr/sector-median',
      '/api/v1/agencies/ncr/trend',
      '/api/v1/annotations',
      `/api/v1/annotations?agency=${other.agencyId}`,
    ];
    for (const path of detail) {
      const res = await agency.fetch(path);
      expect(res.status, path).toBe(200);
      expect(leaks(await res.text()), path).toEqual([]);
    }
    const runs = await agency.get<{ runs: { agencyId: string }[] }>(`/api/v1/pipelines/runs?agency=${other.agencyId}`);
    expect(runs.body.runs).toEqual([]);
    expect((await agency.get<{ runs: { agencyId: string }[] }>('/api/v1/pipelines/runs')).body.runs.every((r) => r.agencyId === 'ncr')).toBe(true);
    const network = await agency.get<ExchangeNetworkResponse>('/api/v1/exchange/network');
    expect(network.body.edges.every((e) => e.providerAgencyId === 'ncr' || e.consumerAgencyId === 'ncr')).toBe(true);
    expect(network.body.othersAggregated!.pairs).toBeGreaterThan(0);
    // By body: the SQL workbench is closed to agency users.
    expect((await agency.send('POST', '/api/v1/query', { sql: `select * from service_daily where agency_id = '${other.agencyId}'` })).status).toBe(403);
    // By path with tricks (case, a trailing slash, dot segments): a 404 that at most echoes the id asked.
    for (const path of [`/api/v1/agencies/${other.agencyId.toUpperCase()}`, `/api/v1/agencies/${other.agencyId}/`, `/api/v1/agencies/ncr/../${other.agencyId}`, `/api/v1/agencies/${other.agencyId}/breakdown/`]) {
      const res = await agency.fetch(path);
      expect(res.status, path).toBe(404);
      const text = await res.text();
      expect([other.nameFa, other.nameEn].filter((s) => text.includes(s)), path).toEqual([]);
    }
  });

  it('keeps its scope through an API token', async () => {
    const created = await t.as('agency').send<CreatedApiToken>('POST', '/api/v1/auth/tokens', { name: 'feed checker' });
    const bearer = { authorization: `Bearer ${created.body.token}` };
    expect((await fetch(`${t.hamgam.url}/api/v1/agencies/ncr`, { headers: bearer })).status).toBe(200);
    expect((await fetch(`${t.hamgam.url}/api/v1/agencies/${other.agencyId}`, { headers: bearer })).status).toBe(404);
  });
});

describe('API tokens', () => {
  it('are shown once, stored hashed, act as their user, cannot mint tokens, and stop when revoked', async () => {
    const analyst = t.as('analyst');
    const created = await analyst.send<CreatedApiToken>('POST', '/api/v1/auth/tokens', { name: 'notebook' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^hgm_/);
    const listed = await analyst.get<{ id: string; token?: string }[]>('/api/v1/auth/tokens');
    expect(listed.body.find((x) => x.id === created.body.id)).toBeDefined();
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);

    const bearer = { authorization: `Bearer ${created.body.token}` };
    const me = (await (await fetch(`${t.hamgam.url}/api/v1/auth/me`, { headers: bearer })).json()) as MeResponse;
    expect(me).toMatchObject({ username: DEMO_ACCOUNTS.analyst.username, role: 'analyst', via: 'token' });
    const mint = await fetch(`${t.hamgam.url}/api/v1/auth/tokens`, { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: '{"name":"more"}' });
    expect(mint.status).toBe(403);

    expect((await t.as('minister').send('DELETE', `/api/v1/auth/tokens/${created.body.id}`)).status).toBe(404);
    expect((await analyst.send('DELETE', `/api/v1/auth/tokens/${created.body.id}`)).status).toBe(204);
    expect((await fetch(`${t.hamgam.url}/api/v1/auth/me`, { headers: bearer })).status).toBe(401);
  });
});

describe('sign-in', () => {
  it('sets an HttpOnly SameSite=Lax cookie with an expiry, Secure behind TLS, and signs out', async () => {
    const plain = await t.signIn(DEMO_ACCOUNTS.minister.username, DEMO_ACCOUNTS.minister.password);
    const cookie = plain.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^hamgam_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+; Expires=/);
    expect(cookie).not.toContain('Secure');
    const tls = await t.signIn(DEMO_ACCOUNTS.minister.username, DEMO_ACCOUNTS.minister.password, { 'x-forwarded-proto': 'https' });
    expect(tls.headers.get('set-cookie')).toContain('; Secure');

    const session = /hamgam_session=[^;]+/.exec(cookie)![0];
    expect((await fetch(`${t.hamgam.url}/api/v1/auth/me`, { headers: { cookie: session } })).status).toBe(200);
    const out = await fetch(`${t.hamgam.url}/api/v1/auth/sign-out`, { method: 'POST', headers: { cookie: session } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await fetch(`${t.hamgam.url}/api/v1/auth/me`, { headers: { cookie: session } })).status).toBe(401);
  });

  it('serves a cached answer only while the session lives: not after sign-out, never to a forged cookie', async () => {
    const signedIn = await t.signIn(DEMO_ACCOUNTS.minister.username, DEMO_ACCOUNTS.minister.password);
    const session = /hamgam_session=[^;]+/.exec(signedIn.headers.get('set-cookie')!)![0];
    const url = `${t.hamgam.url}/api/v1/scoreboard?cached-session-check=1`;
    expect((await fetch(url, { headers: { cookie: session } })).headers.get('x-cache')).toBe('miss');
    const hit = await fetch(url, { headers: { cookie: session } });
    expect([hit.status, hit.headers.get('x-cache')]).toEqual([200, 'hit']);
    expect(hit.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const forged = session.slice(0, -2) + (session.endsWith('AA') ? 'BB' : 'AA');
    expect((await fetch(url, { headers: { cookie: forged } })).status).toBe(401);
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(`${t.hamgam.url}/api/v1/auth/sign-out`, { method: 'POST', headers: { cookie: session } })).status).toBe(204);
    const after = await fetch(url, { headers: { cookie: session } });
    expect([after.status, after.headers.get('x-cache')]).toEqual([401, null]);
  });

  it('answers alike for an unknown user and a wrong password, and validates the body', async () => {
    const unknown = await t.signIn('nobody-at-all', 'whatever-password');
    const wrong = await t.signIn(DEMO_ACCOUNTS.analyst.username, 'not-the-password');
    expect([unknown.status, wrong.status]).toEqual([401, 401]);
    expect(await unknown.json()).toEqual(await wrong.json());
    const bad = await fetch(`${t.hamgam.url}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":"x"}' });
    expect(bad.status).toBe(400);
    const malformed = await fetch(`${t.hamgam.url}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' });
    expect(malformed.status).toBe(400);
  });

  it('throttles repeated failures for a username with 429, the right password included', async () => {
    await t.as('analyst:throttled').cookie(); // creates the user
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await t.signIn('analyst.throttled', `wrong-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await t.signIn('analyst.throttled', 'test-password-1405')).status).toBe(429);
  });
});

describe('admin', () => {
  it('creates a user bound to an agency, disables it (ending its sessions), and sees it all in the audit', async () => {
    const admin = t.as('admin');
    const created = await admin.send<{ id: string; role: string; agencyId: string }>('POST', '/api/v1/admin/users', { username: 'officer.two', role: 'agency', agencyId: 'ncr', password: 'a-long-password' });
    expect(created.status).toBe(201);
    expect((await admin.send('POST', '/api/v1/admin/users', { username: 'officer.two', role: 'agency', agencyId: 'ncr', password: 'a-long-password' })).status).toBe(409);
    expect((await admin.send('POST', '/api/v1/admin/users', { username: 'officer.three', role: 'agency', password: 'a-long-password' })).status).toBe(400);
    const signIn = await t.signIn('officer.two', 'a-long-password');
    const session = /hamgam_session=[^;]+/.exec(signIn.headers.get('set-cookie')!)![0];
    expect((await fetch(`${t.hamgam.url}/api/v1/agencies/ncr`, { headers: { cookie: session } })).status).toBe(200);
    expect((await admin.send('PATCH', `/api/v1/admin/users/${created.body.id}`, { disabled: true })).status).toBe(200);
    expect((await fetch(`${t.hamgam.url}/api/v1/agencies/ncr`, { headers: { cookie: session } })).status).toBe(401);
    expect((await t.signIn('officer.two', 'a-long-password')).status).toBe(401);

    // An export of each kind, for the audit.
    expect((await t.as('analyst').get('/api/v1/reports/weekly?format=csv')).status).toBe(200);
    const run = await t.as('analyst').send<{ queryId: string }>('POST', '/api/v1/query', { sql: 'select 1 as n' });
    expect((await t.as('analyst').get(`/api/v1/query/${run.body.queryId}/export?format=csv`)).status).toBe(200);

    const audit = (await admin.get<AuditEntry[]>('/api/v1/admin/audit?limit=1000')).body;
    const actions = new Set(audit.map((a) => `${a.action} ${a.actor}`));
    for (const expected of [
      'auth.sign_in minister',
      'auth.sign_in_failed nobody-at-all',
      'auth.sign_in_throttled analyst.throttled',
      'auth.sign_out minister',
      'token.create analyst',
      'token.use analyst',
      'token.revoke analyst',
      'admin.user_create admin',
      'admin.user_update admin',
      'report.export analyst',
      'query.export analyst',
    ]) expect(actions, expected).toContain(expected);
    expect(audit.find((a) => a.action === 'admin.user_update')).toMatchObject({ target: 'officer.two', detail: { disabled: true } });
    expect(JSON.stringify(audit)).not.toMatch(/a-long-password|test-password|demo-1405/);
  });
});

describe('security headers, CORS and limits', () => {
  it('sends CSP, frame denial, nosniff and a referrer policy; HSTS only over TLS', async () => {
    for (const path of ['/', '/api/v1/scoreboard']) {
      const res = await t.fetch(path);
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
    expect((await t.fetch('/', { headers: { 'x-forwarded-proto': 'https' } })).headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  it('allows no other origin: no CORS grant, and writes from elsewhere refused', async () => {
    const read = await t.fetch('/api/v1/scoreboard/weeks', { headers: { origin: 'https://evil.example' } });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    const write = await t.as('analyst').fetch('/api/v1/auth/tokens', { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body: '{"name":"x"}' });
    expect(write.status).toBe(403);
  });

  it('refuses a JSON body over the limit with 413', async () => {
    const res = await t.as('analyst').fetch('/api/v1/query', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql: `select '${'x'.repeat(300_000)}'` }) });
    expect(res.status).toBe(413);
  });
});

describe('the sign-in page', () => {
  it('signs in from the form in Persian, says only "wrong username or password", and signs out from the header', async () => {
    const { launchChromium } = await import('../support/browser.js');
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      await page.goto(`${t.hamgam.url}/`);
      await page.getByTestId('sign-in').waitFor();
      expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
      for (const [username, password] of [['no-such-user', 'whatever-1'], [DEMO_ACCOUNTS.minister.username, 'wrong-password']]) {
        await page.getByTestId('sign-in-username').fill(username);
        await page.getByTestId('sign-in-password').fill(password);
        await page.getByTestId('sign-in-submit').click();
        await expect.poll(() => page.getByTestId('sign-in-error').textContent()).toBe('نام کاربری یا گذرواژه درست نیست.');
      }
      await page.getByTestId('sign-in-username').fill(DEMO_ACCOUNTS.minister.username);
      await page.getByTestId('sign-in-password').fill(DEMO_ACCOUNTS.minister.password);
      await page.getByTestId('sign-in-submit').click();
      await page.getByTestId('scoreboard-row').first().waitFor({ timeout: 20_000 });
      await page.getByTestId('sign-out').click();
      await page.getByTestId('sign-in').waitFor({ timeout: 10_000 });
    } finally {
      await browser.close();
    }
  }, 60_000);
});
