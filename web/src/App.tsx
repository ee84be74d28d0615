import { useLayoutEffect, useMemo } from 'react';
import { dirOf, parseLang, translate } from './i18n/dictionary';
import { I18nContext, makeI18n } from './i18n/use-i18n';
import { useSearchParam } from './lib/use-search-param';
import { ScoreboardPage } from './features/scoreboard/ScoreboardPage';

export function App() {
  const lang = parseLang(useSearchParam('lang'));
  const i18n = useMemo(() => makeI18n(lang), [lang]);

  // lang/dir belong on <html>: screen readers pick the voice from it and CSS logical properties
  // and the browser's bidi follow it. Layout effect: set before the chart's passive effect creates
  // its canvas, which takes its text direction from the document.
  useLayoutEffect(() => {
    const html = document.documentElement;
    html.lang = lang;
    html.dir = dirOf(lang);
    document.title = `${translate(lang, 'app.name')} — ${translate(lang, 'scoreboard.title')}`;
  }, [lang]);

  return (
    <I18nContext value={i18n}>
      <a className="skip-link" href="#main">
        {i18n.t('app.skipToContent')}
      </a>
      <ScoreboardPage />
    </I18nContext>
  );
}
