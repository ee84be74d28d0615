/**
 * The accounts pages in Debian's chromium against the real server (real port, real DuckDB file):
 * each demo user signs in through the form and sees only its role's pages, and a clear refusal
 * when it opens another by URL; the admin creates a user in the admin page (after the API's
 * refusals reached the form) and that user signs in; a user creates a token in the tokens page,
 * calls the API with it, revokes it; the audit log page shows what this test did, filtered and paged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { AdminUser, MeResponse } from '@hamgam/shared';
import { launchChromium } from '../support/browser.js';
import { DEMO_ACCOUNTS, type TestHamgam, startTestHamgam } from '../support/start-hamgam.js';

let t: TestHamgam;
let browser: Browser;
/** An agency other than ncr, for the new user's binding and the cross-agency URL. */
let other: { agencyId: string; nameFa: string };

const NEW_USER = { username: 'officer.browser', displayName: 'کارشناس آزمون', password: 'browser-test-1405' };

beforeAll(async () => {
  t = await startTestHamgam({}, { role: 'admin', pulled: true });
  const a = t.hamgam.agencies.find((x) => x.agencyId !== 'ncr')!;
  other = { agencyId: a.agencyId, nameFa: a.nameFa };
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function freshPage(viewport = { width: 1366, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport });
  return { context, page: await context.newPage() };
}

/** Signs in through the sign-in form, as a person would, and waits for the masthead to name them. */
async function signInUi(page: Page, username: string, password: string, path = '/'): Promise<void> {
  await page.goto(`${t.hamgam.url}${path}`);
  await page.getByTestId('sign-in').waitFor();
  await page.getByTestId('sign-in-username').fill(username);
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('account-name').waitFor({ timeout: 20_000 });
}

const navIds = (page: Page) => page.locator('.nav [data-testid^="nav-"]').evaluateAll((links) => links.map((l) => l.getAttribute('data-testid')!.slice(4)));

/** What each demo user's masthead offers, and what it must refuse when opened by URL. */
const ROLES = {
  minister: { role: 'وزیر', nav: ['scoreboard', 'trend', 'report', 'exchange', 'workbench', 'annotations'], forbidden: ['?page=pipelines', '?page=admin'] },
  analyst: { role: 'تحلیلگر', nav: ['scoreboard', 'trend', 'report', 'exchange', 'workbench', 'annotations'], forbidden: ['?page=pipelines', '?page=admin'] },
  agency: { role: 'کارشناس دستگاه', nav: ['scoreboard', 'my-agency', 'trend', 'pipelines', 'exchange', 'annotations'], forbidden: ['?page=report', '?page=admin', '?page=agency&agency=OTHER'] },
  admin: { role: 'راهبر', nav: ['scoreboard', 'trend', 'report', 'pipelines', 'exchange', 'workbench', 'admin', 'annotations'], forbidden: [] as string[] },
} as const;

describe('each demo user, signed in through the form', () => {
  for (const [key, expected] of Object.entries(ROLES) as [keyof typeof ROLES, (typeof ROLES)[keyof typeof ROLES]][]) {
    it(`${key}: the masthead names them and shows only their pages; other pages say "not for your role"`, async () => {
      const { context, page } = await freshPage();
      try {
        const account = DEMO_ACCOUNTS[key];
        await signInUi(page, account.username, account.password);
        expect(await page.getByTestId('account-name').textContent()).toBe(account.displayName);
        expect(await page.getByTestId('account-role').textContent()).toBe(expected.role);
        expect(await navIds(page)).toEqual(expected.nav);
        // Everyone lands on the scoreboard but an agency user, who lands on its own agency's page.
        await expect.poll(() => page.getByTestId(key === 'agency' ? 'nav-my-agency' : 'nav-scoreboard').getAttribute('aria-current')).toBe('page');
        await expect.poll(() => page.getByTestId('nav-tokens').isVisible()).toBe(true);

        if (key === 'agency') {
          // Its agency by name, and a link to its own agency page (built by another helper's issue work).
          const ncr = t.hamgam.agencies.find((a) => a.agencyId === 'ncr')!;
          await expect.poll(() => page.getByTestId('account-agency').textContent()).toBe(ncr.nameFa);
          expect(await page.getByTestId('nav-my-agency').getAttribute('href')).toContain('agency=ncr');
          expect(await page.getByTestId('nav-pipelines').textContent()).toBe('فیدهای دستگاه من');
        } else {
          expect(await page.getByTestId('account-agency').count()).toBe(0);
        }

        for (const path of expected.forbidden) {
          await page.goto(`${t.hamgam.url}/${path.replace('OTHER', other.agencyId)}`);
          await page.getByTestId('not-for-role').waitFor({ timeout: 10_000 });
          expect(await page.getByTestId('not-for-role').textContent()).toContain('این صفحه برای نقش شما در دسترس نیست');
          expect(await page.getByTestId('not-for-role').textContent()).toContain(`«${expected.role}»`);
          // Not a half-rendered page behind the message.
          expect(await page.getByTestId('admin-page').count()).toBe(0);
          expect(await page.getByTestId('not-for-role').locator('a').first().getAttribute('href')).not.toContain('page=');
        }

        // Pages the role may use open as themselves, not the refusal.
        await page.goto(`${t.hamgam.url}/?page=tokens`);
        await page.getByTestId('tokens-page').waitFor();
        expect(await page.getByTestId('not-for-role').count()).toBe(0);
        if (key === 'admin') {
          await page.goto(`${t.hamgam.url}/?page=admin`);
          await page.getByTestId('users-table').waitFor({ timeout: 10_000 });
          const names = await page.getByTestId('user-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-username')));
          for (const demo of Object.values(DEMO_ACCOUNTS)) expect(names).toContain(demo.username);
        }
        if (key === 'agency') {
          await page.goto(`${t.hamgam.url}/?page=agency&agency=ncr`);
          await expect.poll(() => page.getByTestId('nav-my-agency').getAttribute('aria-current')).toBe('page');
          expect(await page.getByTestId('not-for-role').count()).toBe(0);
        }

        // In English too: the refusal and the role are translated.
        if (expected.forbidden.length > 0) {
          await page.goto(`${t.hamgam.url}/${expected.forbidden[0]}&lang=en`);
          await page.getByTestId('not-for-role').waitFor();
          expect(await page.getByTestId('not-for-role').textContent()).toContain('This page is not available for your role');
          expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
        }
      } finally {
        await context.close();
      }
    }, 90_000);
  }
});

