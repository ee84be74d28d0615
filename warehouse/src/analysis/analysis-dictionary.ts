/**
 * The data dictionary of the analysis replica: the one list of what analysts may query. It decides
 * what is copied into the replica (only these tables, only these columns: users, sessions, tokens,
 * source state, audit and saved queries are never listed, so never copied) and it answers the
 * workbench's schema request. A spec checks that every column of every listed warehouse table is
 * described here, so a new column cannot reach analysts undocumented (nor silently go missing).
 */

export interface DictionaryColumn {
  name: string;
  fa: string;
  en: string;
}

export interface DictionaryTable {
  /** The table's name in the replica, the same as in the warehouse. */
  name: string;
  fa: string;
  en: string;
  columns: DictionaryColumn[];
}

function col(name: string, fa: string, en: string): DictionaryColumn {
  return { name, fa, en };
}

const RUN_ID = col('run_id', 'شناسهٔ اجرای خط لوله‌ای که این سطر را بارگذاری کرد', 'The pipeline run that loaded this row');

export const ANALYSIS_DICTIONARY: readonly DictionaryTable[] = [
  {
    name: 'agency',
    fa: 'دستگاه‌های اجرایی: یک سطر برای هر دستگاه',
    en: 'Executive agencies: one row per agency',
    columns: [
      col('agency_id', 'شناسهٔ دستگاه (نامک لاتین)', 'Agency id (a Latin slug)'),
      col('name_fa', 'نام فارسی دستگاه', 'Agency name in Persian'),
      col('name_en', 'نام انگلیسی دستگاه', 'Agency name in English'),
      col('kind', 'نوع دستگاه: وزارتخانه، سازمان، شرکت، صندوق یا شهرداری', 'Kind: ministry, organization, company, fund or municipality'),
      col('sector', 'بخش (حوزهٔ کاری) دستگاه', 'Sector the agency works in'),
      col('parent_id', 'شناسهٔ دستگاه مادر، اگر باشد', 'Parent agency id, if any'),
      col('deadline', 'مهلت پیوستن به پنجرهٔ ملی، اگر با مهلت ملی فرق کند', 'Deadline to join the national window, when it differs from the national one'),
    ],
  },
  {
    name: 'service',
    fa: 'خدمات الکترونیکی هر دستگاه و مرحلهٔ کنونی آن‌ها',
    en: "Each agency's e-services and their current stage",
    columns: [
      col('service_id', 'شناسهٔ خدمت', 'Service id'),
      col('agency_id', 'شناسهٔ دستگاه ارائه‌دهنده', 'Id of the agency providing the service'),
      col('name_fa', 'نام فارسی خدمت', 'Service name in Persian'),
      col('name_en', 'نام انگلیسی خدمت', 'Service name in English'),
      col('is_key', 'خدمت کلیدی (پرتقاضا) است؛ در پوشش دو بار شمرده می‌شود', 'Key (high-volume) service; counts twice in coverage'),
      col('stage', 'مرحله: not_started، developing، testing یا live (روی پنجرهٔ ملی)', 'Stage: not_started, developing, testing or live (on the national window)'),
      col('uses_national_sso', 'از ورود یکپارچهٔ ملی استفاده می‌کند', 'Uses the national single sign-on'),
      col('uses_exchange', 'مدارک را با تبادل بین‌دستگاهی می‌گیرد', 'Fetches documents by inter-agency exchange'),
      col('updated_at', 'زمان آخرین تغییر سطر', 'When the row last changed'),
      RUN_ID,
    ],
  },
  {
    name: 'service_daily',
    fa: 'سنجه‌های روزانهٔ هر خدمت (روز تقویمی به وقت تهران)',
    en: 'Daily metrics of each service (calendar day in Tehran time)',
    columns: [
      col('date', 'روز (میلادی، به وقت تهران)', 'Day (Gregorian, Tehran time)'),
      col('service_id', 'شناسهٔ خدمت', 'Service id'),
      col('agency_id', 'شناسهٔ دستگاه', 'Agency id'),
      col('requests', 'تعداد درخواست‌ها', 'Requests received'),
      col('completed', 'درخواست‌های انجام‌شده', 'Requests completed'),
      col('failed', 'درخواست‌های ناموفق', 'Requests failed'),
      col('availability_pct', 'درصد دسترس‌پذیری در روز', 'Availability over the day, percent'),
      col('latency_p50_ms', 'میانهٔ زمان پاسخ (میلی‌ثانیه)', 'Median response time (ms)'),
      col('latency_p95_ms', 'صدک ۹۵ زمان پاسخ (میلی‌ثانیه)', '95th percentile response time (ms)'),
      col('satisfaction_sum', 'جمع امتیازهای رضایت (۱ تا ۵)', 'Sum of satisfaction ratings (1–5)'),
      col('satisfaction_count', 'تعداد امتیازهای رضایت', 'Number of satisfaction ratings'),
      col('docs_asked', 'مدارکی که از شهروند خواسته شد', 'Documents asked of citizens'),
      col('docs_fetched', 'مدارکی که از دستگاه‌های دیگر گرفته شد', 'Documents fetched from other agencies'),
      RUN_ID,
    ],
  },
  {
    name: 'exchange_daily',
    fa: 'تبادل دادهٔ روزانه میان دستگاه‌ها',
    en: 'Daily data exchange between agencies',
    columns: [
      col('date', 'روز (میلادی، به وقت تهران)', 'Day (Gregorian, Tehran time)'),
      col('provider_agency_id', 'دستگاه ارائه‌دهندهٔ داده', 'Agency providing the data'),
      col('consumer_agency_id', 'دستگاه مصرف‌کنندهٔ داده', 'Agency consuming the data'),
      col('data_service', 'نام سرویس داده', 'Data service name'),
      col('calls', 'تعداد فراخوانی‌ها', 'Calls'),
      col('failures', 'فراخوانی‌های ناموفق', 'Failed calls'),
      col('latency_p50_ms', 'میانهٔ زمان پاسخ (میلی‌ثانیه)', 'Median response time (ms)'),
      col('latency_p95_ms', 'صدک ۹۵ زمان پاسخ (میلی‌ثانیه)', '95th percentile response time (ms)'),
      RUN_ID,
    ],
  },
  {
    name: 'integration_event',
    fa: 'رویدادهای یکپارچگی: تغییر مرحلهٔ یک خدمت',
    en: 'Integration events: a service changing stage',
    columns: [
      col('event_id', 'شناسهٔ رویداد', 'Event id'),
      col('service_id', 'شناسهٔ خدمت', 'Service id'),
      col('agency_id', 'شناسهٔ دستگاه', 'Agency id'),
      col('occurred_at', 'زمان رخداد', 'When it happened'),
      col('from_stage', 'مرحلهٔ پیشین', 'Stage before'),
      col('to_stage', 'مرحلهٔ جدید', 'Stage after'),
      col('source_id', 'منبع گزارش‌دهندهٔ رویداد', 'Source that reported the event'),
      RUN_ID,
    ],
  },
  {
    name: 'scoreboard_weekly',
    fa: 'تابلوی امتیاز هفتگی: یک سطر برای هر دستگاه در هر هفته (شنبه تا جمعه)',
    en: 'Weekly scoreboard: one row per agency per week (Saturday to Friday)',
    columns: [
      col('week_end', 'آخرین روز هفته (جمعه)', 'Last day of the week (Friday)'),
      col('agency_id', 'شناسهٔ دستگاه', 'Agency id'),
      col('methodology_version', 'نسخهٔ روش‌شناسی محاسبه', 'Methodology version used'),
      col('coverage', 'مؤلفهٔ پوشش (۰ تا ۱۰۰)', 'Coverage component (0–100)'),
      col('identity', 'مؤلفهٔ هویت (۰ تا ۱۰۰)', 'Identity component (0–100)'),
      col('exchange', 'مؤلفهٔ تبادل (۰ تا ۱۰۰)', 'Exchange component (0–100)'),
      col('reliability', 'مؤلفهٔ پایداری (۰ تا ۱۰۰)', 'Reliability component (0–100)'),
      col('experience', 'مؤلفهٔ تجربهٔ کاربر (۰ تا ۱۰۰)', 'Experience component (0–100)'),
      col('index', 'شاخص یکپارچگی وزن‌دار (۰ تا ۱۰۰)؛ در SQL با نقل‌قول: "index"', 'Weighted integration index (0–100); quote it in SQL: "index"'),
      col('rank', 'رتبه در هفته', 'Rank in the week'),
      col('status', 'وضعیت: joined، on_track، lagging، not_started یا silent', 'Status: joined, on_track, lagging, not_started or silent'),
      col('expected_coverage', 'پوشش مورد انتظار روی خط برنامه تا مهلت', 'Expected coverage on the line to the deadline'),
      col('services_total', 'تعداد کل خدمات', 'Services in total'),
      col('services_live', 'خدمات فعال روی پنجرهٔ ملی', 'Services live on the national window'),
      col('computed_at', 'زمان محاسبه', 'When it was computed'),
    ],
  },
  {
    name: 'dim_date',
    fa: 'بُعد تاریخ: هر روز با تاریخ خورشیدی و هفتهٔ ایرانی',
    en: 'Date dimension: every day with its Solar Hijri date and Iranian week',
    columns: [
      col('date', 'روز (میلادی)', 'Day (Gregorian)'),
      col('jalali_year', 'سال خورشیدی', 'Solar Hijri year'),
      col('jalali_month', 'ماه خورشیدی (۱ تا ۱۲)', 'Solar Hijri month (1–12)'),
      col('jalali_day', 'روز ماه خورشیدی', 'Solar Hijri day of month'),
      col('iran_weekday', 'روز هفته: شنبه ۰ تا جمعه ۶', 'Weekday: Saturday 0 to Friday 6'),
      col('week_start', 'شنبهٔ آغاز هفته', 'Saturday starting the week'),
      col('week_end', 'جمعهٔ پایان هفته (نام هفته)', 'Friday ending the week (its name)'),
      col('is_nowruz_holiday', 'تعطیلات نوروز', 'Nowruz holiday'),
    ],
  },
];

export const ANALYSIS_TABLE_NAMES: readonly string[] = ANALYSIS_DICTIONARY.map((t) => t.name);

export function dictionaryTable(name: string): DictionaryTable | undefined {
  return ANALYSIS_DICTIONARY.find((t) => t.name === name);
}
