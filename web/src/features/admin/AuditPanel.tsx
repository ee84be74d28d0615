import { type FormEvent, useState } from 'react';
import type { AuditEntry } from '@hamgam/shared';
import { fetchAudit } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { type Column, DataTable } from '../../components/DataTable';
import { Loaded } from '../../components/Loaded';
import { formatCount, formatDay, formatInstant } from '../../format/format';
import { type MessageKey, dictionaries } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/use-i18n';
import { setSearchParams, useSearchParams } from '../../lib/use-search-param';
import { AUDIT_ACTIONS, AUDIT_PAGE_SIZE, auditQuery, detailPairs, parseAuditFilter } from './audit-filter';

const REFRESH_MS = 30_000;

const actionKey = (action: string): MessageKey | null => {
  const key = `audit.action.${action}`;
  return key in dictionaries.fa ? (key as MessageKey) : null;
};

/**
 * The audit log, newest first, AUDIT_PAGE_SIZE entries a page: filtered by action, user and a
 * range of Tehran days, all in the URL; "older" follows the last entry's id, "newer" goes back
 * the way it came (the cursors already visited are remembered while the filters stay the same).
 */
export function AuditPanel({ usernames }: { usernames: string[] }) {
  const { t, lang } = useI18n();
  const params = useSearchParams();
  const filter = parseAuditFilter(params);
  const query = auditQuery(filter);
  const audit = useResource(`audit:${JSON.stringify(query)}`, (signal) => fetchAudit(query, signal), REFRESH_MS);
  // The `before` cursors of the pages visited on the way here (for "newer").
  const [trail, setTrail] = useState<(number | null)[]>([]);

  function apply(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const value = (name: string) => String(data.get(name) ?? '').trim() || null;
    setTrail([]);
    setSearchParams({ action: value('action'), actor: value('actor'), from: value('from'), to: value('to'), before: null });
  }

  function clear() {
    setTrail([]);
    setSearchParams({ action: null, actor: null, from: null, to: null, before: null });
  }

  const filtered = filter.action || filter.actor || filter.from || filter.to;
  return (
    <section className="panel" aria-labelledby="audit-title" data-testid="audit-panel">
      <h2 className="panel__title" id="audit-title">
        {t('audit.title')}
      </h2>
      {/* Keyed by the URL's filters, so Back/Forward refill the fields. */}
      <form className="form form--filters" onSubmit={apply} key={`${filter.action}|${filter.actor}|${filter.from}|${filter.to}`} data-testid="audit-filters" aria-label={t('audit.filters')}>
        <label className="form__field">
          <span>{t('audit.filter.action')}</span>
          <select name="action" defaultValue={filter.action ?? ''} data-testid="audit-action">
            <option value="">{t('audit.filter.anyAction')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(actionKey(a)!)}
              </option>
            ))}
          </select>
        </label>
        <label className="form__field">
          <span>{t('audit.filter.actor')}</span>
          <input name="actor" list="audit-actors" defaultValue={filter.actor ?? ''} dir="ltr" autoComplete="off" data-testid="audit-actor" />
          <datalist id="audit-actors">
            {usernames.map((u) => (
              <option key={u} value={u} />
            ))}
          </datalist>
        </label>
        <label className="form__field">
          <span>{t('audit.filter.from')}</span>
          <input name="from" type="date" defaultValue={filter.from ?? ''} dir="ltr" data-testid="audit-from" />
        </label>
        <label className="form__field">
          <span>{t('audit.filter.to')}</span>
          <input name="to" type="date" defaultValue={filter.to ?? ''} dir="ltr" data-testid="audit-to" />
        </label>
        <div className="form__actions">
          <button type="submit" className="button button--primary" data-testid="audit-apply">
            {t('audit.filter.apply')}
          </button>
          {filtered && (
            <button type="button" className="button" onClick={clear} data-testid="audit-clear">
              {t('audit.filter.clear')}
            </button>
          )}
        </div>
      </form>
      {(filter.from || filter.to) && (
        <p className="panel__meta" data-testid="audit-range">
          {t('audit.range', { from: filter.from ? formatDay(filter.from, lang) : '…', to: filter.to ? formatDay(filter.to, lang) : '…' })}
        </p>
      )}
      <Loaded state={audit.state} onRetry={audit.retry} testId="audit">
        {(entries) => {
          const page = entries.slice(0, AUDIT_PAGE_SIZE);
          const hasOlder = entries.length > AUDIT_PAGE_SIZE;
          const pageNumber = trail.length + 1;
          return (
            <>
              <AuditTable entries={page} />
              <nav className="pager" aria-label={t('audit.paging')}>
                <button
                  type="button"
                  className="button"
                  disabled={!filter.before}
                  data-testid="audit-newer"
                  onClick={() => {
                    const previous = trail.at(-1) ?? null;
                    setTrail(trail.slice(0, -1));
                    setSearchParams({ before: previous === null ? null : String(previous) });
                  }}
                >
                  {t('audit.newer')}
                </button>
                <span className="pager__where" data-testid="audit-page">
                  {t('audit.page', { page: formatCount(pageNumber, lang), count: formatCount(page.length, lang) })}
                </span>
                <button
                  type="button"
                  className="button"
                  disabled={!hasOlder}
                  data-testid="audit-older"
                  onClick={() => {
                    setTrail([...trail, filter.before]);
                    setSearchParams({ before: String(page[page.length - 1].id) });
                  }}
                >
                  {t('audit.older')}
                </button>
              </nav>
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const { t, lang } = useI18n();
  if (entries.length === 0) return <p className="state" data-testid="audit-empty">{t('audit.empty')}</p>;
  const columns: Column<AuditEntry>[] = [
    { id: 'at', header: t('audit.col.at'), className: 'nowrap', cell: (e) => formatInstant(e.at, lang) },
    { id: 'actor', header: t('audit.col.actor'), cell: (e) => <code dir="ltr">{e.actor ?? '—'}</code> },
    {
      id: 'action',
      header: t('audit.col.action'),
      cell: (e) => {
        const key = actionKey(e.action);
        return <span className={`action action--${e.action.split('.')[0]}`}>{key ? t(key) : e.action}</span>;
      },
    },
    {
      id: 'target',
      header: t('audit.col.target'),
      className: 'audit__target',
      cell: (e) =>
        e.target ? (
          <code dir="ltr" title={e.target}>
            {e.target}
          </code>
        ) : (
          '—'
        ),
    },
    {
      id: 'detail',
      header: t('audit.col.detail'),
      className: 'audit__detail',
      cell: (e) =>
        detailPairs(e.detail).map(([k, v]) => (
          <span key={k} className="kv" dir="ltr">
            {k && <span className="kv__key">{k}:</span>} {v}
          </span>
        )),
    },
    { id: 'ip', header: t('audit.col.ip'), className: 'nowrap', cell: (e) => <code dir="ltr">{e.ip ?? '—'}</code> },
  ];
  return (
    <>
      <p className="scroll-hint">{t('table.scrollHint')}</p>
      <div className="table-scroll" role="region" aria-labelledby="audit-title" tabIndex={0}>
        <DataTable
          caption={t('audit.title')}
          testId="audit-table"
          columns={columns}
          rows={entries}
          rowKey={(e) => String(e.id)}
          rowAttributes={(e) => ({ 'data-testid': 'audit-row', 'data-action': e.action, 'data-actor': e.actor ?? '', 'data-target': e.target ?? '' })}
        />
      </div>
    </>
  );
}
