import type { AgencyStatus } from '@hamgam/shared';
import { statusKey } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/use-i18n';
import { STATUS_COLOR } from './status-style';

/** A status as colour and text together: never colour alone. */
export function StatusBadge({ status }: { status: AgencyStatus }) {
  const { t } = useI18n();
  return (
    <span className="badge" data-status={status} style={{ backgroundColor: STATUS_COLOR[status] }}>
      {t(statusKey(status))}
    </span>
  );
}
