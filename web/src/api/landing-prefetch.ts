/**
 * The landing page's requests, side by side instead of one after the other (issue 8, benchmark
 * 6): before, the scoreboard was asked for only once GET /auth/me had answered and React had
 * rendered the page, and the chart's code only once the scoreboard had arrived. Now
 * landing-boot.ts starts the caller and the scoreboard before the entry chunk has even loaded
 * (this module starts them itself where it did not: the dev server, another week), main.tsx the
 * chart chunk; the sign-in gate and the scoreboard hook take the answers already on their way
 * (each once), and every later request (a retry, another week) goes to the server as before.
 *
 * Before sign-in the scoreboard answers 401 and nobody takes it: the sign-in gate follows
 * /auth/me alone, so a 401 still shows the sign-in page. An agency user lands on its own page and
 * never takes it either (one cached request wasted, no page shown first).
 */
import type { MeResponse, ScoreboardResponse } from '@hamgam/shared';
import { isIsoDay } from '@hamgam/shared';
import { parsePage } from '../lib/page';
import { API_BASE, ApiError, fetchScoreboard, readJson } from './client';
import type { LandingBoot } from '../landing-boot';

/** What GET /auth/me said: 'signed-out' for a 401, null when the server could not be asked. */
export type MeAnswer = { kind: 'signed-out' } | { kind: 'signed-in'; me: MeResponse | null };

export function fetchMeAnswer(started?: Promise<Response>): Promise<MeAnswer> {
  return (started ?? fetch(`${API_BASE}/auth/me`, { headers: { accept: 'application/json' } })).then(
    async (res): Promise<MeAnswer> => {
      if (res.status === 401) return { kind: 'signed-out' };
      return { kind: 'signed-in', me: res.ok ? ((await res.json()) as MeResponse) : null };
    },
    // Unreachable server: the app shows its own error.
    (): MeAnswer => ({ kind: 'signed-in', me: null }),
  );
}

let meAnswer: Promise<MeAnswer> | null = null;
let scoreboard: { week: string | null; answer: Promise<ScoreboardResponse> } | null = null;

/** Starts the landing page's requests; called once, by the entry module, before React renders. True on the scoreboard. */
export function startLandingFetches(search: string, boot: LandingBoot | undefined = window.__hamgamLanding): boolean {
  // Usually started already by index.html's first script (landing-boot.ts).
  meAnswer = fetchMeAnswer(boot?.me);
  scoreboard = null;
  const params = new URLSearchParams(search);
  if (parsePage(params.get('page')) !== 'scoreboard') return false;
  const weekParam = params.get('week');
  const week = weekParam && isIsoDay(weekParam) ? weekParam : null;
  const booted = boot?.scoreboard && boot.scoreboard.week === week ? boot.scoreboard.response : null;
  const answer = booted ? booted.then((res) => readJson<ScoreboardResponse>(res, '/scoreboard'), (err: unknown) => Promise.reject(new ApiError(0, '/scoreboard', err instanceof Error ? err.message : String(err)))) : fetchScoreboard(week);
  // Nobody may take it (signed out, an agency user): that must not be an unhandled rejection.
  answer.catch(() => undefined);
  scoreboard = { week, answer };
  return true;
}

/** The /auth/me answer already on its way, once; null if none was started (or it was taken). */
export function takeMeAnswer(): Promise<MeAnswer> | null {
  const taken = meAnswer;
  meAnswer = null;
  return taken;
}

/** The scoreboard of `week` already on its way, once; null if none was (or for another week). */
export function takeScoreboard(week: string | null): Promise<ScoreboardResponse> | null {
  if (!scoreboard || scoreboard.week !== week) return null;
  const taken = scoreboard.answer;
  scoreboard = null;
  return taken;
}
