import type { ReactNode } from 'react';
import type { ResourceState } from '../api/use-resource';
import { formatCount } from '../format/format';
import { useI18n } from '../i18n/use-i18n';

export function dataOf<T>(state: ResourceState<T>): T | null {
  return state.kind === 'ready' ? state.data : state.kind === 'error' ? state.data : null;
}

/** A section's data, or its loading or error state; data already shown stays through a failed refresh. */
export function Loaded<T>({ state, onRetry, testId, children }: { state: ResourceState<T>; onRetry: () => void; testId: string; children: (data: T) => ReactNode }) {
  const { t, lang } = useI18n();
  const data = dataOf(state);
  if (data === null && state.kind === 'loading') {
    return (
      <div className="state" role="status" data-testid={`${testId}-loading`}>
        <span className="spinner" aria-hidden="true" />
        {t('load.loading')}
      </div>
    );
  }
  return (
    <>
      {state.kind === 'error' && (
        <div className="state state--error" role="alert" data-testid={`${testId}-error`}>
          <h2 className="state__title">{t('load.error.title')}</h2>
          <p>{t('load.error.body', { detail: state.status === 0 ? t('state.error.network') : `${formatCount(state.status, lang)} — ${state.message}` })}</p>
          <p className="state__actions">
            <button type="button" onClick={onRetry}>
              {t('state.retryNow')}
            </button>
          </p>
        </div>
      )}
      {data !== null && children(data)}
    </>
  );
}
