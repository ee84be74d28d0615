import { describe, expect, it } from 'vitest';
import { isCurrent, mayOpen, navItems, PAGE_ROLES } from './access';
import { PAGES } from './page';

const minister = { role: 'minister', agencyId: null } as const;
const analyst = { role: 'analyst', agencyId: null } as const;
const agency = { role: 'agency', agencyId: 'ncr' } as const;
const admin = { role: 'admin', agencyId: null } as const;
const ids = (viewer: Parameters<typeof navItems>[0]) => navItems(viewer).map((i) => i.id);

describe('pages by role', () => {
  it('shows each role only the pages it may use, in the masthead', () => {
    expect(ids(minister)).toEqual(['scoreboard', 'trend', 'report', 'exchange', 'workbench', 'annotations']);
    expect(ids(analyst)).toEqual(['scoreboard', 'trend', 'report', 'exchange', 'workbench', 'annotations']);
    expect(ids(agency)).toEqual(['scoreboard', 'my-agency', 'trend', 'pipelines', 'exchange', 'annotations']);
    expect(ids(admin)).toEqual(['scoreboard', 'trend', 'report', 'pipelines', 'exchange', 'workbench', 'admin', 'annotations']);
  });

  it("links an agency user to its own agency and calls the pipelines its own feeds", () => {
    const items = navItems(agency);
    expect(items.find((i) => i.id === 'my-agency')).toEqual({ id: 'my-agency', page: 'agency', label: 'nav.ownAgency', params: { agency: 'ncr' } });
    expect(items.find((i) => i.id === 'pipelines')?.label).toBe('nav.ownFeeds');
    expect(navItems(admin).find((i) => i.id === 'pipelines')?.label).toBe('nav.pipelines');
  });

  it('refuses a page opened by URL that the role may not use', () => {
    expect(mayOpen(minister, 'pipelines')).toBe(false);
    expect(mayOpen(analyst, 'admin')).toBe(false);
    expect(mayOpen(agency, 'report')).toBe(false);
    expect(mayOpen(agency, 'admin')).toBe(false);
    expect(mayOpen(admin, 'admin')).toBe(true);
    for (const viewer of [minister, analyst, agency, admin]) {
      expect(mayOpen(viewer, 'scoreboard')).toBe(true);
      expect(mayOpen(viewer, 'tokens')).toBe(true);
    }
  });

  it("lets an agency user open its own agency's detail and no other", () => {
    expect(mayOpen(agency, 'agency', new URLSearchParams('agency=ncr'))).toBe(true);
    expect(mayOpen(agency, 'agency', new URLSearchParams('agency=mfa'))).toBe(false);
    expect(mayOpen(minister, 'agency', new URLSearchParams('agency=mfa'))).toBe(true);
  });

  it('offers everything when the viewer is unknown (the server still decides)', () => {
    for (const p of PAGES) expect(mayOpen(null, p)).toBe(true);
  });

  it('names at least one role for every page, and admins may open every page', () => {
    for (const p of PAGES) {
      expect(PAGE_ROLES[p].length, p).toBeGreaterThan(0);
      expect(mayOpen(admin, p), p).toBe(true);
    }
  });

  it('marks the own-agency link current only on the own agency', () => {
    const mine = navItems(agency).find((i) => i.id === 'my-agency')!;
    expect(isCurrent(mine, 'agency', new URLSearchParams('page=agency&agency=ncr'))).toBe(true);
    expect(isCurrent(mine, 'scoreboard', new URLSearchParams())).toBe(false);
    const board = navItems(agency)[0];
    expect(isCurrent(board, 'scoreboard', new URLSearchParams('lang=en'))).toBe(true);
  });
});
