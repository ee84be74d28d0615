import { useI18n } from '../i18n/use-i18n';

/** Beside a figure under an open dispute: a visible word and a full sentence for screen readers. The figure itself is unchanged. */
export function DisputeMarker({ figure }: { figure: string }) {
  const { t } = useI18n();
  const label = t('dispute.markerLabel', { figure });
  return (
    <span className="dispute-marker" data-testid="dispute-marker" title={label}>
      <span aria-hidden="true">{t('dispute.marker')}</span>
      <span className="visually-hidden">{label}</span>
    </span>
  );
}
