import '../agency/agency-view.css';
import { useState } from 'react';
import { useAnnotations, useCaller } from '../../api/use-agency-view';
import { Loaded } from '../../components/Loaded';
import { formatCount } from '../../format/format';
import { useI18n } from '../../i18n/use-i18n';
import { setSearchParams, useSearchParam } from '../../lib/use-search-param';
import { AnnotationList } from '../agency/AnnotationsPanel';

/**
 * Every agency's notes and disputes (`?page=annotations`), open ones first: admins answer and
 * resolve them here; ministers and analysts read them; an agency user sees its own only (the
 * server scopes the list). `?status=open` keeps the open ones.
 */
export function AnnotationsPage() {
  const { t, lang } = useI18n();
  const caller = useCaller();
  const openOnly = useSearchParam('status') === 'open';
  const [version, setVersion] = useState(0);
  const annotations = useAnnotations({ status: openOnly ? 'open' : undefined, limit: 500 }, version);
  return (
    <main id="main" className="page" aria-busy={annotations.state.kind === 'loading'}>
      <div className="page__head">
        <h1>{t('annotations.title')}</h1>
        <p className="meta">{t('ann.intro')}</p>
      </div>
      <form className="filters" aria-label={t('filters.heading')} onSubmit={(e) => e.preventDefault()}>
        <label className="filters__check">
          <input type="checkbox" data-testid="annotations-open-only" checked={openOnly} onChange={(e) => setSearchParams({ status: e.target.checked ? 'open' : null })} />
          <span>{t('annotations.openOnly')}</span>
        </label>
      </form>
      <Loaded state={annotations.state} onRetry={annotations.retry} testId="annotations-page">
        {(d) => (
          <section className="panel" aria-labelledby="annotations-list-heading">
            <h2 id="annotations-list-heading" className="panel__title">
              {t('annotations.count', { open: formatCount(d.annotations.filter((a) => a.status === 'open').length, lang), total: formatCount(d.annotations.length, lang) })}
            </h2>
            <AnnotationList annotations={d.annotations} caller={caller} onChanged={() => setVersion((v) => v + 1)} showAgency />
          </section>
        )}
      </Loaded>
    </main>
  );
}
