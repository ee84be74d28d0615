/**
 * Which pages a signed-in role may use, for the masthead and for a page opened by its URL. The
 * server enforces the same rules on every route (docs/decisions/0005-sign-in-and-roles.md); this
 * only keeps the dashboard from offering a page that would answer 403, and says so plainly when
 * one is opened anyway.
 */
import { type CallerRole, type MeResponse, WORKBENCH_ROLES } from '@hamgam/shared';
import type { MessageKey } from '../i18n/dictionary';
import { NAV_PAGES, PAGE_DEFS, type Page } from './page';

const EVERY_ROLE = ['minister', 'analyst', 'agency', 'admin'] as const satisfies readonly CallerRole[];

/**
 * A `Record` over every page, so a page added to lib/page.ts does not compile until someone says
 * who may open it. Agency users see the published scoreboard, trend and exchange (the server
 * scopes exchange to their own pairs), their own agency and their own feeds; the weekly report's
 * downloads are not theirs (403).
 */
export const PAGE_ROLES: Record<Page, readonly CallerRole[]> = {
  scoreboard: EVERY_ROLE,
  trend: EVERY_ROLE,
  report: ['minister', 'analyst', 'admin'],
  pipelines: ['agency', 'admin'],
  agency: EVERY_ROLE,
  exchange: EVERY_ROLE,
  admin: ['admin'],
  tokens: EVERY_ROLE,
  // Agency users see and write their own agency's notes and disputes; admins answer them.
  annotations: EVERY_ROLE,
  // Analyst SQL: the roles the query API serves (agency users get 403 there).
  workbench: WORKBENCH_ROLES,
};

export type Viewer = Pick<MeResponse, 'role' | 'agencyId'>;

/**
 * Whether `viewer` may use `page` with these query parameters. An agency user may open the agency
 * detail of its own agency only. Without a known viewer (the server could not be asked) every
 * page is offered: the server still refuses what is not the caller's.
 */
export function mayOpen(viewer: Viewer | null, page: Page, params: URLSearchParams = new URLSearchParams()): boolean {
  if (!viewer) return true;
  if (!PAGE_ROLES[page].includes(viewer.role)) return false;
  if (page === 'agency' && viewer.role === 'agency') {
    const asked = params.get('agency');
    return asked === null || asked === viewer.agencyId;
  }
  return true;
}

export interface NavItem {
  /** Distinct per link (the test id): `my-agency` is a link to the `agency` page. */
  id: string;
  page: Page;
  label: MessageKey;
  params?: Record<string, string>;
}

/** The masthead's links for `viewer`, in order: an agency user's own agency right after the scoreboard. */
export function navItems(viewer: Viewer | null): NavItem[] {
  const items: NavItem[] = [];
  for (const page of NAV_PAGES) {
    if (!mayOpen(viewer, page)) continue;
    // Agency users see only their own feeds on the pipelines page: name it so.
    const label = page === 'pipelines' && viewer?.role === 'agency' ? 'nav.ownFeeds' : PAGE_DEFS[page].nav!;
    items.push({ id: page, page, label });
    if (page === 'scoreboard' && viewer?.role === 'agency' && viewer.agencyId) {
      items.push({ id: 'my-agency', page: 'agency', label: 'nav.ownAgency', params: { agency: viewer.agencyId } });
    }
  }
  return items;
}

/** Whether a nav link is the page on screen (the own-agency link only for the own agency). */
export function isCurrent(item: NavItem, page: Page, params: URLSearchParams): boolean {
  if (item.page !== page) return false;
  return Object.entries(item.params ?? {}).every(([k, v]) => params.get(k) === v);
}
