/**
 * Every visible string of the dashboard, in Persian (first) and English. Persian is the source of
 * the key set: English must be a `Record` of the same keys, so a missing translation is a type
 * error, and `dictionary.spec.ts` checks the same at run time (keys, placeholders, no blanks).
 */
import type { AgencyStatus, ComponentName, Dataset, FreshnessStatus, PipelineRunStatus } from '@hamgam/shared';

export const LANGS = ['fa', 'en'] as const;
export type Lang = (typeof LANGS)[number];

const fa = {
  'app.name': 'همگام',
  'app.tagline': 'پایش پیوستن دستگاه‌ها به پنجرهٔ واحد ملی خدمات الکترونیکی',
  'app.skipToContent': 'پرش به محتوا',
  'lang.switch': 'English',
  'lang.switchLabel': 'Switch to English',

  'scoreboard.title': 'امتیازنامهٔ هفتگی دستگاه‌ها',
  'scoreboard.methodology': 'روش‌شناسی {version}',
  'scoreboard.computedAt': 'محاسبه‌شده در {when}',
  'scoreboard.agencyCount': '{count} دستگاه',

  'summary.heading': 'خلاصهٔ وضعیت',
  'summary.cardLabel': '{status}: {count} از {total} دستگاه',
  'summary.ofTotal': 'از {total} دستگاه',

  'status.joined': 'پیوسته',
  'status.on_track': 'در مسیر',
  'status.lagging': 'عقب‌مانده',
  'status.not_started': 'آغاز نشده',
  'status.silent': 'بی‌داده',

  'component.coverage': 'پوشش',
  'component.identity': 'احراز هویت',
  'component.exchange': 'تبادل داده',
  'component.reliability': 'پایداری',
  'component.experience': 'تجربهٔ کاربر',

  'table.heading': 'رتبه‌بندی دستگاه‌ها',
  'table.caption': 'رتبه‌بندی دستگاه‌ها بر پایهٔ شاخص یکپارچگی، {week}',
  'table.rank': 'رتبه',
  'table.agency': 'دستگاه',
  'table.index': 'شاخص',
  'table.status': 'وضعیت',
  'table.services': 'خدمات فعال',
  'table.servicesValue': '{live} از {total}',
  'table.componentsGroup': 'مؤلفه‌ها (۰ تا ۱۰۰)',
  'table.scrollHint': 'برای دیدن همهٔ ستون‌ها جدول را افقی بکشید.',
  'table.empty': 'این هفته هیچ دستگاهی در امتیازنامه نیست.',

  'chart.heading': 'شاخص یکپارچگی به تفکیک دستگاه',
  'chart.description': 'نمودار میله‌ای افقی شاخص یکپارچگی هر دستگاه (۰ تا ۱۰۰)، به ترتیب رتبه و رنگ‌شده بر پایهٔ وضعیت. همین داده‌ها در جدول رتبه‌بندی آمده است.',
  'chart.axisIndex': 'شاخص',
  'chart.tooltipIndex': 'شاخص: {value}',
  'chart.tooltipRank': 'رتبه: {value}',

  'state.loading': 'در حال بارگذاری امتیازنامه…',
  'state.noSnapshot.title': 'هنوز امتیازنامه‌ای منتشر نشده است',
  'state.noSnapshot.body': 'خط‌های لوله هنوز در حال بارگذاری داده‌های دستگاه‌ها هستند. این صفحه هر چند ثانیه دوباره تلاش می‌کند.',
  'state.error.title': 'دریافت امتیازنامه ممکن نشد',
  'state.error.body': 'پاسخ سرور: {detail}. این صفحه چند ثانیهٔ دیگر دوباره تلاش می‌کند.',
  'state.error.network': 'ارتباط با سرور برقرار نشد',
  'state.retryNow': 'تلاش دوباره',
  'state.retrying': 'تلاش دوباره تا {seconds} ثانیهٔ دیگر',

  'format.instant': '{day}، ساعت {time} به وقت تهران',

  'nav.label': 'بخش‌های داشبورد',
  'nav.scoreboard': 'امتیازنامه',
  'nav.pipelines': 'خط لولهٔ داده',

  'pipelines.title': 'خط‌های لولهٔ داده',
  'pipelines.today': 'امروز در تهران: {day}',
  'pipelines.summary': '{fresh} دستگاه به‌روز، {late} با تأخیر، {silent} بی‌داده',
  'pipelines.loading': 'در حال بارگذاری وضعیت خط‌های لوله…',
  'pipelines.error.title': 'دریافت وضعیت خط‌های لوله ممکن نشد',
  'pipelines.error.body': 'پاسخ سرور: {detail}. این بخش چند ثانیهٔ دیگر دوباره تلاش می‌کند.',

  'filters.heading': 'پالایش',
  'filters.agency': 'دستگاه',
  'filters.allAgencies': 'همهٔ دستگاه‌ها',
  'filters.failedOnly': 'فقط اجراهای ناموفق',
  'filters.run': 'فقط اجرای {run}',
  'filters.clearRun': 'برداشتن پالایش اجرا',

  'freshness.heading': 'تازگی داده به تفکیک دستگاه',
  'freshness.caption': 'آخرین روزی که هر دستگاه دادهٔ روزانه فرستاده است، بدترین‌ها در بالا',
  'freshness.agency': 'دستگاه',
  'freshness.lastDataDay': 'آخرین روز داده',
  'freshness.daysBehind': 'عقب‌تر از امروز',
  'freshness.status': 'وضعیت',
  'freshness.failingSources': 'منابع ناموفق',
  'freshness.failingValue': '{failing} از {total}',
  'freshness.lastError': 'آخرین خطا',
  'freshness.noData': 'بدون داده',
  'freshness.today': 'امروز',
  'freshness.day': '{count} روز',
  'freshness.days': '{count} روز',
  'freshness.status.fresh': 'به‌روز',
  'freshness.status.late': 'با تأخیر',
  'freshness.status.silent': 'بی‌داده',
  'freshness.empty': 'هیچ دستگاهی ثبت نشده است.',

  'reporting.heading': 'دستگاه‌های گزارش‌دهنده در هر روز',
  'reporting.description': 'نمودار ستونی شمار دستگاه‌هایی که برای هر یک از {days} روز گذشته دادهٔ روزانه فرستاده‌اند، در برابر شمار دستگاه‌های ثبت‌شده. همین داده‌ها در جدول زیر نمودار آمده است.',
  'reporting.table': 'دادهٔ نمودار به صورت جدول',
  'reporting.day': 'روز',
  'reporting.agencies': 'دستگاه‌های گزارش‌دهنده',
  'reporting.rows': 'ردیف‌های روزانه',
  'reporting.registered': 'ثبت‌شده: {count}',
  'reporting.tooltip': '{agencies} دستگاه از {total}',
  'reporting.tooltipRows': '{rows} ردیف',

  'runs.heading': 'اجراهای اخیر',
  'runs.caption': 'اجراهای اخیر خط‌های لوله، تازه‌ترین در بالا',
  'runs.failedCount': '{failed} اجرای ناموفق در {total} اجرای اخیر',
  'runs.time': 'زمان',
  'runs.agency': 'دستگاه',
  'runs.dataset': 'مجموعه‌داده',
  'runs.status': 'نتیجه',
  'runs.received': 'دریافتی',
  'runs.loaded': 'بارگذاری‌شده',
  'runs.rejected': 'ردشده',
  'runs.duplicate': 'تکراری',
  'runs.duration': 'مدت',
  'runs.reason': 'علت',
  'runs.showRejects': 'دیدن {count} ردیف ردشدهٔ این اجرا',
  'runs.empty': 'اجرایی با این پالایش ثبت نشده است.',
  'runStatus.running': 'در حال اجرا',
  'runStatus.succeeded': 'موفق',
  'runStatus.failed': 'ناموفق',

  'dataset.services': 'کاتالوگ خدمات',
  'dataset.service-metrics': 'سنجه‌های روزانه',
  'dataset.exchange': 'تبادل داده',
  'dataset.integration-events': 'رویدادهای پیوستن',

  'rejects.heading': 'ردیف‌های ردشده',
  'rejects.caption': 'ردیف‌هایی که اعتبارسنجی را نگذراندند، با علت و متن خام',
  'rejects.time': 'زمان',
  'rejects.agency': 'دستگاه',
  'rejects.dataset': 'مجموعه‌داده',
  'rejects.row': 'ردیف',
  'rejects.reason': 'علت',
  'rejects.raw': 'متن خام',
  'rejects.run': 'اجرا',
  'rejects.empty': 'ردیف ردشده‌ای با این پالایش نیست.',

  'format.shortInstant': '{day}، {time}',
  'format.seconds': '{value} ثانیه',
  'format.milliseconds': '{value} میلی‌ثانیه',
} as const;

