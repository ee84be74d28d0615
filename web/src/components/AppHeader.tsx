import type { MouseEvent } from 'react';
import { useI18n } from '../i18n/use-i18n';
import { NAV_PAGES, PAGE_DEFS, pageUpdates, pageVisibleTo, type Page } from '../lib/page';
import { hrefWithParams, setSearchParams } from '../lib/use-search-param';
import { LanguageToggle } from './LanguageToggle';
import { SignOutButton } from '../features/auth/SignInGate';
import { useMe } from '../features/auth/use-me';

/**
 * The masthead on every page: the name, the page links and the language toggle. Links are real
 * links (open in a new tab, copy the address) that switch in place on a plain click; they keep the
 * language and the week and drop the current page's own filters.
 */
export function AppHeader({ page }: { page: Page }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const updatesFor = (target: Page) => pageUpdates(target, new URLSearchParams(window.location.search));
  const go = (target: Page) => (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0) return;
    e.preventDefault();
    if (target !== page) setSearchParams(updatesFor(target));
  };
  return (
    <header className="masthead">
      <div className="masthead__inner">
        <div className="brand">
          <span className="brand__name">{t('app.name')}</span>
          <span className="brand__tagline">{t('app.tagline')}</span>
        </div>
        <nav className="nav" aria-label={t('nav.label')}>
          <ul className="nav__list">
            {NAV_PAGES.filter((p) => pageVisibleTo(p, me?.role ?? null)).map((p) => (
              <li key={p}>
                <a
                  className="nav__link"
                  href={hrefWithParams(updatesFor(p))}
                  aria-current={p === page ? 'page' : undefined}
                  data-testid={`nav-${p}`}
                  onClick={go(p)}
                >
                  {t(PAGE_DEFS[p].nav!)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <LanguageToggle />
        <SignOutButton lang={lang} />
      </div>
    </header>
  );
}
