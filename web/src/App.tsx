import { lazy, Suspense, useLayoutEffect, useMemo } from 'react';
import { AppHeader } from './components/AppHeader';
import { dirOf, parseLang, translate } from './i18n/dictionary';
import { I18nContext, makeI18n } from './i18n/use-i18n';
import { parsePage } from './lib/page';
import { useSearchParam } from './lib/use-search-param';
import { ScoreboardPage } from './features/scoreboard/ScoreboardPage';

// The landing page ships in the first chunk; the operators' page loads when someone opens it.
const PipelinesPage = lazy(() => import('./features/pipelines/PipelinesPage').then((m) => ({ default: m.PipelinesPage })));

const TITLE_KEY = { scoreboard: 'scoreboard.title', pipelines: 'pipelines.title' } as const;

export function App() {
  const lang = parseLang(useSearchParam('lang'));
  const page = parsePage(useSearchParam('page'));
  const i18n = useMemo(() => makeI18n(lang), [lang]);

  // lang/dir belong on <html>: screen readers pick the voice from it and CSS logical properties
  // and the browser's bidi follow it. Layout effect: set before the chart's passive effect creates
  // its canvas, which takes its text direction from the document.
  useLayoutEffect(() => {
    const html = document.documentElement;
    html.lang = lang;
    html.dir = dirOf(lang);
    document.title = `${translate(lang, 'app.name')} — ${translate(lang, TITLE_KEY[page])}`;
  }, [lang, page]);

  return (
    <I18nContext value={i18n}>
      <a className="skip-link" href="#main">
        {i18n.t('app.skipToContent')}
      </a>
      <AppHeader page={page} />
      {page === 'pipelines' ? (
        <Suspense fallback={<main id="main" className="page" aria-busy="true" />}>
          <PipelinesPage />
        </Suspense>
      ) : (
        <ScoreboardPage />
      )}
    </I18nContext>
  );
}
