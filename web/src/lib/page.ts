/**
 * The dashboard's pages, named in the URL by `?page=` (absent: the scoreboard, the landing page).
 * A query parameter rather than a path, so the server's fallback to index.html, `?lang=` and
 * `?week=` keep working unchanged, and a link to any page is one URL.
 *
 * One list: a page added here (with its title and, when it belongs in the masthead, its nav label)
 * and given a component in App.tsx's PAGE_COMPONENTS and its roles in lib/access.ts's PAGE_ROLES
 * is routed, titled, linked and shown to the roles that may use it.
 */
import type { MessageKey } from '../i18n/dictionary';

export interface PageDef {
  /** The document title's second half. */
  title: MessageKey;
  /** The masthead link's label; null for a page reached only from another (the agency detail). */
  nav: MessageKey | null;
}

export const PAGE_DEFS = {
  scoreboard: { title: 'scoreboard.title', nav: 'nav.scoreboard' },
  trend: { title: 'trend.title', nav: 'nav.trend' },
  report: { title: 'report.title', nav: 'nav.report' },
  pipelines: { title: 'pipelines.title', nav: 'nav.pipelines' },
  agency: { title: 'agency.title', nav: null },
  exchange: { title: 'exchange.title', nav: 'nav.exchange' },
  workbench: { title: 'workbench.title', nav: 'nav.workbench' },
  admin: { title: 'admin.title', nav: 'nav.admin' },
  // Every signed-in user's own page, linked from the account corner of the masthead.
  tokens: { title: 'tokens.title', nav: null },
  annotations: { title: 'annotations.title', nav: 'nav.annotations' },
} as const satisfies Record<string, PageDef>;

export type Page = keyof typeof PAGE_DEFS;
export const PAGES = Object.keys(PAGE_DEFS) as Page[];
/** The pages in the masthead, in its order. */
export const NAV_PAGES = PAGES.filter((p) => PAGE_DEFS[p].nav !== null);

export function parsePage(value: string | null): Page {
  return (PAGES as readonly string[]).includes(value ?? '') ? (value as Page) : 'scoreboard';
}

/** The `page` parameter for a page: none for the landing page, so its URL stays as it was. */
export const pageParam = (page: Page): string | null => (page === 'scoreboard' ? null : page);

/**
 * Parameters that mean the same on every page and survive moving between pages: the language and
 * the week being looked at. Everything else (filters, sort, the agency) belongs to one page: the
 * pipelines page's `status=failed` must not become a scoreboard status filter.
 */
export const GLOBAL_PARAMS = ['lang', 'week'] as const;

/** The query parameters of a link to `page`: the global ones kept, the others replaced by `params`. */
export function pageUpdates(page: Page, current: URLSearchParams, params: Record<string, string | null> = {}): Record<string, string | null> {
  const updates: Record<string, string | null> = {};
  for (const name of current.keys()) if (!(GLOBAL_PARAMS as readonly string[]).includes(name)) updates[name] = null;
  updates.page = pageParam(page);
  return { ...updates, ...params };
}
