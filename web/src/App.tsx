import { lazy, Suspense, useEffect, useLayoutEffect, useMemo, type ComponentType } from 'react';
import { AppHeader } from './components/AppHeader';
import { dirOf, translate } from './i18n/dictionary';
import { I18nContext, makeI18n } from './i18n/use-i18n';
import { chooseLang, langCookie } from './lib/lang-cookie';
import { PAGE_DEFS, parsePage, type Page } from './lib/page';
import { mayOpen } from './lib/access';
import { replaceSearchParams, useSearchParam, useSearchParams } from './lib/use-search-param';
import { NotForRole } from './components/NotForRole';
import { useMe } from './features/auth/use-me';
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
  annotations: lazyPage(() => import('./features/annotations/AnnotationsPage').then((m) => m.AnnotationsPage)),
  exchange: lazyPage(() => import('./features/exchange/ExchangePage').then((m) => m.ExchangePage)),
  // CodeMirror and apache-arrow live in this chunk only: the other pages never load them.
  workbench: lazyPage(() => import('./features/workbench/WorkbenchPage').then((m) => m.WorkbenchPage)),
  admin: lazyPage(() => import('./features/admin/AdminPage').then((m) => m.AdminPage)),
  tokens: lazyPage(() => import('./features/tokens/TokensPage').then((m) => m.TokensPage)),
};

/** True until the first page is chosen: only the URL the dashboard was opened at is a landing. */
let landingPending = true;

export function App() {
  const urlLang = useSearchParam('lang');
  // The URL wins; without `?lang` the remembered choice (read at render: the toggle writes the
  // cookie before it changes the URL, and that change is what re-renders).
  const lang = chooseLang(urlLang, typeof document === 'undefined' ? '' : document.cookie);
  const params = useSearchParams();
  const pageParam = params.get('page');
  const me = useMe();
  // The landing URL (no `?page=`) is the scoreboard, except for an agency user opening the
  // dashboard: it lands on its own agency's page (the URL then says `?page=agency&agency=<its id>`, so the
  // scoreboard link still leads to the scoreboard). The sign-in gate renders the app only once
  // the caller is known, so there is no wrong page to flash first.
  const landing = landingPending && pageParam === null;
  const page: Page = landing && me?.role === 'agency' ? 'agency' : parsePage(pageParam);
  useEffect(() => {
    if (!landingPending) return;
    landingPending = false;
    if (me?.role === 'agency' && pageParam === null) replaceSearchParams({ page: 'agency', agency: me.agencyId });
  }, [me, pageParam]);
  // A page this role may not use (opened by its URL) says so instead of rendering half-refused.
  const allowed = mayOpen(me, page, params);
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
        {allowed || !me ? <PageComponent /> : <NotForRole page={page} viewer={me} />}
      </Suspense>
    </I18nContext>
  );
}
