import { useI18n } from '../i18n/use-i18n';
import { PAGE_DEFS, type Page } from '../lib/page';
import type { Viewer } from '../lib/access';
import { PageLink } from './PageLink';

/** In place of a page the signed-in role may not use (opened by its URL): says so, and where to go. */
export function NotForRole({ page, viewer }: { page: Page; viewer: Viewer }) {
  const { t } = useI18n();
  return (
    <main id="main" className="page">
      <h1>{t(PAGE_DEFS[page].title)}</h1>
      <div className="state state--error" role="alert" data-testid="not-for-role">
        <h2 className="state__title">{t('access.denied.title')}</h2>
        <p>{t('access.denied.body', { role: t(`role.${viewer.role}`) })}</p>
        <p className="state__actions">
          <PageLink page="scoreboard" className="button">
            {t('nav.scoreboard')}
          </PageLink>
          {viewer.role === 'agency' && viewer.agencyId && (
            <PageLink page="agency" params={{ agency: viewer.agencyId }} className="button">
              {t('nav.ownAgency')}
            </PageLink>
          )}
        </p>
      </div>
    </main>
  );
}
