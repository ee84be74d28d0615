import { useI18n } from '../i18n/use-i18n';
import { setSearchParam } from '../lib/use-search-param';

/**
 * One click to the other language. The choice lives in the URL (`?lang=en`; no parameter means
 * Persian) so a shared link or a reload keeps it, and Back undoes it. The label is written in the
 * target language and marked so, so a screen reader pronounces "English" in English.
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
      onClick={() => setSearchParam('lang', target === 'en' ? 'en' : null)}
    >
      {t('lang.switch')}
    </button>
  );
}
