/**
 * The first script of index.html, tiny and importing nothing, so it runs as soon as the document
 * is parsed, while the entry chunk (React and the pages, ~340 kB) still downloads and compiles:
 * it starts GET /auth/me and, on the scoreboard, GET /scoreboard (issue 8, benchmark 6). The
 * entry module takes these responses (api/landing-prefetch.ts) instead of asking again. Before,
 * both waited for the whole entry chunk to run, and the scoreboard for /auth/me as well.
 */
export interface LandingBoot {
  me: Promise<Response>;
  /** Only on the scoreboard; `week` as the URL gave it (null: the latest). */
  scoreboard: { week: string | null; response: Promise<Response> } | null;
}

declare global {
  interface Window {
    __hamgamLanding?: LandingBoot;
  }
}

const params = new URLSearchParams(window.location.search);
const page = params.get('page');
const week = params.get('week');
const onScoreboard = (page === null || page === 'scoreboard') && (week === null || /^\d{4}-\d{2}-\d{2}$/.test(week));
const get = (path: string) => fetch(`/api/v1${path}`, { headers: { accept: 'application/json' } });
const boot: LandingBoot = {
  me: get('/auth/me'),
  scoreboard: onScoreboard ? { week, response: get(`/scoreboard${week ? `?${new URLSearchParams({ week })}` : ''}`) } : null,
};
// A network failure must not be an unhandled rejection when nobody takes the answer.
boot.me.catch(() => undefined);
boot.scoreboard?.response.catch(() => undefined);
window.__hamgamLanding = boot;
