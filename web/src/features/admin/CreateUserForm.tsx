import { type FormEvent, useState } from 'react';
import type { AdminAgencyOption, AdminUser, CallerRole } from '@hamgam/shared';
import { createUser } from '../../api/client';
import { FormErrorText, fieldProps } from '../../components/FormErrorText';
import { useI18n } from '../../i18n/use-i18n';
import { type FormError, formError } from '../../lib/form-error';
import { AgencySelect } from './AgencySelect';
import { RoleSelect } from './RoleSelect';

/** A new user: username, display name, role (an agency user bound to a registry agency), first password. */
export function CreateUserForm({ agencies, onCreated }: { agencies: AdminAgencyOption[]; onCreated: (user: AdminUser) => void }) {
  const { t } = useI18n();
  const [role, setRole] = useState<CallerRole>('agency');
  const [agencyId, setAgencyId] = useState('');
  const [error, setError] = useState<FormError | null>(null);
  const [done, setDone] = useState<AdminUser | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const displayName = String(data.get('displayName') ?? '').trim();
      const user = await createUser({
        username: String(data.get('username') ?? ''),
        ...(displayName && { displayName }),
        role,
        ...(role === 'agency' && { agencyId: agencyId || null }),
        password: String(data.get('password') ?? ''),
      });
      setDone(user);
      form.reset();
      setAgencyId('');
      onCreated(user);
    } catch (err) {
      setError(formError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="admin-create-title">
      <h2 className="panel__title" id="admin-create-title">
        {t('admin.create.title')}
      </h2>
      <form className="form form--grid" onSubmit={submit} noValidate data-testid="user-form">
        <label className="form__field">
          <span>{t('admin.field.username')}</span>
          <input name="username" autoComplete="off" dir="ltr" required data-testid="user-username" {...fieldProps('username', error, 'user-error')} />
          <small className="form__hint">{t('admin.field.usernameHint')}</small>
        </label>
        <label className="form__field">
          <span>{t('admin.field.displayName')}</span>
          <input name="displayName" autoComplete="off" data-testid="user-display-name" {...fieldProps('displayName', error, 'user-error')} />
        </label>
        <label className="form__field">
          <span>{t('admin.field.role')}</span>
          <RoleSelect value={role} onChange={setRole} testId="user-role" invalid={fieldProps('role', error, 'user-error')} />
        </label>
        {role === 'agency' && (
          <label className="form__field">
            <span>{t('admin.field.agency')}</span>
            <AgencySelect agencies={agencies} value={agencyId} onChange={setAgencyId} testId="user-agency" invalid={fieldProps('agencyId', error, 'user-error')} />
          </label>
        )}
        <label className="form__field">
          <span>{t('admin.field.password')}</span>
          <input name="password" type="password" autoComplete="new-password" dir="ltr" required data-testid="user-password" {...fieldProps('password', error, 'user-error')} />
          <small className="form__hint">{t('admin.field.passwordHint')}</small>
        </label>
        <FormErrorText error={error} id="user-error" />
        {done && (
          <p className="form__ok" role="status" data-testid="user-created">
            {t('admin.create.done', { username: done.username })}
          </p>
        )}
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy} data-testid="user-create">
            {t('admin.create.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
