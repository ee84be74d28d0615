import { useCallback, useEffect, useState } from 'react';
import type { ScoreboardResponse } from '@hamgam/shared';
import { ApiError, fetchScoreboard } from './client';
import { takeScoreboard } from './landing-prefetch';

/** 404 means no snapshot has been computed yet: the pipelines are still loading, so poll quickly. */
export const RETRY_NO_SNAPSHOT_MS = 5_000;
/** Any other failure: back off a little more, the server may be restarting. */
export const RETRY_ERROR_MS = 10_000;

export type ScoreboardState =
  | { kind: 'loading' }
  | { kind: 'ready'; data: ScoreboardResponse }
  | { kind: 'no-snapshot'; retryAt: number }
  | { kind: 'error'; status: number; message: string; retryAt: number };

/**
 * Loads the scoreboard for `week` (null = latest) and keeps retrying while there is none.
 * A previous answer stays on screen while a new week loads, so switching weeks does not flash.
 */
export function useScoreboard(week: string | null): { state: ScoreboardState; retry: () => void } {
  const [state, setState] = useState<ScoreboardState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState((prev) => (prev.kind === 'ready' ? prev : { kind: 'loading' }));
    // The first load takes the request the entry module started (landing-prefetch.ts), if any.
    const started = attempt === 0 ? takeScoreboard(week) : null;
    (started ?? fetchScoreboard(week, controller.signal)).then(
      (data) => {
        if (!controller.signal.aborted) setState({ kind: 'ready', data });
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        const status = err instanceof ApiError ? err.status : 0;
        const delay = status === 404 ? RETRY_NO_SNAPSHOT_MS : RETRY_ERROR_MS;
        const retryAt = Date.now() + delay;
        setState(
          status === 404
            ? { kind: 'no-snapshot', retryAt }
            : { kind: 'error', status, message: err instanceof Error ? err.message : String(err), retryAt },
        );
        timer = setTimeout(retry, delay);
      },
    );
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [week, attempt, retry]);

  return { state, retry };
}