describe('the sign-in page', () => {
  it('speaks the dictionary in both languages and switches language before signing in', async () => {
    const { context, page } = await freshPage({ width: 390, height: 844 });
    try {
      await page.goto(`${t.hamgam.url}/`);
      await page.getByTestId('sign-in').waitFor();
      expect(await page.locator('h1').textContent()).toBe('ورود به همگام');
      expect(await page.title()).toBe('همگام — ورود به همگام');
      await page.getByTestId('sign-in-lang').click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Sign in to Hamgam');
      expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
      await page.getByTestId('sign-in-username').fill('nobody');
      await page.getByTestId('sign-in-password').fill('wrong-password');
      await page.getByTestId('sign-in-submit').click();
      await expect.poll(() => page.getByTestId('sign-in-error').textContent()).toBe('Wrong username or password.');
      // The choice is remembered: signing in from a plain address keeps English.
      await page.goto(`${t.hamgam.url}/`);
      await page.getByTestId('sign-in-username').fill(DEMO_ACCOUNTS.minister.username);
      await page.getByTestId('sign-in-password').fill(DEMO_ACCOUNTS.minister.password);
      await page.getByTestId('sign-in-submit').click();
      await page.getByTestId('account-role').waitFor({ timeout: 20_000 });
      expect(await page.getByTestId('account-role').textContent()).toBe('Minister');
      expect(await page.getByTestId('sign-out').textContent()).toBe('Sign out');
    } finally {
      await context.close();
    }
  }, 60_000);
});

