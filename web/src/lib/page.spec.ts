import { describe, expect, it } from 'vitest';
import { mayOpen } from './access';
import { NAV_PAGES, PAGES, pageUpdates, parsePage } from './page';

describe('pages', () => {
  it('routes every known page and falls back to the scoreboard', () => {
    for (const p of PAGES) expect(parsePage(p)).toBe(p);
    expect(parsePage(null)).toBe('scoreboard');
    expect(parsePage('nope')).toBe('scoreboard');
  });

  it('keeps the agency detail out of the masthead', () => {
    expect(NAV_PAGES).toContain('trend');
    expect(NAV_PAGES).toContain('report');
    expect(NAV_PAGES).not.toContain('agency');
  });

  it("keeps language and week when moving between pages, and drops the other page's filters", () => {
    const current = new URLSearchParams('page=pipelines&status=failed&lang=en&week=2026-11-27&run=abc');
    expect(pageUpdates('scoreboard', current)).toEqual({ page: null, status: null, run: null });
    expect(pageUpdates('agency', current, { agency: 'ncr' })).toEqual({ page: 'agency', status: null, run: null, agency: 'ncr' });
  });

  it('opens the workbench to analysts, ministers and admins only', () => {
    expect(NAV_PAGES).toContain('workbench');
    for (const role of ['analyst', 'minister', 'admin'] as const) expect(mayOpen({ role, agencyId: null }, 'workbench')).toBe(true);
    expect(mayOpen({ role: 'agency', agencyId: 'ncr' }, 'workbench')).toBe(false);
    expect(mayOpen({ role: 'agency', agencyId: 'ncr' }, 'scoreboard')).toBe(true);
  });
});
