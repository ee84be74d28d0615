import type { AdminAgencyOption } from '@hamgam/shared';
import { useI18n } from '../../i18n/use-i18n';

/** The registry's agencies, for binding an agency user (names in the page's language, id beside). */
export function AgencySelect({ agencies, value, onChange, testId, invalid }: {
  agencies: AdminAgencyOption[];
  value: string;
  onChange: (agencyId: string) => void;
  testId: string;
  invalid?: { 'aria-invalid'?: true; 'aria-describedby'?: string };
}) {
  const { t, lang } = useI18n();
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} {...invalid}>
      <option value="">{t('admin.field.agencyChoose')}</option>
      {agencies.map((a) => (
        <option key={a.agencyId} value={a.agencyId}>
          {lang === 'fa' ? a.nameFa : a.nameEn} ({a.agencyId})
        </option>
      ))}
    </select>
  );
}
