import type { ScoreboardSummary } from '@hamgam/shared';
import { formatCount } from '../../format/format';
import { statusKey } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/use-i18n';
import { STATUS_COLOR, STATUS_ORDER, SUMMARY_FIELD } from './status-style';

/** One card per status: how many agencies are in it this week. */
export function SummaryCards({ summary }: { summary: ScoreboardSummary }) {
  const { t, lang } = useI18n();
  const total = STATUS_ORDER.reduce((sum, s) => sum + summary[SUMMARY_FIELD[s]], 0);
  return (
    <section aria-labelledby="summary-heading" className="summary">
      <h2 id="summary-heading" className="visually-hidden">
        {t('summary.heading')}
      </h2>
      <ul className="summary__cards">
        {STATUS_ORDER.map((status) => {
          const count = summary[SUMMARY_FIELD[status]];
          const label = t(statusKey(status));
          return (
            <li
              key={status}
              className="card"
              data-testid={`summary-${status}`}
              data-count={count}
              style={{ borderBlockStartColor: STATUS_COLOR[status] }}
              aria-label={t('summary.cardLabel', { status: label, count: formatCount(count, lang), total: formatCount(total, lang) })}
            >
              <span className="card__label">
                <span className="dot" aria-hidden="true" style={{ backgroundColor: STATUS_COLOR[status] }} />
                {label}
              </span>
              <span className="card__count">{formatCount(count, lang)}</span>
              <span className="card__total">{t('summary.ofTotal', { total: formatCount(total, lang) })}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
