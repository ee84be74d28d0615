import type { MouseEvent } from 'react';
import { useI18n } from '../i18n/use-i18n';
import { PAGES, pageParam, type Page } from '../lib/page';
import { hrefWithParams, setSearchParams } from '../lib/use-search-param';
import { LanguageToggle } from './LanguageToggle';

const NAV_KEY = { scoreboard: 'nav.scoreboard', pipelines: 'nav.pipelines' } as const;

/**
 * The masthead on every page: the name, the page links and the language toggle. Links are real
 * links (open in a new tab, copy the address) that switch in place on a plain click.
 */
export function AppHeader({ page }: { page: Page }) {
  const { t } = useI18n();
  const go = (target: Page) => (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0) return;
    e.preventDefault();
    if (target !== page) setSearchParams({ page: pageParam(target) });
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
            {PAGES.map((p) => (
              <li key={p}>
                <a
                  className="nav__link"
                  href={hrefWithParams({ page: pageParam(p) })}
                  aria-current={p === page ? 'page' : undefined}
                  data-testid={`nav-${p}`}
                  onClick={go(p)}
                >
                  {t(NAV_KEY[p])}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <LanguageToggle />
      </div>
    </header>
  );
}
