import { type FormEvent, useState } from 'react';
import type { ApiTokenInfo, CreatedApiToken } from '@hamgam/shared';
import { createToken, fetchTokens, revokeToken } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { type Column, DataTable } from '../../components/DataTable';
import { Loaded } from '../../components/Loaded';
import { FormErrorText, fieldProps } from '../../components/FormErrorText';
import { formatInstant, formatTehranDay } from '../../format/format';
import { useI18n } from '../../i18n/use-i18n';
import { type FormError, formError } from '../../lib/form-error';
import { EXPIRY_CHOICES, type ExpiryChoice, addDays, expiryDay, tehranToday, tokenState } from './token-expiry';

const LIST_REFRESH_MS = 60_000;

/**
 * The signed-in user's API tokens (`?page=tokens`): the list with when each was last used, a form
 * to create one (a name and an optional expiry) that shows the secret once, and revoke. A token
 * acts with its owner's role and agency; it cannot itself create or revoke tokens.
 */
export function TokensPage() {
  const { t } = useI18n();
  const tokens = useResource('tokens', (signal) => fetchTokens(signal), LIST_REFRESH_MS);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  return (
    <main id="main" className="page" data-testid="tokens-page">
      <div className="page__head">
        <h1>{t('tokens.title')}</h1>
        <p className="page__lead">{t('tokens.lead')}</p>
      </div>
      {created && <NewSecret token={created} onDone={() => setCreated(null)} />}
      <CreateTokenForm
        onCreated={(token) => {
          setCreated(token);
          tokens.retry();
        }}
      />
      <section className="panel" aria-labelledby="tokens-list-title">
        <h2 className="panel__title" id="tokens-list-title">
          {t('tokens.list.title')}
        </h2>
        <Loaded state={tokens.state} onRetry={tokens.retry} testId="tokens">
          {(list) => <TokensTable tokens={list} onChanged={tokens.retry} />}
        </Loaded>
      </section>
    </main>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (token: CreatedApiToken) => void }) {
  const { t, lang } = useI18n();
  const [choice, setChoice] = useState<ExpiryChoice>('90');
  const [day, setDay] = useState('');
  const [error, setError] = useState<FormError | null>(null);
  const [busy, setBusy] = useState(false);
  const now = new Date();
  const expiry = expiryDay(choice, now, day);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const name = String(new FormData(form).get('name') ?? '');
    setBusy(true);
    setError(null);
    try {
      onCreated(await createToken({ name, expiresAt: expiry || null }));
      form.reset();
      setChoice('90');
      setDay('');
    } catch (err) {
      setError(formError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="tokens-create-title">
      <h2 className="panel__title" id="tokens-create-title">
        {t('tokens.create.title')}
      </h2>
      <form className="form" onSubmit={submit} noValidate data-testid="token-form">
        <label className="form__field">
          <span>{t('tokens.field.name')}</span>
          <input name="name" required maxLength={100} autoComplete="off" data-testid="token-name" {...fieldProps('name', error, 'token-error')} />
          <small className="form__hint">{t('tokens.field.nameHint')}</small>
        </label>
        <label className="form__field">
          <span>{t('tokens.field.expiry')}</span>
          <select value={choice} onChange={(e) => setChoice(e.target.value as ExpiryChoice)} data-testid="token-expiry" {...fieldProps('expiresAt', error, 'token-error')}>
            {EXPIRY_CHOICES.map((c) => (
              <option key={c} value={c}>
                {t(`tokens.expiry.${c}`)}
              </option>
            ))}
          </select>
          {expiry && <small className="form__hint">{t('tokens.expiry.until', { day: formatTehranDay(`${expiry}T12:00:00+03:30`, lang) })}</small>}
        </label>
        {choice === 'date' && (
          <label className="form__field">
            <span>{t('tokens.field.expiryDay')}</span>
            <input
              type="date"
              value={day}
              min={addDays(tehranToday(now), 1)}
              onChange={(e) => setDay(e.target.value)}
              dir="ltr"
              data-testid="token-expiry-day"
              {...fieldProps('expiresAt', error, 'token-error')}
            />
          </label>
        )}
        <FormErrorText error={error} id="token-error" />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy} data-testid="token-create">
            {t('tokens.create.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The new token's secret, this once, with a copy button and the warning that it will not be shown again. */
function NewSecret({ token, onDone }: { token: CreatedApiToken; onDone: () => void }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied('yes');
    } catch {
      // No clipboard permission (an insecure origin): the text is selected for a manual copy.
      (document.getElementById('token-secret') as HTMLInputElement | null)?.select();
      setCopied('failed');
    }
  }
  return (
    <section className="panel secret" role="status" aria-labelledby="token-secret-title" data-testid="token-secret-panel">
      <h2 className="panel__title" id="token-secret-title">
        {t('tokens.secret.title', { name: token.name })}
      </h2>
      <p className="secret__warning">{t('tokens.secret.warning')}</p>
      <div className="secret__row">
        <label className="visually-hidden" htmlFor="token-secret">
          {t('tokens.secret.label')}
        </label>
        <input id="token-secret" className="secret__value" readOnly value={token.token} dir="ltr" onFocus={(e) => e.currentTarget.select()} data-testid="token-secret" />
        <button type="button" className="button button--primary" onClick={copy} data-testid="token-copy">
          {t('tokens.secret.copy')}
        </button>
      </div>
      <p className="secret__feedback" aria-live="polite" data-testid="token-copy-feedback">
        {copied === 'yes' ? t('tokens.secret.copied') : copied === 'failed' ? t('tokens.secret.copyFailed') : ''}
      </p>
      <p className="secret__usage">
        {t('tokens.secret.usage')} <code dir="ltr">Authorization: Bearer {token.token.slice(0, 8)}…</code>
      </p>
      <div className="form__actions">
        <button type="button" className="button" onClick={onDone} data-testid="token-secret-done">
          {t('tokens.secret.done')}
        </button>
      </div>
    </section>
  );
}

function TokensTable({ tokens, onChanged }: { tokens: ApiTokenInfo[]; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const now = new Date();
  if (tokens.length === 0) return <p className="state" data-testid="tokens-empty">{t('tokens.list.empty')}</p>;
  const columns: Column<ApiTokenInfo>[] = [
    { id: 'name', header: t('tokens.col.name'), className: 'col-name', rowHeader: true, cell: (token) => token.name },
    {
      id: 'state',
      header: t('tokens.col.state'),
      cell: (token) => {
        const state = tokenState(token, now);
        return (
          <>
            <span className={`pill pill--${state}`}>{t(`tokens.state.${state}`)}</span>
            {state === 'revoked' && token.revokedAt && <small className="pill__when"> {formatInstant(token.revokedAt, lang)}</small>}
          </>
        );
      },
    },
    {
      id: 'actions',
      header: <span className="visually-hidden">{t('tokens.col.actions')}</span>,
      cell: (token) => tokenState(token, now) !== 'revoked' && <RevokeButton token={token} onRevoked={onChanged} />,
    },
    { id: 'created', header: t('tokens.col.created'), className: 'nowrap', cell: (token) => formatInstant(token.createdAt, lang) },
    { id: 'lastUsed', header: t('tokens.col.lastUsed'), className: 'nowrap', cell: (token) => (token.lastUsedAt ? formatInstant(token.lastUsedAt, lang) : t('tokens.never')) },
    { id: 'expires', header: t('tokens.col.expires'), className: 'nowrap', cell: (token) => (token.expiresAt ? formatInstant(token.expiresAt, lang) : t('tokens.noExpiry')) },
  ];
  return (
    <>
      <p className="scroll-hint">{t('table.scrollHint')}</p>
      <div className="table-scroll" role="region" aria-labelledby="tokens-list-title" tabIndex={0}>
        <DataTable
          caption={t('tokens.list.title')}
          testId="tokens-table"
          columns={columns}
          rows={tokens}
          rowKey={(token) => token.id}
          rowAttributes={(token) => ({ 'data-testid': 'token-row', 'data-token-id': token.id, 'data-state': tokenState(token, now) })}
        />
      </div>
    </>
  );
}

/** Revoke asks once more in place (no modal), then says if the server refused. */
function RevokeButton({ token, onRevoked }: { token: ApiTokenInfo; onRevoked: () => void }) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  if (!confirming) {
    return (
      <button type="button" className="button button--danger" onClick={() => setConfirming(true)} data-testid="token-revoke" aria-label={t('tokens.revoke.label', { name: token.name })}>
        {t('tokens.revoke')}
      </button>
    );
  }
  return (
    <span className="confirm">
      <span>{t('tokens.revoke.confirm')}</span>
      <button
        type="button"
        className="button button--danger"
        data-testid="token-revoke-confirm"
        onClick={async () => {
          try {
            await revokeToken(token.id);
            onRevoked();
          } catch (err) {
            setError(formError(err));
          }
        }}
      >
        {t('tokens.revoke.yes')}
      </button>
      <button type="button" className="button" onClick={() => setConfirming(false)}>
        {t('form.cancel')}
      </button>
      <FormErrorText error={error} id={`revoke-error-${token.id}`} />
    </span>
  );
}