describe('the admin page', () => {
  it('shows the API refusals in the form, creates an agency user, and that user signs in bound to its agency', async () => {
    const { context, page } = await freshPage();
    try {
      await signInUi(page, DEMO_ACCOUNTS.admin.username, DEMO_ACCOUNTS.admin.password, '/?page=admin');
      await page.getByTestId('user-form').waitFor();

      // A short password: the server's 400 comes back on the password field, in Persian, with its own words.
      await page.getByTestId('user-username').fill(NEW_USER.username);
      await page.getByTestId('user-display-name').fill(NEW_USER.displayName);
      await page.getByTestId('user-role').selectOption('agency');
      await page.getByTestId('user-agency').selectOption(other.agencyId);
      await page.getByTestId('user-password').fill('short');
      await page.getByTestId('user-create').click();
      await page.getByTestId('user-error').waitFor();
      expect(await page.getByTestId('user-error').textContent()).toContain('گذرواژه باید دست‌کم ده نویسه باشد.');
      expect(await page.getByTestId('user-error').textContent()).toContain('password must be 10 to 1000 characters');
      expect(await page.getByTestId('user-password').getAttribute('aria-invalid')).toBe('true');

      // No agency chosen for an agency user.
      await page.getByTestId('user-agency').selectOption('');
      await page.getByTestId('user-password').fill(NEW_USER.password);
      await page.getByTestId('user-create').click();
      await expect.poll(() => page.getByTestId('user-agency').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByTestId('user-error').textContent()).toContain('an agency user needs agencyId');

      // A username that is taken.
      await page.getByTestId('user-username').fill('ncr');
      await page.getByTestId('user-agency').selectOption(other.agencyId);
      await page.getByTestId('user-create').click();
      await expect.poll(() => page.getByTestId('user-error').textContent()).toContain('این نام کاربری پیش‌تر گرفته شده است.');

      await page.getByTestId('user-username').fill(NEW_USER.username);
      await page.getByTestId('user-create').click();
      await page.getByTestId('user-created').waitFor();
      const row = page.locator(`[data-testid="user-row"][data-username="${NEW_USER.username}"]`);
      await row.waitFor();
      expect(await row.getByTestId('user-row-role').textContent()).toBe('کارشناس دستگاه');
      expect(await row.getByTestId('user-row-agency').textContent()).toBe(other.nameFa);

      const users = (await t.get<AdminUser[]>('/api/v1/admin/users')).body;
      expect(users.find((u) => u.username === NEW_USER.username)).toMatchObject({ role: 'agency', agencyId: other.agencyId, disabled: false, displayName: NEW_USER.displayName });
    } finally {
      await context.close();
    }

    // The new user signs in through the form and lands bound to its agency.
    const second = await freshPage({ width: 390, height: 844 });
    try {
      await signInUi(second.page, NEW_USER.username, NEW_USER.password);
      expect(await second.page.getByTestId('account-name').textContent()).toBe(NEW_USER.displayName);
      await expect.poll(() => second.page.getByTestId('account-agency').textContent()).toBe(other.nameFa);
      expect(await second.page.getByTestId('nav-my-agency').getAttribute('href')).toContain(`agency=${other.agencyId}`);
      // ncr's page is another agency's to this user.
      await second.page.goto(`${t.hamgam.url}/?page=agency&agency=ncr`);
      await second.page.getByTestId('not-for-role').waitFor();
    } finally {
      await second.context.close();
    }
  }, 120_000);

  it('changes a user in place: rebinds it to ncr and disables it, which ends its sign-in', async () => {
    const { context, page } = await freshPage();
    try {
      await signInUi(page, DEMO_ACCOUNTS.admin.username, DEMO_ACCOUNTS.admin.password, '/?page=admin');
      const row = page.locator(`[data-testid="user-row"][data-username="${NEW_USER.username}"]`);
      await row.getByTestId('user-edit').click();
      const form = page.getByTestId('user-edit-form');
      await form.getByTestId('edit-agency').selectOption('ncr');
      await form.getByTestId('edit-save').click();
      await form.waitFor({ state: 'detached' });
      const ncr = t.hamgam.agencies.find((a) => a.agencyId === 'ncr')!;
      await expect.poll(() => row.getByTestId('user-row-agency').textContent()).toBe(ncr.nameFa);

      // An admin cannot disable themselves: the refusal is shown in their own row's form.
      const self = page.locator(`[data-testid="user-row"][data-username="${DEMO_ACCOUNTS.admin.username}"]`);
      await self.getByTestId('user-edit').click();
      await page.getByTestId('edit-disabled').check();
      await page.getByTestId('edit-save').click();
      await expect.poll(() => page.getByTestId('user-edit-form').textContent()).toContain('راهبر نمی‌تواند حساب خودش را غیرفعال کند');
      await page.getByTestId('user-edit-form').getByRole('button', { name: 'انصراف' }).click();

      await row.getByTestId('user-edit').click();
      await page.getByTestId('edit-disabled').check();
      await page.getByTestId('edit-save').click();
      await expect.poll(() => row.getByTestId('user-row-state').textContent()).toBe('غیرفعال');
    } finally {
      await context.close();
    }
    const refused = await t.signIn(NEW_USER.username, NEW_USER.password);
    expect(refused.status).toBe(401);
  }, 90_000);
});

