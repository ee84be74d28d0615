import { useMemo } from 'react';
import type { AdminAgencyOption } from '@hamgam/shared';
import { fetchAdminAgencies, fetchUsers } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { dataOf } from '../../components/Loaded';
import { useI18n } from '../../i18n/use-i18n';
import { AuditPanel } from './AuditPanel';
import { CreateUserForm } from './CreateUserForm';
import { UsersPanel } from './UsersPanel';

const REFRESH_MS = 60_000;

/**
 * Accounts for admins (`?page=admin`): the users with their role, agency and state, a form to
 * create one, changes of role, agency binding, password and disabled in place, and the audit log
 * of what everyone did, filtered and paged. Every change goes through the admin API, which
 * validates and audits it; its refusals are shown in the form that caused them.
 */
export function AdminPage() {
  const { t, lang } = useI18n();
  const users = useResource('admin-users', (signal) => fetchUsers(signal), REFRESH_MS);
  const agencies = useResource('admin-agencies', (signal) => fetchAdminAgencies(signal), 10 * REFRESH_MS);
  const agencyList = dataOf(agencies.state);
  const sortedAgencies = useMemo(() => {
    const collator = new Intl.Collator(lang);
    const name = (a: AdminAgencyOption) => (lang === 'fa' ? a.nameFa : a.nameEn);
    return [...(agencyList ?? [])].sort((a, b) => collator.compare(name(a), name(b)));
  }, [agencyList, lang]);
  const usernames = (dataOf(users.state) ?? []).map((u) => u.username);
  return (
    <main id="main" className="page" data-testid="admin-page">
      <div className="page__head">
        <h1>{t('admin.title')}</h1>
        <p className="page__lead">{t('admin.lead')}</p>
      </div>
      <UsersPanel state={users.state} onRetry={users.retry} onChanged={users.retry} agencies={sortedAgencies} />
      <CreateUserForm agencies={sortedAgencies} onCreated={users.retry} />
      <AuditPanel usernames={usernames} />
    </main>
  );
}

/** An agency's name in the page's language, or its id when the registry does not know it. */
export function agencyName(agencies: AdminAgencyOption[], agencyId: string | null, lang: 'fa' | 'en'): string {
  if (!agencyId) return '';
  const a = agencies.find((x) => x.agencyId === agencyId);
  return a ? (lang === 'fa' ? a.nameFa : a.nameEn) : agencyId;
}
