import { weeklyReportHref } from '../../api/client';
import { useI18n } from '../../i18n/use-i18n';

/** The week's table as a file, in the page's language: the server writes it (CSV with BOM, XLSX). */
export function ExportLinks({ week, weekLabel }: { week: string; weekLabel: string }) {
  const { t, lang } = useI18n();
  return (
    <div className="exports no-print" role="group" aria-label={t('export.heading')}>
      <a className="button" href={weeklyReportHref(week, 'csv', lang)} download data-testid="export-csv" aria-label={t('export.csvLabel', { week: weekLabel })}>
        {t('export.csv')}
      </a>
      <a className="button" href={weeklyReportHref(week, 'xlsx', lang)} download data-testid="export-xlsx" aria-label={t('export.xlsxLabel', { week: weekLabel })}>
        {t('export.xlsx')}
      </a>
    </div>
  );
}
