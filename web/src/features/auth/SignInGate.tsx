/**
 * Shows the app, and the sign-in form instead once the API answers 401 to GET /auth/me (asked in
 * parallel with the app's own requests, so a signed-in visit costs no extra round trip first).
 * The form's few strings stay here, fa and en, rather than in the shared dictionary: it renders
 * before the app (and its language context) does. The error never says whether a user exists.
 */
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import type { MeResponse } from '@hamgam/shared';
import { API_BASE } from '../../api/client';
import { MeContext } from './use-me';

type Lang = 'fa' | 'en';

const TEXT = {
  fa: {
    title: 'ورود به همگام',
    username: 'نام کاربری',
    password: 'گذرواژه',
    submit: 'ورود',
    wrong: 'نام کاربری یا گذرواژه درست نیست.',
    throttled: 'تلاش‌های ناموفق زیاد بود؛ کمی بعد دوباره امتحان کنید.',
    failed: 'ورود ممکن نشد؛ دوباره امتحان کنید.',
    signOut: 'خروج',
  },
  en: {
    title: 'Sign in to Hamgam',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    wrong: 'Wrong username or password.',
    throttled: 'Too many failed attempts; try again in a minute.',
    failed: 'Could not sign in; try again.',
    signOut: 'Sign out',
  },
} as const;

function currentLang(): Lang {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'fa') return fromUrl;
  return /(?:^|;\s*)lang=en\b/.test(document.cookie) ? 'en' : 'fa';
}

export function SignInGate({ children }: { children: ReactNode }) {
  const [state, setState] = useState<'checking' | 'signed-out' | 'signed-in'>('checking');
  // Who is signed in: pages meant for some roles (the workbench) are linked only for them.
  const [me, setMe] = useState<MeResponse | null>(null);

  useEffect(() => {
    fetch(`${API_BASE}/auth/me`, { headers: { accept: 'application/json' } })
      .then(async (res) => {
        if (res.ok) setMe((await res.json()) as MeResponse);
        setState(res.status === 401 ? 'signed-out' : 'signed-in');
      })
      .catch(() => setState('signed-in')); // unreachable server: the app shows its own error
  }, []);

  if (state === 'signed-out') return <SignInPage onSignedIn={() => window.location.reload()} />;
  return <MeContext value={me}>{children}</MeContext>;
}

function SignInPage({ onSignedIn }: { onSignedIn: (me: MeResponse) => void }) {
  const lang = currentLang();
  const text = TEXT[lang];
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dir = lang === 'fa' ? 'rtl' : 'ltr';
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
      setError(res.status === 429 ? text.throttled : res.status === 401 || res.status === 400 ? text.wrong : text.failed);
    } catch {
      setError(text.failed);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in" data-testid="sign-in">
      <form className="sign-in-form" onSubmit={submit}>
        <h1>{text.title}</h1>
        <label>
          {text.username}
          <input name="username" autoComplete="username" required dir="ltr" data-testid="sign-in-username" />
        </label>
        <label>
          {text.password}
          <input name="password" type="password" autoComplete="current-password" required dir="ltr" data-testid="sign-in-password" />
        </label>
        {error && (
          <p role="alert" className="sign-in-error" data-testid="sign-in-error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy} data-testid="sign-in-submit">
          {text.submit}
        </button>
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
      {TEXT[lang].signOut}
    </button>
  );
}
