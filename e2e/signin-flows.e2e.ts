import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, chromiumAvailable, emulatorUrl, launchChromium } from './browser';
import {
  DEMO_AUTHENTICATOR,
  adminApi,
  type ContextOptions,
  clearEmulatorCalls,
  emulatorPaths,
  eventually,
  hasHandOffCode,
  hasTokenParam,
  isBound,
  newContext,
  recordAddresses,
  sessionHistory,
  setEmulatorMember,
  signInAsAdmin,
  signOut,
  signedInUser,
  storedToken,
  tokenLeaks,
  waitForSignedIn,
} from './wecom';

/** Tests that sign in and then load several more pages: the classic UI takes 10–20 s a page on a busy 2-core machine. */
const LONG_TEST_MS = 240_000;

/**
 * The sign-in flows of issue 5, in the order a corp lives them (one NocoBase, one emulator, shared state):
 * refusals of members who cannot sign in yet, the first in-client sign-in (consent, phone match),
 * PC web login of the now-bound member, automatic login inside WeCom, and a member switch.
 */
describe.skipIf(!chromiumAvailable())('signing in with WeCom', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function open(options: ContextOptions = {}): Promise<Page> {
    const context = await newContext(browser, options);
    contexts.push(context);
    return context.newPage();
  }

  const button = (page: Page) => page.getByTestId(`wecom-sign-in-${DEMO_AUTHENTICATOR}`);
  const errorBox = (page: Page) => page.getByTestId(`wecom-sign-in-error-${DEMO_AUTHENTICATOR}`);
  const onEmulator = (url: URL) => url.origin === new URL(emulatorUrl()).origin;
  const landedOn = (prefix: string) => (url: URL) =>
    url.origin === new URL(appUrl()).origin && url.pathname.startsWith(prefix) && !url.pathname.includes('/signin');
  /** Landed on `prefix` and the page redeemed its hand-off code (the code is out of the address). */
  const redeemedOn = (prefix: string) => (url: URL) => landedOn(prefix)(url) && !hasHandOffCode(url);
  const authorizations = async () => (await emulatorPaths()).filter((p) => p.startsWith('/connect/oauth2/authorize')).length;

  /** PC: the button, the emulator's web login, "scan" as `memberName`. */
  async function pcSignIn(page: Page, shell: '' | '/v', memberName: string, redirect?: string) {
    await page.goto(appUrl(`${shell}/signin${redirect ? `?redirect=${encodeURIComponent(redirect)}` : ''}`));
    await button(page).click({ timeout: 60_000 });
    await page.waitForURL(onEmulator, { timeout: 30_000 });
    expect(new URL(page.url()).pathname).toBe('/wwlogin/sso/login');
    await page.getByRole('button', { name: new RegExp(`Scan as ${memberName}`) }).click();
  }

  /** Opens `path` and waits until the app booted (the plugin's `load()` is over) and asked NocoBase who is signed in. */
  async function openAndCheckAuth(page: Page, path: string) {
    const checked = page.waitForResponse((response) => response.url().includes('/api/auth:check'), { timeout: 60_000 });
    await page.goto(appUrl(path));
    const response = await checked;
    expect(response.status()).toBe(200);
  }

  /**
   * Waits for a sign-in's landing on `prefix`: the page came back with a hand-off code (seen in `seen`), took
   * it out of the address and redeemed it. Returns the signed-in user.
   */
  async function waitForLanding(page: Page, seen: readonly string[], prefix: string) {
    expect(await eventually(async () => seen.some((url) => hasHandOffCode(url)), true, 90_000)).toBe(true);
    await page.waitForURL(redeemedOn(prefix), { timeout: 60_000 });
    return waitForSignedIn(page, 60_000);
  }

  /**
   * After a landing: the sign-in came through a hand-off code (never a token), the code and the authenticator
   * are out of the address, and no address the page showed, no history entry holds the token or `token=`.
   */
  async function expectCleanLanding(page: Page, seen: readonly string[], wanted?: string) {
    const token = await storedToken(page);
    expect(token).not.toBe('');
    expect(seen.some((url) => hasHandOffCode(url))).toBe(true);
    const history = await sessionHistory(page);
    const here = new URL(history.href);
    expect(hasHandOffCode(here)).toBe(false);
    expect(here.searchParams.has('authenticator')).toBe(false);
    expect(history.href).toBe(page.url());
    if (wanted) expect(`${here.pathname}${here.search}${here.hash}`).toBe(wanted);
    expect(history.entries).toHaveLength(history.length);
    expect(tokenLeaks([...seen, ...history.entries, history.href], token)).toEqual([]);
    // The one-time code is in no history entry either: the landing entry was replaced.
    expect(history.entries.filter((url) => new URL(url).origin === here.origin && hasHandOffCode(url))).toEqual([]);
  }

  beforeAll(async () => {
    browser = await launchChromium();
    // Chinese is one of the UI languages (NocoBase only switches to an enabled language).
    await adminApi('systemSettings:update?filterByTk=1', { method: 'POST', body: { enabledLanguages: ['en-US', 'zh-CN'] } });
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
  });

  for (const { locale, shell } of [
    { locale: 'en-US', shell: '' },
    { locale: 'zh-CN', shell: '' },
    { locale: 'en-US', shell: '/v' },
    { locale: 'zh-CN', shell: '/v' },
  ] as const) {
    it(`scenario 5 (${shell ? 'v2' : 'v1'}, ${locale}): an unbound member's first sign-in on PC asks for the phone, and can be cancelled`, async () => {
      const page = await open({ locale });
      await pcSignIn(page, shell, '李四');
      // Back on the sign-in page of the same UI, with the QR code to confirm on the phone (pairing.e2e.ts goes on).
      await page.waitForURL((url) => url.pathname === `${shell}/signin` && url.origin === new URL(appUrl()).origin, { timeout: 30_000 });
      const panel = page.getByTestId(`wecom-pairing-${DEMO_AUTHENTICATOR}`);
      await panel.waitFor({ timeout: 30_000 });
      const text = await panel.innerText();
      if (locale === 'en-US') expect(text).toMatch(/Scan with WeCom on your phone to confirm it is you/);
      else expect(text).toMatch(/请用手机企业微信扫码，确认是您本人/);
      expect(await signedInUser(page)).toBeUndefined();
      expect(await isBound(DEMO_AUTHENTICATOR, 'lisi')).toBe(false);
      await page.getByTestId('wecom-pairing-cancel').click();
      await button(page).waitFor({ timeout: 30_000 });
      expect(await panel.count()).toBe(0);
      // Shown once: the pairing is taken out of the address, a reload shows a clean page.
      expect(new URL(page.url()).searchParams.get('wecom_pairing')).toBeNull();
      await page.reload();
      await button(page).waitFor({ timeout: 60_000 });
      expect(await panel.count()).toBe(0);
      expect(await errorBox(page).count()).toBe(0);
    });
  }

  for (const { locale, shell } of [
    { locale: 'en-US', shell: '' },
    { locale: 'zh-CN', shell: '' },
    { locale: 'zh-CN', shell: '/v' },
  ] as const) {
    it(`scenario 5 (${shell ? 'v2' : 'v1'}, ${locale}): a disabled member inside WeCom sees a message, and no loop`, async () => {
      await clearEmulatorCalls();
      const page = await open({ locale, wecom: true, member: 'wangwu' });
      await page.goto(appUrl(`${shell}/admin`));
      // Automatic login goes to WeCom by itself; an unbound member is asked for consent, then refused.
      await page.waitForURL(onEmulator, { timeout: 60_000 });
      await page.getByRole('button', { name: /Allow/ }).click({ timeout: 30_000 });
      const box = errorBox(page);
      await box.waitFor({ timeout: 60_000 });
      const text = await box.innerText();
      if (locale === 'en-US') expect(text).toMatch(/disabled/);
      else expect(text).toMatch(/停用|禁用/);
      // No loop: nothing goes back to WeCom after the refusal (silent round, consent page, consent answer).
      const authorizations = async () => (await emulatorPaths()).filter((p) => p.startsWith('/connect/oauth2/authorize')).length;
      const seen = await authorizations();
      expect(seen).toBeLessThanOrEqual(3);
      await page.waitForTimeout(3_000);
      expect(new URL(page.url()).pathname).toBe(`${shell}/signin`);
      expect(await authorizations()).toBe(seen);
      expect(await signedInUser(page)).toBeUndefined();
    });
  }

  it('scenario 3: the first in-client sign-in asks for consent, then signs in the user whose phone matches', async () => {
    await clearEmulatorCalls();
    expect(await isBound(DEMO_AUTHENTICATOR, 'zhangsan')).toBe(false);
    const page = await open({ wecom: true, member: 'zhangsan' });
    const seen = recordAddresses(page);
    await page.goto(appUrl('/admin'));
    // The silent round finds no binding; the second round is the privateinfo consent page.
    await page.waitForURL(onEmulator, { timeout: 60_000 });
    const allow = page.getByRole('button', { name: /Allow/ });
    await allow.waitFor({ timeout: 30_000 });
    await allow.click();
    const user = await waitForLanding(page, seen, '/admin');
    expect(user.username).toBe('zhangsan');
    await expectCleanLanding(page, seen);
    expect(await isBound(DEMO_AUTHENTICATOR, 'zhangsan')).toBe(true);
    expect(await emulatorPaths()).toContain('/cgi-bin/auth/getuserdetail');
  });

  for (const shell of ['', '/v'] as const) {
    const wanted = `${shell}/admin/wecom-e2e?tab=2#section`;
    it(`scenario 1 (${shell ? 'v2' : 'v1'}): PC web login of a bound member lands on ${wanted} signed in; no token in any address or history entry`, async () => {
      await clearEmulatorCalls();
      const page = await open();
      const seen = recordAddresses(page);
      await pcSignIn(page, shell, '张三', wanted);
      const user = await waitForLanding(page, seen, `${shell}/admin`);
      expect(user.username).toBe('zhangsan');
      await expectCleanLanding(page, seen, wanted);
      const paths = await emulatorPaths();
      expect(paths).toContain('/cgi-bin/auth/getuserinfo');
      // No consent on PC: the web login never asks for private info.
      expect(paths).not.toContain('/cgi-bin/auth/getuserdetail');
    });
  }

  for (const shell of ['', '/v'] as const) {
    const wanted = `${shell}/admin/wecom-e2e?tab=2`;
    it(`scenario 2 (${shell ? 'v2' : 'v1'}): inside WeCom, opening ${wanted} signs the member in there without a click; no token in any address`, async () => {
      await clearEmulatorCalls();
      const page = await open({ wecom: true, member: 'zhangsan' });
      const seen = recordAddresses(page);
      await page.goto(appUrl(wanted));
      const user = await waitForLanding(page, seen, `${shell}/admin`);
      expect(user.username).toBe('zhangsan');
      await expectCleanLanding(page, seen);
      const here = new URL(page.url());
      // WeCom's own `#wechat_redirect` may ride along from its authorize URL; the page is the one asked for.
      expect(`${here.pathname}${here.search}`).toBe(wanted);
      expect(await authorizations()).toBe(1);
      // Landed by redeeming its own code: this webview is verified, a reload does not go to WeCom again.
      await page.reload();
      await waitForSignedIn(page, 60_000);
      await page.waitForTimeout(2_000);
      expect(await authorizations()).toBe(1);
    });
  }

  for (const { shell, locale } of [
    { shell: '', locale: 'en-US' },
    { shell: '/v', locale: 'zh-CN' },
  ] as const) {
    it(`${shell ? 'v2' : 'v1'} (${locale}): a replayed hand-off code shows the translated reason on the sign-in page, after sign-out and in another browser`, async () => {
      const page = await open({ locale });
      const seen = recordAddresses(page);
      await pcSignIn(page, shell, '张三', `${shell}/admin/replayed`);
      expect((await waitForLanding(page, seen, `${shell}/admin`)).username).toBe('zhangsan');
      const landing = seen.find((url) => hasHandOffCode(url));
      expect(landing).toBeDefined();
      await signOut(page);
      expect(await signedInUser(page)).toBeUndefined();

      const reason = locale === 'en-US' ? /This sign-in link was already used\. Please sign in again\./ : /此登录链接已被使用，请重新登录。/;
      const replay = async (target: Page) => {
        await target.goto(landing!);
        // Back on the sign-in page of the same UI, coming back to the page the link was for.
        await target.waitForURL((url) => url.pathname === `${shell}/signin`, { timeout: 60_000 });
        const box = errorBox(target);
        await box.waitFor({ timeout: 60_000 });
        expect(await box.innerText()).toMatch(reason);
        expect(new URL(target.url()).searchParams.get('redirect')).toBe(`${shell}/admin/replayed`);
        expect(await signedInUser(target)).toBeUndefined();
      };
      await replay(page);
      await replay(await open({ locale }));
    }, LONG_TEST_MS);
  }

  for (const shell of ['', '/v'] as const) {
    it(`${shell ? 'v2' : 'v1'}: links with ?authenticator=wecom&error=x do not sign a signed-in member out, inside WeCom or on PC`, async () => {
      await clearEmulatorCalls();
      const page = await open({ wecom: true, member: 'zhangsan' });
      const landing = recordAddresses(page);
      await page.goto(appUrl(`${shell}/admin`));
      const user = await waitForLanding(page, landing, `${shell}/admin`);
      const token = await storedToken(page);
      const seen = await authorizations();

      // The sign-in page shows the message of the link, and that is all it does.
      await page.goto(appUrl(`${shell}/signin?authenticator=${DEMO_AUTHENTICATOR}&error=${encodeURIComponent('A planted message')}`));
      const box = errorBox(page);
      await box.waitFor({ timeout: 60_000 });
      expect(await box.innerText()).toMatch(/A planted message/);
      expect(await storedToken(page)).toBe(token);
      expect((await signedInUser(page))?.id).toBe(user.id);

      // Any other page: the session stays (the app has booted and checked it with NocoBase).
      await openAndCheckAuth(page, `${shell}/admin?authenticator=${DEMO_AUTHENTICATOR}&error=x`);
      expect(await storedToken(page)).toBe(token);
      expect((await signedInUser(page))?.id).toBe(user.id);
      await page.waitForTimeout(1_000);
      expect(await authorizations()).toBe(seen);

      // On PC too (the admin, signed in with a password).
      const pc = await open();
      await signInAsAdmin(pc, shell);
      const adminToken = await storedToken(pc);
      await pc.goto(appUrl(`${shell}/signin?authenticator=${DEMO_AUTHENTICATOR}&error=x`));
      await errorBox(pc).waitFor({ timeout: 60_000 });
      expect(await storedToken(pc)).toBe(adminToken);
      await openAndCheckAuth(pc, `${shell}/admin?authenticator=${DEMO_AUTHENTICATOR}&error=x`);
      expect(await storedToken(pc)).toBe(adminToken);
      expect(await signedInUser(pc)).toBeDefined();
    }, LONG_TEST_MS);

    it(`${shell ? 'v2' : 'v1'}: inside WeCom, ?authenticator=wecom&token=x does not mark a new webview verified: it still re-verifies`, async () => {
      const page = await open({ wecom: true, member: 'zhangsan' });
      const landing = recordAddresses(page);
      await page.goto(appUrl(`${shell}/admin`));
      expect((await waitForLanding(page, landing, `${shell}/admin`)).username).toBe('zhangsan');
      await page.close();

      // A new webview (its own sessionStorage) opened from a link that claims a WeCom landing.
      await clearEmulatorCalls();
      const next = await page.context().newPage();
      const seen = recordAddresses(next);
      await next.goto(appUrl(`${shell}/admin?authenticator=${DEMO_AUTHENTICATOR}&token=planted`));
      // The boot-time re-verification is not switched off: one (silent) round through WeCom, back with a code.
      const user = await waitForLanding(next, seen, `${shell}/admin`);
      expect(hasTokenParam(next.url())).toBe(false);
      expect(user.username).toBe('zhangsan');
      expect(await storedToken(next)).not.toBe('planted');
      // Verified now, by its own redeemed code (booked right after the redeem, once the authenticators are read).
      const verified = async () =>
        (JSON.parse((await next.evaluate(() => window.sessionStorage.getItem('nocobase-wecom:auto-login'))) ?? '{}') as { verified?: string }).verified;
      expect(await eventually(verified, DEMO_AUTHENTICATOR)).toBe(DEMO_AUTHENTICATOR);
      expect(await authorizations()).toBe(1);
    }, LONG_TEST_MS);
  }

  it('a different member opening a link where an old session lingers ends up as themselves', async () => {
    const page = await open({ wecom: true, member: 'zhangsan' });
    const landing = recordAddresses(page);
    await page.goto(appUrl('/admin'));
    expect((await waitForLanding(page, landing, '/admin')).username).toBe('zhangsan');
    const before = await storedToken(page);

    // Same device, another member now uses WeCom and opens a link in a new webview.
    await setEmulatorMember(page.context(), 'lisi');
    const next = await page.context().newPage();
    const seen = recordAddresses(next);
    await next.goto(appUrl('/admin'));
    // lisi is not bound yet: the consent round, then automatic sign-up (the demo authenticator allows it).
    await next.waitForURL(onEmulator, { timeout: 60_000 });
    const allow = next.getByRole('button', { name: /Allow/ });
    await allow.waitFor({ timeout: 30_000 });
    await allow.click();
    expect(await eventually(async () => seen.some((url) => hasHandOffCode(url)), true, 90_000)).toBe(true);
    await next.waitForURL(redeemedOn('/admin'), { timeout: 60_000 });
    // The address is cleaned before the code is redeemed; the webviews share the stored token.
    expect(await eventually(async () => (await storedToken(next)) !== before, true, 30_000)).toBe(true);
    const user = await waitForSignedIn(next);
    expect(user.username).not.toBe('zhangsan');
    await expectCleanLanding(next, seen);
    expect(await isBound(DEMO_AUTHENTICATOR, 'zhangsan')).toBe(true);
  });
});
