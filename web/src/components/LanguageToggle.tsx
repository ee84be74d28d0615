import { useI18n } from '../i18n/use-i18n';
import { langCookie } from '../lib/lang-cookie';
import { setSearchParam } from '../lib/use-search-param';

/**
 * One click to the other language. The choice lives in the URL (`?lang=en`; no parameter means the
 * remembered language, Persian by default) so a shared link or a reload keeps it and Back undoes
 * it, and in a cookie so a fresh visit opens in it. The cookie is written before the URL changes:
 * removing `?lang` must find the new choice remembered, not the old one. The label is written in
 * the target language and marked so, so a screen reader pronounces "English" in English.
 */
export function LanguageToggle() {
  const { t, lang } = useI18n();
  const target = lang === 'fa' ? 'en' : 'fa';
  return (
    <button
      type="button"
      className="lang-toggle"
      lang={target}
      title={t('lang.switchLabel')}
      data-testid="lang-toggle"
      onClick={() => {
        document.cookie = langCookie(target);
        setSearchParam('lang', target === 'en' ? 'en' : null);
      }}
    >
      {t('lang.switch')}
    </button>
  );
}
