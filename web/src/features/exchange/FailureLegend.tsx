import { formatWholePercent } from '../../format/format';
import { useI18n } from '../../i18n/use-i18n';
import { BAND_COLOR, BAND_ORDER, FAILURE_BANDS, type FailureBand } from './exchange-style';

/**
 * What the network's colours mean, in HTML rather than on the canvas: it wraps on a phone, reads
 * right to left in Persian and a screen reader reads it. The bounds come from the same constants
 * the chart colours with.
 */
export function FailureLegend() {
  const { t, lang } = useI18n();
  const pct = (v: number) => formatWholePercent(v, lang);
  const label: Record<FailureBand, string> = {
    low: t('exchange.bandLow', { value: pct(FAILURE_BANDS.low) }),
    mid: t('exchange.bandMid', { from: pct(FAILURE_BANDS.low), to: pct(FAILURE_BANDS.mid) }),
    high: t('exchange.bandHigh', { value: pct(FAILURE_BANDS.mid) }),
    none: t('exchange.bandNone'),
  };
  return (
    <div className="exchange-legend" data-testid="exchange-legend">
      <p className="exchange-legend__title" id="exchange-legend-title">
        {t('exchange.legendHeading')}
      </p>
      <ul aria-labelledby="exchange-legend-title">
        {BAND_ORDER.map((band) => (
          <li key={band} data-band={band}>
            <span className="exchange-legend__swatch" style={{ background: BAND_COLOR[band] }} aria-hidden="true" />
            {label[band]}
          </li>
        ))}
      </ul>
      <p className="exchange-legend__note">{t('exchange.legendSize')}</p>
    </div>
  );
}
