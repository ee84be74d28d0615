/**
 * Saved queries: the form that saves the editor's text (new, or over the open query when it is the
 * caller's own), and the list of the caller's own and those other analysts shared. Opening one puts
 * its id in the URL (`?saved=`), so a reload or a link opens it again.
 */
import { type FormEvent, useEffect, useState } from 'react';
import type { SavedQuery } from '@hamgam/shared';
import { formatShortInstant } from '../../format/format';
import { useI18n } from '../../i18n/use-i18n';

export interface SaveInput {
  name: string;
  description: string;
  shared: boolean;
}

export function SavedQueriesPanel({
  items,
  userId,
  open,
  busy,
  onSaveNew,
  onUpdate,
  onDelete,
  onOpen,
}: {
  items: SavedQuery[];
  userId: string;
  open: SavedQuery | null;
  busy: boolean;
  onSaveNew: (input: SaveInput) => void;
  onUpdate: (input: SaveInput) => void;
  onDelete: (query: SavedQuery) => void;
  onOpen: (query: SavedQuery) => void;
}) {
  const { t, lang } = useI18n();
  const own = open !== null && open.ownerId === userId;
  const [form, setForm] = useState<SaveInput>({ name: '', description: '', shared: false });
  const [confirming, setConfirming] = useState<string | null>(null);

  // Opening a query of one's own fills the form with it; anything else starts a new one.
  useEffect(() => {
    setForm(own && open ? { name: open.name, description: open.description, shared: open.shared } : { name: '', description: '', shared: false });
    setConfirming(null);
  }, [open, own]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSaveNew({ ...form, name: form.name.trim() });
  };
  const mine = items.filter((q) => q.ownerId === userId);
  const others = items.filter((q) => q.ownerId !== userId);

  const list = (queries: SavedQuery[]) => (
    <ul className="saved-list">
      {queries.map((q) => (
        <li key={q.id} className={`saved-list__item${open?.id === q.id ? ' saved-list__item--open' : ''}`} data-testid="saved-item" data-id={q.id}>
          <button type="button" className="saved-list__open" onClick={() => onOpen(q)} aria-current={open?.id === q.id ? 'true' : undefined} data-testid="saved-open">
            <span className="saved-list__name" dir="auto">
              {q.name}
            </span>
            <span className={`status-chip ${q.shared ? 'status-chip--shared' : 'status-chip--private'}`}>{t(q.shared ? 'workbench.saved.isShared' : 'workbench.saved.private')}</span>
          </button>
          {q.description && (
            <p className="saved-list__description" dir="auto">
              {q.description}
            </p>
          )}
          <p className="saved-list__meta">{t('workbench.saved.updatedAt', { when: formatShortInstant(q.updatedAt, lang) })}</p>
        </li>
      ))}
    </ul>
  );

  return (
    <div className="saved" data-testid="saved-panel">
      <form className="save-form" onSubmit={submit} aria-labelledby="save-form-heading">
        <h3 id="save-form-heading">{t('workbench.saved.form')}</h3>
        <label>
          <span>{t('workbench.saved.name')}</span>
          <input required maxLength={200} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} dir="auto" data-testid="save-name" />
        </label>
        <label>
          <span>{t('workbench.saved.description')}</span>
          <textarea rows={2} maxLength={2000} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} dir="auto" data-testid="save-description" />
        </label>
        <label className="filters__check">
          <input type="checkbox" checked={form.shared} onChange={(e) => setForm({ ...form, shared: e.target.checked })} data-testid="save-shared" />
          <span>{t('workbench.saved.shared')}</span>
        </label>
        <div className="save-form__actions">
          <button type="submit" className="button" disabled={busy || form.name.trim() === ''} data-testid="save-new">
            {t('workbench.saved.saveNew')}
          </button>
          {own && open && (
            <>
              <button type="button" className="button button--primary" disabled={busy || form.name.trim() === ''} onClick={() => onUpdate({ ...form, name: form.name.trim() })} data-testid="save-update">
                {t('workbench.saved.update')}
              </button>
              {confirming === open.id ? (
                <>
                  <button type="button" className="button button--danger" disabled={busy} onClick={() => onDelete(open)} data-testid="save-delete-confirm">
                    {t('workbench.saved.confirmDelete', { name: open.name })}
                  </button>
                  <button type="button" className="link-button" onClick={() => setConfirming(null)}>
                    {t('workbench.saved.keep')}
                  </button>
                </>
              ) : (
                <button type="button" className="button button--quiet" disabled={busy} onClick={() => setConfirming(open.id)} data-testid="save-delete">
                  {t('workbench.saved.delete')}
                </button>
              )}
            </>
          )}
        </div>
        {open && !own && <p className="panel__meta">{t('workbench.saved.readOnly')}</p>}
      </form>
      <h3>{t('workbench.saved.mine')}</h3>
      {mine.length ? list(mine) : <p className="panel__meta">{t('workbench.saved.none')}</p>}
      <h3>{t('workbench.saved.others')}</h3>
      {others.length ? list(others) : <p className="panel__meta">{t('workbench.saved.noneShared')}</p>}
    </div>
  );
}