describe('the API tokens page', () => {
  it('creates a token shown once with a copy button, which works as a Bearer token until revoked', async () => {
    const { context, page } = await freshPage();
    try {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.hamgam.url });
      await signInUi(page, DEMO_ACCOUNTS.analyst.username, DEMO_ACCOUNTS.analyst.password, '/?page=tokens');
      await page.getByTestId('tokens-empty').waitFor();

      // No name: the server's refusal on the name field.
      await page.getByTestId('token-create').click();
      await page.getByTestId('token-error').waitFor();
      expect(await page.getByTestId('token-name').getAttribute('aria-invalid')).toBe('true');

      await page.getByTestId('token-name').fill('notebook');
      await page.getByTestId('token-expiry').selectOption('30');
      await page.getByTestId('token-create').click();
      await page.getByTestId('token-secret-panel').waitFor();
      expect(await page.getByTestId('token-secret-panel').textContent()).toContain('فقط همین یک بار نشان داده می‌شود');
      const secret = await page.getByTestId('token-secret').inputValue();
      expect(secret).toMatch(/^hgm_/);
      await page.getByTestId('token-copy').click();
      await expect.poll(() => page.getByTestId('token-copy-feedback').textContent()).toBe('رونوشت شد.');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

      const row = page.getByTestId('token-row').first();
      await row.waitFor();
      expect(await row.getAttribute('data-state')).toBe('active');
      expect(await row.locator('th').textContent()).toBe('notebook');
      const days = (Date.parse((await t.as('analyst').get<{ expiresAt: string }[]>('/api/v1/auth/tokens')).body[0].expiresAt) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(29);
      expect(days).toBeLessThan(31.5);

      // The secret is gone once dismissed, and a reload does not bring it back.
      await page.getByTestId('token-secret-done').click();
      expect(await page.getByTestId('token-secret').count()).toBe(0);
      await page.reload();
      await page.getByTestId('token-row').first().waitFor();
      expect(await page.content()).not.toContain(secret);

      const asToken = () => fetch(`${t.hamgam.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
      const ok = await asToken();
      expect(ok.status).toBe(200);
      expect((await ok.json()) as MeResponse).toMatchObject({ username: 'analyst', role: 'analyst', via: 'token' });

      await page.getByTestId('token-revoke').click();
      await page.getByTestId('token-revoke-confirm').click();
      await expect.poll(() => page.getByTestId('token-row').first().getAttribute('data-state')).toBe('revoked');
      expect(await page.getByTestId('token-revoke').count()).toBe(0);
      const after = await asToken();
      expect(after.status).toBe(401);
      await after.arrayBuffer();
    } finally {
      await context.close();
    }
  }, 90_000);
});

describe('the audit log page', () => {
  it('shows the sign-ins, the token creation and the admin changes this test made, filtered and paged', async () => {
    // Enough sign-ins of one user for more than one page of the log (a page is 50 entries).
    for (let i = 0; i < 52; i++) {
      const res = await t.signIn(DEMO_ACCOUNTS.minister.username, DEMO_ACCOUNTS.minister.password);
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    const { context, page } = await freshPage();
    const rowsOf = () => page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => ({ action: r.getAttribute('data-action'), actor: r.getAttribute('data-actor'), target: r.getAttribute('data-target') })));
    const filter = async (fields: { action?: string; actor?: string; from?: string; to?: string }) => {
      await page.getByTestId('audit-action').selectOption(fields.action ?? '');
      await page.getByTestId('audit-actor').fill(fields.actor ?? '');
      await page.getByTestId('audit-from').fill(fields.from ?? '');
      await page.getByTestId('audit-to').fill(fields.to ?? '');
      await page.getByTestId('audit-apply').click();
      await page.waitForFunction((q) => window.location.search.includes(q), fields.action ? `action=${fields.action}` : fields.actor ? `actor=${fields.actor}` : 'from=');
      await page.waitForSelector('[data-testid="audit-table"], [data-testid="audit-empty"]');
    };
    try {
      await signInUi(page, DEMO_ACCOUNTS.admin.username, DEMO_ACCOUNTS.admin.password, '/?page=admin');
      await page.getByTestId('audit-table').waitFor();

      await filter({ action: 'token.create' });
      await expect.poll(async () => (await rowsOf()).every((r) => r.action === 'token.create')).toBe(true);
      expect((await rowsOf()).map((r) => r.actor)).toContain('analyst');

      await filter({ action: 'admin.user_create' });
      await expect.poll(async () => (await rowsOf()).map((r) => r.target)).toContain(NEW_USER.username);
      await filter({ action: 'admin.user_update' });
      await expect.poll(async () => (await rowsOf()).filter((r) => r.target === NEW_USER.username).length).toBe(2); // rebound, then disabled
      await filter({ action: 'token.revoke' });
      await expect.poll(async () => (await rowsOf()).map((r) => r.actor)).toContain('analyst');

      // Every demo user's sign-in through the form, and the new user's, are in the log.
      await filter({ action: 'auth.sign_in', actor: NEW_USER.username });
      await expect.poll(async () => (await rowsOf()).length).toBe(1);
      await filter({ action: 'auth.sign_in_failed' });
      await expect.poll(async () => (await rowsOf()).map((r) => r.actor)).toContain(NEW_USER.username); // refused once disabled

      // Paging: 54 sign-ins of the minister are two pages, newest first, with nothing repeated.
      await filter({ action: 'auth.sign_in', actor: 'minister' });
      await expect.poll(async () => (await rowsOf()).length).toBe(50);
      const first = await page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.querySelector('td')!.textContent));
      expect(await page.getByTestId('audit-newer').isDisabled()).toBe(true);
      await page.getByTestId('audit-older').click();
      // 52 by the API and one through each sign-in form above: the second page holds the rest.
      await expect.poll(async () => (await rowsOf()).length).toBe(54 - 50);
      expect(await page.getByTestId('audit-older').isDisabled()).toBe(true);
      expect(await page.getByTestId('audit-page').textContent()).toContain('صفحهٔ ۲');
      await page.getByTestId('audit-newer').click();
      await expect.poll(async () => (await rowsOf()).length).toBe(50);
      expect(await page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.querySelector('td')!.textContent))).toEqual(first);

      // A date range: today (Tehran) holds them all; a day long past holds none.
      const today = new Date(Date.now() + 3.5 * 3_600_000).toISOString().slice(0, 10);
      await filter({ actor: 'minister', from: today, to: today });
      await expect.poll(async () => (await rowsOf()).length).toBe(50);
      await page.getByTestId('audit-range').waitFor();
      await filter({ actor: 'minister', from: '2020-01-01', to: '2020-01-31' });
      await page.getByTestId('audit-empty').waitFor();
    } finally {
      await context.close();
    }
  }, 120_000);
});
