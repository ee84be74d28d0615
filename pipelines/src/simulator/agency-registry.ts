/**
 * The demo registry of agencies: real Iranian agencies from a CSV kept in `pipelines/data`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AGENCY_KINDS, type Agency, type AgencyKind } from '@hamgam/shared';

/**
 * Resolved from this module so it works from `src/simulator/*.ts` (vitest) and from
 * `dist/simulator/*.js` (after tsc): both sit two folders below the package root.
 */
export const DEFAULT_AGENCY_REGISTRY_PATH = fileURLToPath(new URL('../../data/agencies-iran.csv', import.meta.url));

/**
 * The reference CSV carries no deadlines: almost every agency works to the national one. The cabinet
 * gave a few their own: identity and traffic records underpin everyone else's services, so they
 * were asked to finish early; the capital's municipality and the environment department were
 * given longer. A `deadline` column in the CSV, when present, wins over this table.
 */
export const AGENCY_DEADLINE_OVERRIDES: Readonly<Record<string, string>> = {
  ncr: '2026-09-22',
  traffic: '2026-12-21',
  tehran: '2027-09-22',
  doe: '2027-09-22',
};

/** RFC 4180 enough for the registry: quoted fields may hold commas, newlines and doubled quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new Error('CSV ends inside a quoted field');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  // Blank lines carry no record.
  return rows.filter((r) => !(r.length === 1 && r[0].trim() === ''));
}

function toAgency(record: Record<string, string>, line: number): Agency {
  const kind = record.kind?.trim();
  if (!(AGENCY_KINDS as readonly string[]).includes(kind)) throw new Error(`agency registry line ${line}: unknown kind ${JSON.stringify(kind)}`);
  const agencyId = record.id?.trim();
  if (!agencyId) throw new Error(`agency registry line ${line}: id is missing`);
  const deadline = record.deadline?.trim() || AGENCY_DEADLINE_OVERRIDES[agencyId] || null;
  return {
    agencyId,
    nameFa: record.name_fa.trim(),
    nameEn: record.name_en.trim(),
    kind: kind as AgencyKind,
    sector: record.sector.trim(),
    parentId: record.parent_id?.trim() || null,
    deadline,
  };
}

export function parseAgencyRegistry(text: string): Agency[] {
  const [header, ...records] = parseCsv(text);
  if (!header) return [];
  const columns = header.map((h) => h.trim());
  for (const required of ['id', 'name_fa', 'name_en', 'kind', 'sector']) {
    if (!columns.includes(required)) throw new Error(`agency registry: column ${required} is missing`);
  }
  const agencies = records.map((cells, i) => toAgency(Object.fromEntries(columns.map((c, j) => [c, cells[j] ?? ''])), i + 2));
  const seen = new Set<string>();
  for (const a of agencies) {
    if (seen.has(a.agencyId)) throw new Error(`agency registry: duplicate id ${a.agencyId}`);
    seen.add(a.agencyId);
  }
  return agencies;
}

export function loadAgencyRegistry(csvPath: string = DEFAULT_AGENCY_REGISTRY_PATH): Agency[] {
  return parseAgencyRegistry(readFileSync(csvPath, 'utf8'));
}
