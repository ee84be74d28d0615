import { existsSync } from 'node:fs';
import { AGENCY_KINDS } from '@hamgam/shared';
import { describe, expect, it } from 'vitest';
import { AGENCY_DEADLINE_OVERRIDES, DEFAULT_AGENCY_REGISTRY_PATH, loadAgencyRegistry, parseAgencyRegistry, parseCsv } from './agency-registry.js';

describe('parseCsv', () => {
  it('keeps commas, doubled quotes and newlines inside quoted fields', () => {
    const rows = parseCsv('a,b,c\r\n1,"x, y","say ""hi"""\n2,"two\nlines",\n');
    expect(rows).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'say "hi"'],
      ['2', 'two\nlines', ''],
    ]);
  });

  it('reads a last line without a newline and skips blank lines', () => {
    expect(parseCsv('a,b\n\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('rejects a quote that never closes', () => {
    expect(() => parseCsv('a\n"open')).toThrow(/quoted field/);
  });
});

describe('loadAgencyRegistry', () => {
  it('resolves the default CSV in pipelines/data', () => {
    expect(DEFAULT_AGENCY_REGISTRY_PATH).toMatch(/pipelines[\\/]data[\\/]agencies-iran\.csv$/);
    expect(existsSync(DEFAULT_AGENCY_REGISTRY_PATH)).toBe(true);
  });

  it('loads every agency of the reference registry with valid kinds and unique ids', () => {
    const agencies = loadAgencyRegistry();
    expect(agencies.length).toBe(55);
    expect(new Set(agencies.map((a) => a.agencyId)).size).toBe(agencies.length);
    for (const a of agencies) expect(AGENCY_KINDS).toContain(a.kind);
    const ids = new Set(agencies.map((a) => a.agencyId));
    for (const a of agencies) if (a.parentId) expect(ids.has(a.parentId), `${a.agencyId} → ${a.parentId}`).toBe(true);
  });

  it('keeps an English name with commas whole', () => {
    const msrt = loadAgencyRegistry().find((a) => a.agencyId === 'msrt');
    expect(msrt).toMatchObject({ nameFa: 'وزارت علوم، تحقیقات و فناوری', nameEn: 'Ministry of Science, Research and Technology', kind: 'ministry', parentId: null });
  });

  it('gives only a few agencies their own deadline, some earlier and some later than the national one', () => {
    const agencies = loadAgencyRegistry();
    const own = agencies.filter((a) => a.deadline !== null);
    expect(own.map((a) => a.agencyId).sort()).toEqual(Object.keys(AGENCY_DEADLINE_OVERRIDES).sort());
    expect(own.some((a) => a.deadline! < '2027-03-20')).toBe(true);
    expect(own.some((a) => a.deadline! > '2027-03-20')).toBe(true);
  });

  it('lets a deadline column override and rejects an unknown kind', () => {
    const csv = 'id,name_fa,name_en,kind,sector,parent_id,deadline\nx,ایکس,"X, Inc.",company,ict,,2026-12-01\n';
    expect(parseAgencyRegistry(csv)).toEqual([{ agencyId: 'x', nameFa: 'ایکس', nameEn: 'X, Inc.', kind: 'company', sector: 'ict', parentId: null, deadline: '2026-12-01' }]);
    expect(() => parseAgencyRegistry('id,name_fa,name_en,kind,sector,parent_id\ny,و,Y,bank,economy,\n')).toThrow(/unknown kind/);
  });
});
