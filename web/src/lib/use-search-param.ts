/**
 * State in the URL: a tiny store over `location.search`, so a link or a reload reproduces exactly
 * what was on screen (language, week). Writes push a history entry, so Back undoes a switch.
 */
import { useMemo, useSyncExternalStore } from 'react';

const CHANGE = 'hamgam:locationchange';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

export function useSearchParam(name: string): string | null {
  const search = useSyncExternalStore(subscribe, () => window.location.search);
  return new URLSearchParams(search).get(name);
}

/** All query parameters, re-rendering when any changes (a page reading several at once). */
export function useSearchParams(): URLSearchParams {
  const search = useSyncExternalStore(subscribe, () => window.location.search);
  return useMemo(() => new URLSearchParams(search), [search]);
}

/** The URL with some query parameters set (or removed when null), the others kept. */
export function hrefWithParams(updates: Record<string, string | null>): string {
  const params = new URLSearchParams(window.location.search);
  for (const [name, value] of Object.entries(updates)) {
    if (value === null) params.delete(name);
    else params.set(name, value);
  }
  const query = params.toString();
  return `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`;
}

export function setSearchParams(updates: Record<string, string | null>): void {
  window.history.pushState(null, '', hrefWithParams(updates));
  window.dispatchEvent(new Event(CHANGE));
}

export function setSearchParam(name: string, value: string | null): void {
  setSearchParams({ [name]: value });
}

/** Like setSearchParams, without a history entry (a redirect: Back must not return to it). */
export function replaceSearchParams(updates: Record<string, string | null>): void {
  window.history.replaceState(null, '', hrefWithParams(updates));
  window.dispatchEvent(new Event(CHANGE));
}
