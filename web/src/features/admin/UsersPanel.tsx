import { type FormEvent, useState } from 'react';
import type { AdminAgencyOption, AdminUser } from '@hamgam/shared';
import { updateUser } from '../../api/client';
import type { ResourceState } from '../../api/use-resource';
import { type Column, DataTable } from '../../components/DataTable';
import { FormErrorText, fieldProps } from '../../components/FormErrorText';
import { Loaded } from '../../components/Loaded';
import { RoleSelect } from './RoleSelect';
import { formatCount, formatInstant } from '../../format/format';
import { useI18n } from '../../i18n/use-i18n';
import { type FormError, formError } from '../../lib/form-error';
import { useMe } from '../auth/use-me';
import { agencyName } from './AdminPage';
import { AgencySelect } from './AgencySelect';
import { type UserEdit, editOf, userChange } from './user-change';

export function UsersPanel({ state, onRetry, onChanged, agencies }: {
  state: ResourceState<AdminUser[]>;
  onRetry: () => void;
  onChanged: () => void;
  agencies: AdminAgencyOption[];
}) {
  const { t, lang } = useI18n();
  const me = useMe();
  const [editing, setEditing] = useState<string | null>(null);
  const columns: Column<AdminUser>[] = [
    {
      id: 'username',
      header: t('admin.col.username'),
      rowHeader: true,
      cell: (u) => (
        <>
          <code dir="ltr">{u.username}</code>
          {me?.userId === u.id && <span className="tag">{t('admin.users.you')}</span>}
        </>
      ),
    },
    {
      id: 'actions',
      header: <span className="visually-hidden">{t('admin.col.actions')}</span>,
      cell: (u) => (
        <button
          type="button"
          className="button"
          aria-expanded={editing === u.id}
          aria-label={t('admin.users.editLabel', { username: u.username })}
          data-testid="user-edit"
          onClick={() => setEditing(editing === u.id ? null : u.id)}
        >
          {t('admin.users.edit')}
        </button>
      ),
    },
    { id: 'displayName', header: t('admin.col.displayName'), cell: (u) => u.displayName },
    { id: 'role', header: t('admin.col.role'), className: 'nowrap', cell: (u) => <span data-testid="user-row-role">{t(`role.${u.role}`)}</span> },
    { id: 'agency', header: t('admin.col.agency'), cell: (u) => <span data-testid="user-row-agency">{agencyName(agencies, u.agencyId, lang) || '—'}</span> },
    {
      id: 'state',
      header: t('admin.col.state'),
      className: 'nowrap',
      cell: (u) => (
        <span data-testid="user-row-state">
          <span className={`pill pill--${u.disabled ? 'revoked' : 'active'}`}>{t(u.disabled ? 'admin.state.disabled' : 'admin.state.enabled')}</span>
        </span>
      ),
    },
    { id: 'created', header: t('admin.col.created'), className: 'nowrap', cell: (u) => formatInstant(u.createdAt, lang) },
  ];
  return (
    <section className="panel" aria-labelledby="admin-users-title">
      <h2 className="panel__title" id="admin-users-title">
        {t('admin.users.title')}
      </h2>
      <Loaded state={state} onRetry={onRetry} testId="users">
        {(users) => (
          <>
            <p className="panel__meta">{t('admin.users.count', { count: formatCount(users.length, lang) })}</p>
            <p className="scroll-hint">{t('table.scrollHint')}</p>
            <div className="table-scroll" role="region" aria-labelledby="admin-users-title" tabIndex={0}>
              <DataTable
                caption={t('admin.users.title')}
                columns={columns}
                rows={users}
                rowKey={(u) => u.id}
                rowAttributes={(u) => ({ 'data-testid': 'user-row', 'data-username': u.username, className: u.disabled ? 'row--muted' : undefined })}
                rowDetail={(u) =>
                  editing === u.id
                    ? {
                        attributes: { className: 'row--edit' },
                        content: (
                          <EditUser
                            user={u}
                            agencies={agencies}
                            onCancel={() => setEditing(null)}
                            onSaved={() => {
                              setEditing(null);
                              onChanged();
                            }}
                          />
                        ),
                      }
                    : null
                }
                testId="users-table"
              />
            </div>
          </>
        )}
      </Loaded>
    </section>
  );
}

function EditUser({ user, agencies, onCancel, onSaved }: { user: AdminUser; agencies: AdminAgencyOption[]; onCancel: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const [edit, setEdit] = useState<UserEdit>(editOf(user));
  const [error, setError] = useState<FormError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<UserEdit>) => setEdit((e) => ({ ...e, ...patch }));
  const errorId = `edit-error-${user.id}`;
  const change = userChange(user, edit);
  const unchanged = Object.keys(change).length === 0;

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await updateUser(user.id, change);
      onSaved();
    } catch (err) {
      setError(formError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form form--grid" onSubmit={submit} noValidate data-testid="user-edit-form" aria-label={t('admin.users.editLabel', { username: user.username })}>
      <label className="form__field">
        <span>{t('admin.field.displayName')}</span>
        <input value={edit.displayName} onChange={(e) => set({ displayName: e.target.value })} data-testid="edit-display-name" {...fieldProps('displayName', error, errorId)} />
      </label>
      <label className="form__field">
        <span>{t('admin.field.role')}</span>
        <RoleSelect value={edit.role} onChange={(role) => set({ role })} testId="edit-role" invalid={fieldProps('role', error, errorId)} />
      </label>
      {edit.role === 'agency' && (
        <label className="form__field">
          <span>{t('admin.field.agency')}</span>
          <AgencySelect agencies={agencies} value={edit.agencyId} onChange={(agencyId) => set({ agencyId })} testId="edit-agency" invalid={fieldProps('agencyId', error, errorId)} />
        </label>
      )}
      <label className="form__field">
        <span>{t('admin.field.newPassword')}</span>
        <input type="password" autoComplete="new-password" dir="ltr" value={edit.password} onChange={(e) => set({ password: e.target.value })} data-testid="edit-password" {...fieldProps('password', error, errorId)} />
        <small className="form__hint">{t('admin.field.newPasswordHint')}</small>
      </label>
      <label className="form__check">
        <input type="checkbox" checked={edit.disabled} onChange={(e) => set({ disabled: e.target.checked })} data-testid="edit-disabled" />
        <span>{t('admin.field.disabled')}</span>
      </label>
      <p className="form__hint form__wide">{t('admin.users.sessionsEnd')}</p>
      <FormErrorText error={error} id={errorId} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={busy || unchanged} data-testid="edit-save">
          {t('form.save')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('form.cancel')}
        </button>
      </div>
    </form>
  );
}
