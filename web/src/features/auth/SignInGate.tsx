/**
 * Shows the app to a signed-in user, and the sign-in form otherwise (GET /auth/me answers 401).
 * Who is signed in is handed to the app through MeContext, so the masthead and the role gate know
 * the role and agency without asking again. The form renders before the app's language context
 * exists, so it picks the language itself (the URL, then the remembered choice) and reads the same
 * dictionary. The error never says whether a user exists.
 */
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import type { MeResponse } from '@hamgam/shared';
import { API_BASE } from '../../api/client';
import { dirOf, translate, type Lang } from '../../i18n/dictionary';
import { chooseLang, langCookie } from '../../lib/lang-cookie';
import { hrefWithParams } from '../../lib/use-search-param';
import { MeContext } from './use-me';
import { fetchMeAnswer, takeMeAnswer } from '../../api/landing-prefetch';

type GateState = { kind: 'checking' } | { kind: 'signed-out' } | { kind: 'signed-in'; me: MeResponse | null };

const currentLang = (): Lang => chooseLang(new URLSearchParams(window.location.search).get('lang'), document.cookie);

export function SignInGate({ children }: { children: ReactNode }) {
  const [state, setState] = useState<GateState>({ kind: 'checking' });

  useEffect(() => {
    // Usually already on its way (started by the entry module beside the scoreboard's request).
    let cancelled = false;
    void (takeMeAnswer() ?? fetchMeAnswer()).then((answer) => {
      if (!cancelled) setState(answer);
    });
    return () => {
      cancelled = true;
    };
  }, []);

  if (state.kind === 'checking') return null;
  if (state.kind === 'signed-out') return <SignInPage onSignedIn={() => window.location.reload()} />;
  return <MeContext value={state.me}>{children}</MeContext>;
}

function SignInPage({ onSignedIn }: { onSignedIn: (me: MeResponse) => void }) {
  const lang = currentLang();
  const t = (key: Parameters<typeof translate>[1]) => translate(lang, key);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dir = dirOf(lang);
    document.title = `${translate(lang, 'app.name')} — ${translate(lang, 'signIn.title')}`;
  }, [lang]);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`${API_BASE}/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ username: form.get('username'), password: form.get('password') }),
      });
      if (res.ok) return onSignedIn((await res.json()) as MeResponse);
      setError(t(res.status === 429 ? 'signIn.throttled' : res.status === 401 || res.status === 400 ? 'signIn.wrong' : 'signIn.failed'));
    } catch {
      setError(t('signIn.failed'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in" data-testid="sign-in">
      <form className="sign-in-form" onSubmit={submit}>
        <h1>{t('signIn.title')}</h1>
        <label>
          {t('signIn.username')}
          <input name="username" autoComplete="username" required dir="ltr" data-testid="sign-in-username" />
        </label>
        <label>
          {t('signIn.password')}
          <input name="password" type="password" autoComplete="current-password" required dir="ltr" data-testid="sign-in-password" />
        </label>
        {error && (
          <p role="alert" className="sign-in-error" data-testid="sign-in-error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy} data-testid="sign-in-submit">
          {t('signIn.submit')}
        </button>
        {/* The other language, before signing in too (a reload: the form has no language state). */}
        <a
          className="sign-in-lang"
          href={hrefWithParams({ lang: lang === 'fa' ? 'en' : null })}
          lang={lang === 'fa' ? 'en' : 'fa'}
          title={t('lang.switchLabel')}
          data-testid="sign-in-lang"
          onClick={() => {
            document.cookie = langCookie(lang === 'fa' ? 'en' : 'fa');
          }}
        >
          {t('lang.switch')}
        </a>
      </form>
    </main>
  );
}

/** In the header: ends the session and returns to the sign-in form. */
export function SignOutButton({ lang }: { lang: Lang }) {
  return (
    <button
      type="button"
      className="lang-toggle"
      data-testid="sign-out"
      onClick={() => {
        void fetch(`${API_BASE}/auth/sign-out`, { method: 'POST' }).finally(() => window.location.reload());
      }}
    >
      {translate(lang, 'signIn.signOut')}
    </button>
  );
}
