/**
 * How the ranked table is looked at: which column it is sorted by and which agencies it keeps.
 * Pure and kept in the URL (`?sort=index&dir=desc&status=lagging&sector=health&kind=ministry`), so
 * a link reproduces the view; the ranks themselves always come from the server.
 */
import { AGENCY_STATUSES, COMPONENTS, type AgencyStatus, type ScoreboardRow } from '@hamgam/shared';
import { kindLabel, sectorLabel, type Lang } from '../../i18n/dictionary';
import { STATUS_ORDER } from './status-style';

export const SORT_KEYS = ['rank', 'name', 'rankChange', 'index', 'indexChange', 'status', ...COMPONENTS, 'services'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

export interface TableView {
  sort: SortKey;
  dir: SortDir;
  status: AgencyStatus | null;
  sector: string | null;
  kind: string | null;
}

/** Where a click on a column first sorts: the best first for numbers, A→Z for names, rank 1 first. */
export function defaultDir(key: SortKey): SortDir {
  return key === 'rank' || key === 'name' || key === 'status' ? 'asc' : 'desc';
}

const SLUG = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export function parseTableView(params: URLSearchParams): TableView {
  const sortParam = params.get('sort');
  const sort = (SORT_KEYS as readonly string[]).includes(sortParam ?? '') ? (sortParam as SortKey) : 'rank';
  const dirParam = params.get('dir');
  const dir = dirParam === 'asc' || dirParam === 'desc' ? dirParam : defaultDir(sort);
  const statusParam = params.get('status');
  const status = (AGENCY_STATUSES as readonly string[]).includes(statusParam ?? '') ? (statusParam as AgencyStatus) : null;
  const slug = (name: string) => {
    const v = params.get(name);
    return v && SLUG.test(v) ? v : null;
  };
  return { sort, dir, status, sector: slug('sector'), kind: slug('kind') };
}

/** The URL parameters of a view; the default (rank order, no filter) leaves the URL clean. */
export function viewParams(view: TableView): Record<string, string | null> {
  const plainSort = view.sort === 'rank' && view.dir === 'asc';
  return {
    sort: plainSort ? null : view.sort,
    dir: plainSort || view.dir === defaultDir(view.sort) ? null : view.dir,
    status: view.status,
    sector: view.sector,
    kind: view.kind,
  };
}

/** A click on a column header: the same column flips its direction, another starts at its default. */
export function nextSort(view: TableView, key: SortKey): Pick<TableView, 'sort' | 'dir'> {
  if (view.sort === key) return { sort: key, dir: view.dir === 'asc' ? 'desc' : 'asc' };
  return { sort: key, dir: defaultDir(key) };
}

export function filterRows(rows: readonly ScoreboardRow[], view: Pick<TableView, 'status' | 'sector' | 'kind'>): ScoreboardRow[] {
  return rows.filter(
    (r) => (!view.status || r.status === view.status) && (!view.sector || r.sector === view.sector) && (!view.kind || r.kind === view.kind),
  );
}

const statusOrder = (s: AgencyStatus) => STATUS_ORDER.indexOf(s);

/** The value a row is sorted on; null (no last week, no services) always sorts last. */
function sortValue(row: ScoreboardRow, key: SortKey, lang: Lang): number | string | null {
  switch (key) {
    case 'rank':
      return row.rank;
    case 'name':
      return lang === 'fa' ? row.nameFa : row.nameEn;
    case 'rankChange':
      return row.rankChange;
    case 'index':
      return row.index;
    case 'indexChange':
      return row.indexChange;
    case 'status':
      return statusOrder(row.status);
    case 'services':
      return row.servicesTotal === 0 ? null : row.servicesLive / row.servicesTotal;
    default:
      return row.components[key];
  }
}

/** Rows sorted by `sort`; ties keep rank order, so the result is the same on every machine. */
export function sortRows(rows: readonly ScoreboardRow[], sort: SortKey, dir: SortDir, lang: Lang): ScoreboardRow[] {
  const collator = new Intl.Collator(lang);
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = sortValue(a, sort, lang);
    const vb = sortValue(b, sort, lang);
    if (va === null || vb === null) {
      if (va !== vb) return va === null ? 1 : -1;
    } else {
      const c = typeof va === 'string' ? collator.compare(va, vb as string) : va - (vb as number);
      if (c !== 0) return sign * c;
    }
    return a.rank - b.rank;
  });
}

export interface FilterOption {
  value: string;
  label: string;
}

/** The sectors and kinds present in the week's rows, labelled in `lang` and in its alphabetical order. */
export function filterOptions(rows: readonly ScoreboardRow[], lang: Lang): { sectors: FilterOption[]; kinds: FilterOption[] } {
  const collator = new Intl.Collator(lang);
  const options = (values: Iterable<string>, label: (v: string) => string) =>
    [...new Set(values)].map((value) => ({ value, label: label(value) })).sort((a, b) => collator.compare(a.label, b.label));
  return {
    sectors: options(rows.map((r) => r.sector), (s) => sectorLabel(lang, s)),
    kinds: options(rows.map((r) => r.kind), (k) => kindLabel(lang, k)),
  };
}

export type RankMove = { kind: 'up' | 'down'; places: number } | { kind: 'same' } | { kind: 'new' };

/** The change of rank since last week, as the table shows it (▲ climbed, ▼ fell). */
export function rankMove(row: Pick<ScoreboardRow, 'rankChange' | 'previousRank'>): RankMove {
  if (row.previousRank === null || row.rankChange === null) return { kind: 'new' };
  if (row.rankChange > 0) return { kind: 'up', places: row.rankChange };
  if (row.rankChange < 0) return { kind: 'down', places: -row.rankChange };
  return { kind: 'same' };
}

/** Whether the row's status differs from last week's (a first week counts as no change). */
export const statusChanged = (row: Pick<ScoreboardRow, 'status' | 'previousStatus'>): boolean =>
  row.previousStatus !== null && row.previousStatus !== row.status;
