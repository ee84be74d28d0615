import { CALLER_ROLES, type CallerRole } from '@hamgam/shared';
import { useI18n } from '../../i18n/use-i18n';

/** The four roles, named in the page's language: for creating and for editing a user. */
export function RoleSelect({ value, onChange, testId, invalid }: {
  value: CallerRole;
  onChange: (role: CallerRole) => void;
  testId: string;
  invalid?: { 'aria-invalid'?: true; 'aria-describedby'?: string };
}) {
  const { t } = useI18n();
  return (
    <select value={value} onChange={(e) => onChange(e.target.value as CallerRole)} data-testid={testId} {...invalid}>
      {CALLER_ROLES.map((r) => (
        <option key={r} value={r}>
          {t(`role.${r}`)}
        </option>
      ))}
    </select>
  );
}
