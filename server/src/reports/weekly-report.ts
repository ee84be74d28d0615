/**
 * The week's scoreboard table as a spreadsheet: CSV (UTF-8 with a BOM and CRLF, so Excel opens
 * Persian text correctly) and XLSX (right-to-left sheet in Persian). Pure functions of the
 * scoreboard response, so both exports always say what the page says — open disputes too: a last
 * column names the figures an agency disputes, and in XLSX those cells are shaded with a note.
 */
import ExcelJS from 'exceljs';
import { type AgencyStatus, type AnnotationFigure, type ScoreboardResponse, type ScoreboardRow, toPersianDigits } from '@hamgam/shared';

export type ReportLang = 'fa' | 'en';

const STATUS_LABEL: Record<ReportLang, Record<AgencyStatus, string>> = {
  fa: { joined: 'پیوسته', on_track: 'در مسیر', lagging: 'عقب‌مانده', not_started: 'آغاز نشده', silent: 'بی‌داده' },
  en: { joined: 'Joined', on_track: 'On track', lagging: 'Lagging', not_started: 'Not started', silent: 'Silent' },
};

const HEADERS: Record<ReportLang, string[]> = {
  fa: ['رتبه', 'رتبهٔ هفتهٔ پیش', 'شناسه', 'دستگاه', 'شاخص', 'وضعیت', 'وضعیت هفتهٔ پیش', 'پوشش', 'احراز هویت', 'تبادل داده', 'پایداری', 'تجربهٔ کاربر', 'پوشش مورد انتظار', 'خدمات فعال', 'کل خدمات', 'رقم‌های مورد اعتراض'],
  en: ['Rank', 'Previous rank', 'Agency id', 'Agency', 'Index', 'Status', 'Previous status', 'Coverage', 'Identity', 'Exchange', 'Reliability', 'Experience', 'Expected coverage', 'Services live', 'Services', 'Disputed figures'],
};

/** Each figure an annotation can dispute: its column (1-based) in the sheet, as cells() lays them out. */
const FIGURE_COLUMN: Record<AnnotationFigure, number> = { index: 5, coverage: 8, identity: 9, exchange: 10, reliability: 11, experience: 12 };

/** The columns (1-based, in the sheet's order) of the row's disputed figures; a figure with no column is left out. */
function disputedColumns(row: ScoreboardRow): number[] {
  const columnOf = FIGURE_COLUMN as Record<string, number | undefined>;
  return row.disputedFigures.flatMap((f) => columnOf[f] ?? []).sort((a, b) => a - b);
}

/** The disputed figures by their column headers, in the sheet's order. */
function disputed(row: ScoreboardRow, lang: ReportLang): string | null {
  const columns = disputedColumns(row);
  return columns.length ? columns.map((c) => HEADERS[lang][c - 1]).join(lang === 'fa' ? '، ' : ', ') : null;
}

const DISPUTE_NOTE: Record<ReportLang, string> = {
  fa: 'دستگاه به این رقم اعتراض باز دارد؛ رقم همان است که منتشر شد.',
  en: 'The agency has an open dispute on this figure; the figure is as published.',
};

function cells(row: ScoreboardRow, lang: ReportLang): (string | number | null)[] {
  return [
    row.rank,
    row.previousRank,
    row.agencyId,
    lang === 'fa' ? row.nameFa : row.nameEn,
    row.index,
    STATUS_LABEL[lang][row.status],
    row.previousStatus ? STATUS_LABEL[lang][row.previousStatus] : null,
    row.components.coverage,
    row.components.identity,
    row.components.exchange,
    row.components.reliability,
    row.components.experience,
    row.expectedCoverage,
    row.servicesLive,
    row.servicesTotal,
    disputed(row, lang),
  ];
}

function title(board: ScoreboardResponse, lang: ReportLang): string {
  return lang === 'fa' ? `امتیازنامهٔ هفتگی همگام — ${board.week.labelFa}` : `Hamgam weekly scoreboard — ${board.week.labelEn}`;
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function scoreboardCsv(board: ScoreboardResponse, lang: ReportLang): Buffer {
  // Numbers stay in ASCII digits so spreadsheets read them as numbers.
  const lines = [HEADERS[lang], ...board.rows.map((r) => cells(r, lang))].map((l) => l.map(csvField).join(','));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}

export async function scoreboardXlsx(board: ScoreboardResponse, lang: ReportLang): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Hamgam';
  const sheet = workbook.addWorksheet(lang === 'fa' ? `هفته ${toPersianDigits(board.week.end)}` : `Week ${board.week.end}`, {
    views: [{ rightToLeft: lang === 'fa', state: 'frozen', ySplit: 2 }],
  });
  sheet.addRow([title(board, lang)]).font = { bold: true, size: 13 };
  const header = sheet.addRow(HEADERS[lang]);
  header.font = { bold: true };
  for (const row of board.rows) {
    const added = sheet.addRow(cells(row, lang));
    for (const column of disputedColumns(row)) {
      const cell = added.getCell(column);
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDE68A' } };
      cell.note = DISPUTE_NOTE[lang];
    }
  }
  sheet.columns.forEach((column, i) => {
    // The agency's name, and the disputed figures (the last column), are wider.
    column.width = i === 3 ? 48 : i === HEADERS[lang].length - 1 ? 28 : 14;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
