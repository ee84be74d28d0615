import { useEffect, useState } from 'react';
import { formatCount } from '../../format/format';
import { useI18n } from '../../i18n/use-i18n';
import type { ScoreboardState } from '../../api/use-scoreboard';

/** Loading, "no snapshot yet" and error states, with a visible countdown to the next retry. */
export function StatePanel({ state, onRetry }: { state: Exclude<ScoreboardState, { kind: 'ready' }>; onRetry: () => void }) {
  const { t, lang } = useI18n();
  const retryAt = state.kind === 'loading' ? null : state.retryAt;
  // Re-render every second for the countdown; the time itself is read at render.
  const [, setTick] = useState(0);
  useEffect(() => {
    if (retryAt === null) return;
    const id = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(id);
  }, [retryAt]);

  if (state.kind === 'loading') {
    return (
      <div className="state" role="status" data-testid="scoreboard-loading">
        <span className="spinner" aria-hidden="true" />
        {t('state.loading')}
      </div>
    );
  }
  const seconds = Math.max(0, Math.ceil(((retryAt ?? 0) - Date.now()) / 1000));
  const noSnapshot = state.kind === 'no-snapshot';
  const detail = state.kind === 'error' ? (state.status === 0 ? t('state.error.network') : `${formatCount(state.status, lang)} — ${state.message}`) : '';
  return (
    <div
      className={`state ${noSnapshot ? 'state--waiting' : 'state--error'}`}
      role={noSnapshot ? 'status' : 'alert'}
      data-testid={noSnapshot ? 'scoreboard-empty' : 'scoreboard-error'}
    >
      <h2 className="state__title">{t(noSnapshot ? 'state.noSnapshot.title' : 'state.error.title')}</h2>
      <p>{noSnapshot ? t('state.noSnapshot.body') : t('state.error.body', { detail })}</p>
      <p className="state__actions">
        <button type="button" onClick={onRetry}>
          {t('state.retryNow')}
        </button>
        <span className="state__countdown">{t('state.retrying', { seconds: formatCount(seconds, lang) })}</span>
      </p>
    </div>
  );
}
