import { lazy, Suspense, useLayoutEffect, useMemo, type ComponentType } from 'react';
import { AppHeader } from './components/AppHeader';
import { dirOf, translate } from './i18n/dictionary';
import { I18nContext, makeI18n } from './i18n/use-i18n';
import { chooseLang, langCookie } from './lib/lang-cookie';
import { PAGE_DEFS, parsePage, type Page } from './lib/page';
import { useSearchParam } from './lib/use-search-param';
import { ScoreboardPage } from './features/scoreboard/ScoreboardPage';

// The landing page ships in the first chunk; every other page loads when someone opens it.
const lazyPage = (load: () => Promise<ComponentType>) => lazy(async () => ({ default: await load() }));

/** Each page of lib/page.ts and what renders it. */
const PAGE_COMPONENTS: Record<Page, ComponentType> = {
  scoreboard: ScoreboardPage,
  trend: lazyPage(() => import('./features/trend/TrendPage').then((m) => m.TrendPage)),
  report: lazyPage(() => import('./features/report/ReportPage').then((m) => m.ReportPage)),
  pipelines: lazyPage(() => import('./features/pipelines/PipelinesPage').then((m) => m.PipelinesPage)),
  agency: lazyPage(() => import('./features/agency/AgencyPage').then((m) => m.AgencyPage)),
  exchange: lazyPage(() => import('./features/exchange/ExchangePage').then((m) => m.ExchangePage)),
  // CodeMirror and apache-arrow live in this chunk only: the other pages never load them.
  workbench: lazyPage(() => import('./features/workbench/WorkbenchPage').then((m) => m.WorkbenchPage)),
};

export function App() {
  const urlLang = useSearchParam('lang');
  // The URL wins; without `?lang` the remembered choice (read at render: the toggle writes the
  // cookie before it changes the URL, and that change is what re-renders).
  const lang = chooseLang(urlLang, typeof document === 'undefined' ? '' : document.cookie);
  const page = parsePage(useSearchParam('page'));
  const i18n = useMemo(() => makeI18n(lang), [lang]);

  // lang/dir belong on <html>: screen readers pick the voice from it and CSS logical properties
  // and the browser's bidi follow it. Layout effect: set before the chart's passive effect creates
  // its canvas, which takes its text direction from the document.
  useLayoutEffect(() => {
    const html = document.documentElement;
    html.lang = lang;
    html.dir = dirOf(lang);
    document.title = `${translate(lang, 'app.name')} — ${translate(lang, PAGE_DEFS[page].title)}`;
    // Remember the language shown, whether it came from the toggle or from a link's `?lang=`.
    document.cookie = langCookie(lang);
  }, [lang, page]);

  const PageComponent = PAGE_COMPONENTS[page];
  return (
    <I18nContext value={i18n}>
      <a className="skip-link" href="#main">
        {i18n.t('app.skipToContent')}
      </a>
      <AppHeader page={page} />
      <Suspense fallback={<main id="main" className="page" aria-busy="true" />}>
        <PageComponent />
      </Suspense>
    </I18nContext>
  );
}
