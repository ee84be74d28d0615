import { describe, expect, it } from 'vitest';
import { ApiError } from './client';
import { startLandingFetches, takeMeAnswer, takeScoreboard } from './landing-prefetch';
import type { LandingBoot } from '../landing-boot';

// Answers as landing-boot.ts would have received them from the server.
const json = (status: number, body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
const me = { username: 'minister', role: 'minister', agencyId: null };
const board = { week: { end: '2026-11-27' }, rows: [] };

describe('the landing page requests started before the entry module', () => {
  it('hands the scoreboard to the first load of the same week, once', async () => {
    const boot: LandingBoot = { me: json(200, me), scoreboard: { week: null, response: json(200, board) } };
    expect(startLandingFetches('', boot)).toBe(true);
    expect(takeScoreboard('2026-11-20')).toBeNull();
    const taken = takeScoreboard(null);
    await expect(taken).resolves.toEqual(board);
    expect(takeScoreboard(null)).toBeNull();
    await expect(takeMeAnswer()).resolves.toEqual({ kind: 'signed-in', me });
    expect(takeMeAnswer()).toBeNull();
  });

  it('signed out: /auth/me says so, and the scoreboard fails as the client would (ApiError 401)', async () => {
    const boot: LandingBoot = { me: json(401, { message: 'Sign in first' }), scoreboard: { week: '2026-11-27', response: json(401, { message: 'Sign in first' }) } };
    startLandingFetches('?week=2026-11-27', boot);
    await expect(takeMeAnswer()).resolves.toEqual({ kind: 'signed-out' });
    const failed = takeScoreboard('2026-11-27');
    await expect(failed).rejects.toBeInstanceOf(ApiError);
    await expect(failed).rejects.toMatchObject({ status: 401, message: 'Sign in first' });
  });

  it('another page: nothing of the scoreboard to take', async () => {
    const boot: LandingBoot = { me: json(200, me), scoreboard: null };
    expect(startLandingFetches('?page=trend', boot)).toBe(false);
    expect(takeScoreboard(null)).toBeNull();
    await expect(takeMeAnswer()).resolves.toEqual({ kind: 'signed-in', me });
  });
});
