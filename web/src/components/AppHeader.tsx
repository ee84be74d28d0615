import { useEffect, useState, type MouseEvent } from 'react';
import { fetchAgency } from '../api/client';
import { useI18n } from '../i18n/use-i18n';
import { type NavItem, isCurrent, navItems } from '../lib/access';
import { pageUpdates, type Page } from '../lib/page';
import { hrefWithParams, setSearchParams, useSearchParams } from '../lib/use-search-param';
import { LanguageToggle } from './LanguageToggle';
import { SignOutButton } from '../features/auth/SignInGate';
import { useMe } from '../features/auth/use-me';

/**
 * The masthead on every page: the name, who is signed in (name, role, agency) with their tokens
 * page, the language toggle and sign-out, and the links to the pages this role may use. Links are
 * real links (open in a new tab, copy the address) that switch in place on a plain click; they
 * keep the language and the week and drop the current page's own filters.
 */
export function AppHeader({ page }: { page: Page }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const params = useSearchParams();
  const updatesFor = (item: Pick<NavItem, 'page' | 'params'>) => pageUpdates(item.page, params, item.params);
  const go = (item: Pick<NavItem, 'page' | 'params'>) => (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0) return;
    e.preventDefault();
    setSearchParams(updatesFor(item));
  };
  return (
    <header className="masthead">
      <div className="masthead__inner">
        <div className="brand">
          <span className="brand__name">{t('app.name')}</span>
          <span className="brand__tagline">{t('app.tagline')}</span>
        </div>
        <div className="masthead__tools">
          {me && (
            <div className="account" data-testid="account">
              <span className="account__who">
                <span className="account__name" data-testid="account-name">
                  {me.displayName}
                </span>
                <span className="account__role" data-testid="account-role">
                  {t(`role.${me.role}`)}
                </span>
                {me.agencyId && <AgencyName agencyId={me.agencyId} />}
              </span>
              <a
                className="account__link"
                href={hrefWithParams(updatesFor({ page: 'tokens' }))}
                aria-current={page === 'tokens' ? 'page' : undefined}
                data-testid="nav-tokens"
                onClick={go({ page: 'tokens' })}
              >
                {t('nav.tokens')}
              </a>
            </div>
          )}
          <LanguageToggle />
          <SignOutButton lang={lang} />
        </div>
        <nav className="nav" aria-label={t('nav.label')}>
          <ul className="nav__list">
            {navItems(me).map((item) => (
              <li key={item.id}>
                <a
                  className="nav__link"
                  href={hrefWithParams(updatesFor(item))}
                  aria-current={isCurrent(item, page, params) ? 'page' : undefined}
                  data-testid={`nav-${item.id}`}
                  onClick={go(item)}
                >
                  {t(item.label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </div>
    </header>
  );
}

/** An agency user's agency, by name in the page's language (its id until the name arrives). */
function AgencyName({ agencyId }: { agencyId: string }) {
  const { lang } = useI18n();
  const [names, setNames] = useState<{ fa: string; en: string } | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    fetchAgency(agencyId, controller.signal).then(
      (d) => setNames({ fa: d.agency.nameFa, en: d.agency.nameEn }),
      () => setNames(null),
    );
    return () => controller.abort();
  }, [agencyId]);
  return (
    <span className="account__agency" data-testid="account-agency">
      {names ? names[lang] : agencyId}
    </span>
  );
}
