import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, chromiumAvailable, emulatorUrl, launchChromium } from './browser';
import {
  DEMO_AUTHENTICATOR,
  adminApi,
  type ContextOptions,
  clearEmulatorCalls,
  emulatorPaths,
  hasTokenParam,
  isBound,
  newContext,
  setEmulatorMember,
  signedInUser,
  waitForSignedIn,
} from './wecom';

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

  /** PC: the button, the emulator's web login, "scan" as `memberName`. */
  async function pcSignIn(page: Page, shell: '' | '/v', memberName: string) {
    await page.goto(appUrl(`${shell}/signin`));
    await button(page).click({ timeout: 60_000 });
    await page.waitForURL(onEmulator, { timeout: 30_000 });
    expect(new URL(page.url()).pathname).toBe('/wwlogin/sso/login');
    await page.getByRole('button', { name: new RegExp(`Scan as ${memberName}`) }).click();
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

  for (const locale of ['en-US', 'zh-CN'] as const) {
    it(`scenario 5 (${locale}): an unbound member's first sign-in on PC is refused with what to do`, async () => {
      const page = await open({ locale });
      await pcSignIn(page, '', '李四');
      await page.waitForURL((url) => url.pathname.endsWith('/signin') && url.origin === new URL(appUrl()).origin, { timeout: 30_000 });
      const box = errorBox(page);
      await box.waitFor({ timeout: 30_000 });
      const text = await box.innerText();
      if (locale === 'en-US') expect(text).toMatch(/inside the WeCom app/);
      else expect(text).toMatch(/企业微信/);
      expect(await signedInUser(page)).toBeUndefined();
      // Shown once: the error is taken out of the address, a reload shows a clean page.
      expect(new URL(page.url()).searchParams.get('error')).toBeNull();
      await page.reload();
      await button(page).waitFor({ timeout: 60_000 });
      expect(await errorBox(page).count()).toBe(0);
    });

    it(`scenario 5 (${locale}): a disabled member inside WeCom sees a message, and no loop`, async () => {
      await clearEmulatorCalls();
      const page = await open({ locale, wecom: true, member: 'wangwu' });
      await page.goto(appUrl('/admin'));
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
      expect(new URL(page.url()).pathname).toMatch(/\/signin$/);
      expect(await authorizations()).toBe(seen);
      expect(await signedInUser(page)).toBeUndefined();
    });
  }

  it('scenario 3: the first in-client sign-in asks for consent, then signs in the user whose phone matches', async () => {
    await clearEmulatorCalls();
    expect(await isBound(DEMO_AUTHENTICATOR, 'zhangsan')).toBe(false);
    const page = await open({ wecom: true, member: 'zhangsan' });
    await page.goto(appUrl('/admin'));
    // The silent round finds no binding; the second round is the privateinfo consent page.
    await page.waitForURL(onEmulator, { timeout: 60_000 });
    const allow = page.getByRole('button', { name: /Allow/ });
    await allow.waitFor({ timeout: 30_000 });
    await allow.click();
    await page.waitForURL(landedOn('/admin'), { timeout: 60_000 });
    const user = await waitForSignedIn(page);
    expect(user.username).toBe('zhangsan');
    await page.waitForURL((url) => !hasTokenParam(url.href), { timeout: 30_000 });
    expect(await isBound(DEMO_AUTHENTICATOR, 'zhangsan')).toBe(true);
    expect(await emulatorPaths()).toContain('/cgi-bin/auth/getuserdetail');
  });

  for (const shell of ['', '/v'] as const) {
    it(`scenario 1 (${shell ? 'v2' : 'v1'}): PC web login of a bound member lands in ${shell}/admin signed in, token gone from the URL`, async () => {
      await clearEmulatorCalls();
      const page = await open();
      await pcSignIn(page, shell, '张三');
      await page.waitForURL(landedOn(`${shell}/admin`), { timeout: 60_000 });
      const user = await waitForSignedIn(page);
      expect(user.username).toBe('zhangsan');
      await page.waitForURL((url) => !hasTokenParam(url.href), { timeout: 30_000 });
      expect(new URL(page.url()).pathname.startsWith(`${shell}/admin`)).toBe(true);
      const paths = await emulatorPaths();
      expect(paths).toContain('/cgi-bin/auth/getuserinfo');
      // No consent on PC: the web login never asks for private info.
      expect(paths).not.toContain('/cgi-bin/auth/getuserdetail');
    });
  }

  for (const shell of ['', '/v'] as const) {
    it(`scenario 2 (${shell ? 'v2' : 'v1'}): inside WeCom, opening ${shell}/admin signs the member in without a click`, async () => {
      await clearEmulatorCalls();
      const page = await open({ wecom: true, member: 'zhangsan' });
      await page.goto(appUrl(`${shell}/admin`));
      await page.waitForURL((url) => landedOn(`${shell}/admin`)(url) && !hasTokenParam(url.href), { timeout: 60_000 });
      const user = await waitForSignedIn(page);
      expect(user.username).toBe('zhangsan');
      expect((await emulatorPaths()).filter((p) => p.startsWith('/connect/oauth2/authorize')).length).toBe(1);
    });
  }

  it('a different member opening a link where an old session lingers ends up as themselves', async () => {
    const page = await open({ wecom: true, member: 'zhangsan' });
    await page.goto(appUrl('/admin'));
    await page.waitForURL((url) => landedOn('/admin')(url) && !hasTokenParam(url.href), { timeout: 60_000 });
    expect((await waitForSignedIn(page)).username).toBe('zhangsan');

    // Same device, another member now uses WeCom and opens a link in a new webview.
    await setEmulatorMember(page.context(), 'lisi');
    const next = await page.context().newPage();
    await next.goto(appUrl('/admin'));
    // lisi is not bound yet: the consent round, then automatic sign-up (the demo authenticator allows it).
    await next.waitForURL(onEmulator, { timeout: 60_000 });
    const allow = next.getByRole('button', { name: /Allow/ });
    await allow.waitFor({ timeout: 30_000 });
    await allow.click();
    await next.waitForURL((url) => landedOn('/admin')(url) && !hasTokenParam(url.href), { timeout: 60_000 });
    const user = await waitForSignedIn(next);
    expect(user.username).not.toBe('zhangsan');
    expect(await isBound(DEMO_AUTHENTICATOR, 'zhangsan')).toBe(true);
  });
});
