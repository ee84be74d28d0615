import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../connection.js';
import { openMigratedWarehouse } from '../testing.js';
import {
  countUsers,
  getLiveApiToken,
  getLiveSession,
  getUserByUsername,
  insertApiToken,
  insertAudit,
  insertSession,
  insertUser,
  listAudit,
  revokeApiToken,
  updateUser,
} from './auth.repository.js';

let w: Warehouse;
const at = new Date('2026-03-21T00:00:00Z');

beforeAll(async () => {
  w = await openMigratedWarehouse();
  await insertUser(w.db, { user_id: 'u1', username: 'sara', display_name: 'Sara', role: 'agency', agency_id: 'ncr', password_hash: 'h', created_at: at, disabled: false });
});
afterAll(() => w.close());

describe('auth repository', () => {
  it('refuses an agency user without an agency, and a duplicate username', async () => {
    await expect(insertUser(w.db, { user_id: 'u2', username: 'x', display_name: 'X', role: 'agency', agency_id: null, password_hash: 'h', created_at: at, disabled: false })).rejects.toThrow();
    await expect(insertUser(w.db, { user_id: 'u3', username: 'sara', display_name: 'S', role: 'admin', agency_id: null, password_hash: 'h', created_at: at, disabled: false })).rejects.toThrow();
    expect(await countUsers(w.db)).toBe(1);
  });

  it('finds a session only while it is live and its user enabled', async () => {
    await insertSession(w.db, { session_hash: 's1', user_id: 'u1', created_at: at, expires_at: new Date(at.getTime() + 3600_000), last_seen_at: at });
    expect((await getLiveSession(w.db, 's1', at))?.agency_id).toBe('ncr');
    expect(await getLiveSession(w.db, 's1', new Date(at.getTime() + 7200_000))).toBeUndefined();
    await updateUser(w.db, 'u1', { disabled: true });
    expect(await getLiveSession(w.db, 's1', at)).toBeUndefined();
    await updateUser(w.db, 'u1', { disabled: false });
    expect((await getUserByUsername(w.db, 'sara'))?.disabled).toBe(false);
  });

  it('revokes a token only for its owner', async () => {
    await insertApiToken(w.db, { token_id: 't1', token_hash: 'th', user_id: 'u1', name: 'script', created_at: at, last_used_at: null, revoked_at: null });
    expect((await getLiveApiToken(w.db, 'th'))?.username).toBe('sara');
    expect(await revokeApiToken(w.db, 'someone', 't1', at)).toBe(false);
    expect(await revokeApiToken(w.db, 'u1', 't1', at)).toBe(true);
    expect(await getLiveApiToken(w.db, 'th')).toBeUndefined();
  });

  it('keeps the audit newest first', async () => {
    await insertAudit(w.db, { at, actor: 'sara', action: 'auth.sign_in', target: null, detail: null, ip: '127.0.0.1' });
    await insertAudit(w.db, { at, actor: 'sara', action: 'report.export', target: 'weekly', detail: JSON.stringify({ format: 'csv' }), ip: null });
    const rows = await listAudit(w.db, { limit: 10 });
    expect(rows.map((r) => r.action)).toEqual(['report.export', 'auth.sign_in']);
    expect(JSON.parse(String(rows[0].detail))).toEqual({ format: 'csv' });
  });

  it('stops finding a token once its expiry has passed', async () => {
    const expires = new Date(at.getTime() + 86_400_000);
    await insertApiToken(w.db, { token_id: 't2', token_hash: 'th2', user_id: 'u1', name: 'week', created_at: at, last_used_at: null, revoked_at: null, expires_at: expires });
    expect((await getLiveApiToken(w.db, 'th2', at))?.expires_at).toBe(expires.toISOString());
    expect(await getLiveApiToken(w.db, 'th2', new Date(expires.getTime() + 1))).toBeUndefined();
    // Without an expiry a token lives until revoked, however late it is asked for.
    await insertApiToken(w.db, { token_id: 't3', token_hash: 'th3', user_id: 'u1', name: 'forever', created_at: at, last_used_at: null, revoked_at: null });
    expect((await getLiveApiToken(w.db, 'th3', new Date('2099-01-01T00:00:00Z')))?.name).toBe('forever');
  });

  it('filters the audit by action, actor and time, and pages on by id', async () => {
    const day = (d: string) => new Date(`${d}T08:00:00Z`);
    for (const [d, actor, action] of [['2026-04-01', 'amir', 'auth.sign_in'], ['2026-04-02', 'amir', 'token.create'], ['2026-04-03', 'neda', 'auth.sign_in'], ['2026-04-04', 'amir', 'auth.sign_in']] as const) {
      await insertAudit(w.db, { at: day(d), actor, action, target: null, detail: null, ip: null });
    }
    const amirSignIns = await listAudit(w.db, { limit: 10, actor: 'amir', action: 'auth.sign_in' });
    expect(amirSignIns.map((r) => r.at.slice(0, 10))).toEqual(['2026-04-04', '2026-04-01']);
    const window = await listAudit(w.db, { limit: 10, from: day('2026-04-02'), to: day('2026-04-04') });
    expect(window.map((r) => r.actor)).toEqual(['neda', 'amir']);
    const first = await listAudit(w.db, { limit: 2, from: day('2026-04-01') });
    const second = await listAudit(w.db, { limit: 2, from: day('2026-04-01'), beforeId: Number(first[1].audit_id) });
    expect([...first, ...second].map((r) => r.at.slice(0, 10))).toEqual(['2026-04-04', '2026-04-03', '2026-04-02', '2026-04-01']);
  });
});
