import { describe, expect, it } from 'vitest';
import type { AgencyStatus, ScoreboardRow } from '@hamgam/shared';
import { filterOptions, filterRows, nextSort, parseTableView, rankMove, sortRows, statusChanged, viewParams } from './table-view';

function row(agencyId: string, rank: number, index: number, status: AgencyStatus, extra: Partial<ScoreboardRow> = {}): ScoreboardRow {
  return {
    agencyId,
    nameFa: `دستگاه ${agencyId}`,
    nameEn: `Agency ${agencyId}`,
    kind: 'organization',
    sector: 'economy',
    rank,
    index,
    status,
    components: { coverage: index, identity: 100 - index, exchange: 50, reliability: 50, experience: 50 },
    expectedCoverage: 50,
    servicesLive: 1,
    servicesTotal: 2,
    openDisputes: 0,
    disputedFigures: [],
    previousRank: rank,
    previousStatus: status,
    rankChange: 0,
    indexChange: 0,
    ...extra,
  };
}

const rows = [
  row('c', 3, 40, 'lagging', { sector: 'health', kind: 'ministry', rankChange: 2, previousRank: 5, indexChange: 4.5, previousStatus: 'not_started' }),
  row('a', 1, 90, 'joined', { nameEn: 'Zeta agency', rankChange: -1, previousRank: 0, indexChange: -0.5 }),
  row('b', 2, 70, 'on_track', { sector: 'health', rankChange: null, previousRank: null, indexChange: null, previousStatus: null }),
  row('d', 4, 0, 'silent', { kind: 'ministry', servicesTotal: 0, servicesLive: 0 }),
];
const ids = (rs: ScoreboardRow[]) => rs.map((r) => r.agencyId);

describe('the ranked table view', () => {
  it('reads sort and filters from the URL, ignoring what it does not know', () => {
    expect(parseTableView(new URLSearchParams(''))).toEqual({ sort: 'rank', dir: 'asc', status: null, sector: null, kind: null });
    expect(parseTableView(new URLSearchParams('sort=index&status=lagging&sector=health&kind=ministry'))).toEqual({
      sort: 'index',
      dir: 'desc',
      status: 'lagging',
      sector: 'health',
      kind: 'ministry',
    });
    // The pipelines page's `status=failed` is not an agency status.
    expect(parseTableView(new URLSearchParams('sort=evil&dir=up&status=failed&sector=<x>')).sort).toBe('rank');
    expect(parseTableView(new URLSearchParams('status=failed&sector=<x>'))).toMatchObject({ status: null, sector: null });
  });

  it('writes the default view as a clean URL and round-trips any other', () => {
    expect(viewParams(parseTableView(new URLSearchParams('')))).toEqual({ sort: null, dir: null, status: null, sector: null, kind: null });
    const view = parseTableView(new URLSearchParams('sort=name&dir=desc&status=joined'));
    const params = new URLSearchParams(Object.entries(viewParams(view)).filter(([, v]) => v !== null) as [string, string][]);
    expect(parseTableView(params)).toEqual(view);
  });

  it('flips direction on a second click and starts numbers at the best', () => {
    const view = parseTableView(new URLSearchParams(''));
    expect(nextSort(view, 'index')).toEqual({ sort: 'index', dir: 'desc' });
    expect(nextSort({ ...view, sort: 'index', dir: 'desc' }, 'index')).toEqual({ sort: 'index', dir: 'asc' });
    expect(nextSort(view, 'rank')).toEqual({ sort: 'rank', dir: 'desc' });
    expect(nextSort(view, 'name')).toEqual({ sort: 'name', dir: 'asc' });
  });

  it('sorts by any column, ties and missing values after, in rank order', () => {
    expect(ids(sortRows(rows, 'rank', 'asc', 'en'))).toEqual(['a', 'b', 'c', 'd']);
    expect(ids(sortRows(rows, 'index', 'asc', 'en'))).toEqual(['d', 'c', 'b', 'a']);
    expect(ids(sortRows(rows, 'identity', 'desc', 'en'))).toEqual(['d', 'c', 'b', 'a']);
    expect(ids(sortRows(rows, 'rankChange', 'desc', 'en'))).toEqual(['c', 'd', 'a', 'b']); // b has no last week: last
    expect(ids(sortRows(rows, 'rankChange', 'asc', 'en'))).toEqual(['a', 'd', 'c', 'b']); // …in both directions
    expect(ids(sortRows(rows, 'status', 'asc', 'en'))).toEqual(['a', 'b', 'c', 'd']);
    expect(ids(sortRows(rows, 'services', 'desc', 'en'))).toEqual(['a', 'b', 'c', 'd']); // d has no services
    expect(ids(sortRows(rows, 'name', 'asc', 'en'))).toEqual(['b', 'c', 'd', 'a']);
  });

  it('filters by status, sector and kind together', () => {
    expect(ids(filterRows(rows, { status: 'lagging', sector: null, kind: null }))).toEqual(['c']);
    expect(ids(filterRows(rows, { status: null, sector: 'health', kind: null }))).toEqual(['c', 'b']);
    expect(ids(filterRows(rows, { status: null, sector: 'health', kind: 'ministry' }))).toEqual(['c']);
    expect(filterRows(rows, { status: 'joined', sector: 'health', kind: null })).toEqual([]);
  });

  it('offers the sectors and kinds present, labelled in the language', () => {
    const fa = filterOptions(rows, 'fa');
    expect(fa.sectors.map((o) => o.value).sort()).toEqual(['economy', 'health']);
    expect(fa.sectors.find((o) => o.value === 'health')!.label).toBe('سلامت');
    expect(filterOptions(rows, 'en').kinds).toEqual([
      { value: 'ministry', label: 'Ministry' },
      { value: 'organization', label: 'Organization' },
    ]);
    expect(filterOptions([row('x', 1, 1, 'joined', { sector: 'space' })], 'en').sectors[0].label).toBe('space');
  });

  it('describes the change of rank and of status since last week', () => {
    expect(rankMove(rows[0])).toEqual({ kind: 'up', places: 2 });
    expect(rankMove(rows[1])).toEqual({ kind: 'down', places: 1 });
    expect(rankMove(rows[2])).toEqual({ kind: 'new' });
    expect(rankMove(rows[3])).toEqual({ kind: 'same' });
    expect(statusChanged(rows[0])).toBe(true);
    expect(statusChanged(rows[1])).toBe(false);
    expect(statusChanged(rows[2])).toBe(false);
  });
});
