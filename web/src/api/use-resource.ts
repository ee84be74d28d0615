import { useCallback, useEffect, useState } from 'react';
import { ApiError } from './client';

export type ResourceState<T> =
  | { kind: 'loading' }
  | { kind: 'ready'; data: T; refreshing: boolean }
  | { kind: 'error'; status: number; message: string; retryAt: number; data: T | null };

/** After a failure, try again after this long. */
export const RETRY_MS = 10_000;

/**
 * Loads `load` when `key` changes, and again every `refreshMs` (pipelines change while the page is
 * open). The previous answer stays on screen while a new one loads, and through a failed refresh,
 * so a filter change or a hiccup never blanks a table.
 */
export function useResource<T>(key: string, load: (signal: AbortSignal) => Promise<T>, refreshMs: number): { state: ResourceState<T>; retry: () => void } {
  const [state, setState] = useState<ResourceState<T>>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState((prev) => (prev.kind === 'ready' ? { ...prev, refreshing: true } : prev));
    load(controller.signal).then(
      (data) => {
        setState({ kind: 'ready', data, refreshing: false });
        timer = setTimeout(retry, refreshMs);
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        const status = err instanceof ApiError ? err.status : 0;
        setState((prev) => ({
          kind: 'error',
          status,
          message: err instanceof Error ? err.message : String(err),
          retryAt: Date.now() + RETRY_MS,
          data: prev.kind === 'ready' ? prev.data : prev.kind === 'error' ? prev.data : null,
        }));
        timer = setTimeout(retry, RETRY_MS);
      },
    );
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
    // `load` is rebuilt every render; `key` names what it loads.
  }, [key, attempt, retry, refreshMs]);

  return { state, retry };
}