export type MessageKey = keyof typeof fa;

const en: Record<MessageKey, string> = {
  'app.name': 'Hamgam',
  'app.tagline': "Tracking agencies' integration into the national single window of e-services",
  'app.skipToContent': 'Skip to content',
  'lang.switch': 'فارسی',
  'lang.switchLabel': 'به فارسی',

  'scoreboard.title': 'Weekly agency scoreboard',
  'scoreboard.methodology': 'Methodology {version}',
  'scoreboard.computedAt': 'Computed {when}',
  'scoreboard.agencyCount': '{count} agencies',

  'summary.heading': 'Status summary',
  'summary.cardLabel': '{status}: {count} of {total} agencies',
  'summary.ofTotal': 'of {total} agencies',

  'status.joined': 'Joined',
  'status.on_track': 'On track',
  'status.lagging': 'Lagging',
  'status.not_started': 'Not started',
  'status.silent': 'Silent',

  'component.coverage': 'Coverage',
  'component.identity': 'Identity',
  'component.exchange': 'Exchange',
  'component.reliability': 'Reliability',
  'component.experience': 'Experience',

  'table.heading': 'Agency ranking',
  'table.caption': 'Agencies ranked by Integration Index, {week}',
  'table.rank': 'Rank',
  'table.agency': 'Agency',
  'table.index': 'Index',
  'table.status': 'Status',
  'table.services': 'Services live',
  'table.servicesValue': '{live} of {total}',
  'table.componentsGroup': 'Components (0–100)',
  'table.scrollHint': 'Swipe the table sideways to see every column.',
  'table.empty': 'No agency is on the scoreboard this week.',

  'chart.heading': 'Integration Index by agency',
  'chart.description': 'Horizontal bar chart of each agency’s Integration Index (0–100), in rank order and coloured by status. The ranking table holds the same data.',
  'chart.axisIndex': 'Index',
  'chart.tooltipIndex': 'Index: {value}',
  'chart.tooltipRank': 'Rank: {value}',

  'state.loading': 'Loading the scoreboard…',
  'state.noSnapshot.title': 'No scoreboard yet',
  'state.noSnapshot.body': 'The pipelines are still loading agency data. This page retries every few seconds.',
  'state.error.title': 'The scoreboard could not be loaded',
  'state.error.body': 'Server said: {detail}. This page will retry in a few seconds.',
  'state.error.network': 'the server could not be reached',
  'state.retryNow': 'Retry now',
  'state.retrying': 'Retrying in {seconds} s',

  'format.instant': '{day}, {time} Tehran time',

  'nav.label': 'Dashboard sections',
  'nav.scoreboard': 'Scoreboard',
  'nav.pipelines': 'Pipelines',

  'pipelines.title': 'Data pipelines',
  'pipelines.today': 'Today in Tehran: {day}',
  'pipelines.summary': '{fresh} agencies fresh, {late} late, {silent} silent',
  'pipelines.loading': 'Loading the state of the pipelines…',
  'pipelines.error.title': 'The pipelines could not be loaded',
  'pipelines.error.body': 'Server said: {detail}. This section will retry in a few seconds.',

  'filters.heading': 'Filter',
  'filters.agency': 'Agency',
  'filters.allAgencies': 'All agencies',
  'filters.failedOnly': 'Failed runs only',
  'filters.run': 'Only run {run}',
  'filters.clearRun': 'Clear the run filter',

  'freshness.heading': 'Data freshness by agency',
  'freshness.caption': 'The last day each agency sent daily metrics for, worst first',
  'freshness.agency': 'Agency',
  'freshness.lastDataDay': 'Last data day',
  'freshness.daysBehind': 'Behind today',
  'freshness.status': 'Status',
  'freshness.failingSources': 'Failing sources',
  'freshness.failingValue': '{failing} of {total}',
  'freshness.lastError': 'Last error',
  'freshness.noData': 'No data',
  'freshness.today': 'today',
  'freshness.day': '{count} day',
  'freshness.days': '{count} days',
  'freshness.status.fresh': 'Fresh',
  'freshness.status.late': 'Late',
  'freshness.status.silent': 'Silent',
  'freshness.empty': 'No agency is registered.',

  'reporting.heading': 'Agencies reporting per day',
  'reporting.description': 'Column chart of how many agencies sent daily metrics for each of the last {days} days, against the number of registered agencies. The table under the chart holds the same data.',
  'reporting.table': 'Chart data as a table',
  'reporting.day': 'Day',
  'reporting.agencies': 'Agencies reporting',
  'reporting.rows': 'Daily rows',
  'reporting.registered': 'Registered: {count}',
  'reporting.tooltip': '{agencies} of {total} agencies',
  'reporting.tooltipRows': '{rows} rows',

  'runs.heading': 'Recent runs',
  'runs.caption': 'Recent pipeline runs, newest first',
  'runs.failedCount': '{failed} failed of the last {total} runs',
  'runs.time': 'Time',
  'runs.agency': 'Agency',
  'runs.dataset': 'Dataset',
  'runs.status': 'Result',
  'runs.received': 'Received',
  'runs.loaded': 'Loaded',
  'runs.rejected': 'Rejected',
  'runs.duplicate': 'Duplicate',
  'runs.duration': 'Duration',
  'runs.reason': 'Reason',
  'runs.showRejects': 'Show the {count} rejected rows of this run',
  'runs.empty': 'No run matches this filter.',
  'runStatus.running': 'Running',
  'runStatus.succeeded': 'Succeeded',
  'runStatus.failed': 'Failed',

  'dataset.services': 'Service catalogue',
  'dataset.service-metrics': 'Daily metrics',
  'dataset.exchange': 'Data exchange',
  'dataset.integration-events': 'Integration events',

  'rejects.heading': 'Rejected rows',
  'rejects.caption': 'Rows that failed validation, with the reason and the raw text',
  'rejects.time': 'Time',
  'rejects.agency': 'Agency',
  'rejects.dataset': 'Dataset',
  'rejects.row': 'Row',
  'rejects.reason': 'Reason',
  'rejects.raw': 'Raw text',
  'rejects.run': 'Run',
  'rejects.empty': 'No rejected row matches this filter.',

  'format.shortInstant': '{day}, {time}',
  'format.seconds': '{value} s',
  'format.milliseconds': '{value} ms',
};

export const dictionaries: Record<Lang, Record<MessageKey, string>> = { fa, en };

export type MessageVars = Record<string, string | number>;

/** Looks a key up and fills `{name}` placeholders; values are expected pre-formatted for `lang`. */
export function translate(lang: Lang, key: MessageKey, vars?: MessageVars): string {
  const template = dictionaries[lang][key];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export const statusKey = (status: AgencyStatus): MessageKey => `status.${status}`;
export const componentKey = (component: ComponentName): MessageKey => `component.${component}`;

export const freshnessKey = (status: FreshnessStatus): MessageKey => `freshness.status.${status}`;
export const runStatusKey = (status: PipelineRunStatus): MessageKey => `runStatus.${status}`;
/** Datasets outside the contract's four (a newer server) show their id rather than a blank. */
export const datasetKey = (dataset: string): MessageKey | null =>
  (`dataset.${dataset}` in fa ? (`dataset.${dataset}` as `dataset.${Dataset}`) : null);

export function parseLang(value: string | null | undefined): Lang {
  return value === 'en' ? 'en' : 'fa';
}

export const dirOf = (lang: Lang): 'rtl' | 'ltr' => (lang === 'fa' ? 'rtl' : 'ltr');
