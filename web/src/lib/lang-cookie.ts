/**
 * The language choice, remembered in a cookie so a fresh visit (a bookmark, a typed address)
 * opens in the language last used. The URL's `?lang=` wins when present: a shared link shows what
 * its sender saw. A cookie rather than localStorage so the server could one day answer in the same
 * language (the CSV export, the first paint) without a round trip.
 */
import { parseLang, type Lang } from '../i18n/dictionary';

export const LANG_COOKIE = 'hamgam_lang';
const ONE_YEAR_S = 365 * 24 * 60 * 60;

/** The language in a `document.cookie` string, or null when none was remembered. */
export function langFromCookie(cookie: string): Lang | null {
  for (const part of cookie.split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === LANG_COOKIE && (value === 'fa' || value === 'en')) return value;
  }
  return null;
}

/** The `document.cookie` assignment that remembers `lang`. */
export const langCookie = (lang: Lang): string => `${LANG_COOKIE}=${lang}; Path=/; Max-Age=${ONE_YEAR_S}; SameSite=Lax`;

/** The language to show: the URL's when it names one, else the remembered one, else Persian. */
export function chooseLang(urlLang: string | null, cookie: string): Lang {
  if (urlLang === 'fa' || urlLang === 'en') return urlLang;
  return langFromCookie(cookie) ?? parseLang(null);
}
