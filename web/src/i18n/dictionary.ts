/**
 * Every visible string of the dashboard, in Persian (first) and English. Persian is the source of
 * the key set: English must be a `Record` of the same keys, so a missing translation is a type
 * error, and `dictionary.spec.ts` checks the same at run time (keys, placeholders, no blanks).
 */
import type { AgencyStatus, ComponentName } from '@hamgam/shared';

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

export function parseLang(value: string | null | undefined): Lang {
  return value === 'en' ? 'en' : 'fa';
}

export const dirOf = (lang: Lang): 'rtl' | 'ltr' => (lang === 'fa' ? 'rtl' : 'ltr');
