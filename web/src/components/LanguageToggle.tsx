import type { MouseEvent } from 'react';
import { useI18n } from '../i18n/use-i18n';
import { hrefWithParam, setSearchParam } from '../lib/use-search-param';

/**
 * A real link to the other language (`?lang=en`, or no parameter for Persian), so it can be
 * opened in a new tab or shared; a plain click switches in place without a reload.
 */
export function LanguageToggle() {
  const { t, lang } = useI18n();
  const target = lang === 'fa' ? 'en' : null;
  const targetLang = target ?? 'fa';
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    setSearchParam('lang', target);
  };
  return (
    <a
      className="lang-toggle"
      href={hrefWithParam('lang', target)}
      hrefLang={targetLang}
      lang={targetLang}
      title={t('lang.switchLabel')}
      data-testid="lang-toggle"
      onClick={onClick}
    >
      {t('lang.switch')}
    </a>
  );
}
