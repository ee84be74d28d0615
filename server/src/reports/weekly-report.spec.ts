/** The weekly export's bytes from a scoreboard response: open disputes named in a column and shaded in XLSX. */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ScoreboardResponse, ScoreboardRow } from '@hamgam/shared';
import { scoreboardCsv, scoreboardXlsx } from './weekly-report.js';

const row = (agencyId: string, rank: number, disputedFigures: string[]): ScoreboardRow =>
  ({
    agencyId, rank, previousRank: null, nameFa: `دستگاه ${agencyId}`, nameEn: `Agency ${agencyId}`, index: 50, status: 'lagging', previousStatus: null,
    components: { coverage: 60, identity: 40, exchange: 30, reliability: 90, experience: 70 }, expectedCoverage: 55, servicesLive: 3, servicesTotal: 5,
    openDisputes: disputedFigures.length, disputedFigures,
  }) as unknown as ScoreboardRow;

const board = { week: { end: '2026-11-27', labelFa: 'هفتهٔ ۶ آذر ۱۴۰۵', labelEn: 'Week ending 27 Nov 2026' }, rows: [row('ncr', 1, ['reliability', 'index']), row('sso', 2, [])] } as unknown as ScoreboardResponse;

describe('weekly report', () => {
  it('names the disputed figures in a last column, in the sheet order, in either language', () => {
    const lines = (lang: 'fa' | 'en') => scoreboardCsv(board, lang).subarray(3).toString('utf8').trimEnd().split('\r\n');
    const [headFa, ncrFa, ssoFa] = lines('fa');
    expect(headFa.split(',').at(-1)).toBe('رقم‌های مورد اعتراض');
    expect(ncrFa.split(',').slice(-1)[0]).toBe('شاخص، پایداری');
    expect(ssoFa.endsWith(',5,')).toBe(true);
    const [headEn, ncrEn] = lines('en');
    expect(headEn.split(',').at(-1)).toBe('Disputed figures');
    expect(ncrEn.endsWith(',"Index, Reliability"')).toBe(true);
  });

  it('shades the disputed cells in XLSX with a note, and no other', async () => {
    const workbook = new ExcelJS.Workbook();
    const bytes = await scoreboardXlsx(board, 'en');
    await workbook.xlsx.load(new Uint8Array(bytes).buffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(2).getCell(16).value).toBe('Disputed figures');
    const ncr = sheet.getRow(3);
    expect(ncr.getCell(16).value).toBe('Index, Reliability');
    const shaded = (r: ExcelJS.Row) => [...Array(16).keys()].map((i) => i + 1).filter((c) => (r.getCell(c).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb === 'FFFDE68A');
    expect(shaded(ncr)).toEqual([5, 11]);
    expect(JSON.stringify(ncr.getCell(11).note)).toContain('open dispute');
    expect(shaded(sheet.getRow(4))).toEqual([]);
    expect(sheet.getRow(4).getCell(16).value ?? null).toBeNull();
  });
});
