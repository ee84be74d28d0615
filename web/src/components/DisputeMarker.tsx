import './dispute-marker.css';
import { useI18n } from '../i18n/use-i18n';

/**
 * Beside a figure under an open dispute: a visible mark and a full sentence for screen readers.
 * The figure itself is unchanged. `compact` (in a table cell) shows only a small "!" badge.
 */
export function DisputeMarker({ figure, compact = false }: { figure: string; compact?: boolean }) {
  const { t } = useI18n();
  const label = t('dispute.markerLabel', { figure });
  return (
    <span className={compact ? 'dispute-marker dispute-marker--compact' : 'dispute-marker'} data-testid="dispute-marker" title={label}>
      <span aria-hidden="true">{compact ? '!' : t('dispute.marker')}</span>
      <span className="visually-hidden">{label}</span>
    </span>
  );
}
