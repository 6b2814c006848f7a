import jsQR from 'jsqr';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, chromiumAvailable, emulatorUrl, launchChromium } from './browser';
import {
  DEMO_AUTHENTICATOR,
  adminApi,
  cleanUp,
  dismissNotices,
  type ContextOptions,
  isBound,
  newContext,
  q,
  screenshotPath,
  storedToken,
  waitForSignedIn,
} from './wecom';

const LONG_TEST_MS = 240_000;
/** A member with no NocoBase user in the demo: their first PC sign-in needs the phone. */
const MEMBER = { userid: 'lisi', name: '李四' };

/** What the QR code drawn on the canvas says, read back from its pixels like a phone's camera would. */
async function decodeQr(qr: Locator): Promise<string | undefined> {
  const image = await qr.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    return { width: data.width, height: data.height, pixels: Array.from(data.data) };
  });
  return jsQR(Uint8ClampedArray.from(image.pixels), image.width, image.height)?.data;
}

/**
 * Both devices of a member's first PC sign-in: the PC's web login names a member with no mobile, the PC shows a
 * QR code, a phone in WeCom opens it and consents, and the PC signs in by itself. The phone is not signed in.
 */
describe.skipIf(!chromiumAvailable())('a PC sign-in confirmed on the phone', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function open(options: ContextOptions = {}): Promise<Page> {
    const context = await newContext(browser, options);
    contexts.push(context);
    return context.newPage();
  }

  /** Leaves the demo as it was: the member neither bound nor signed up. */
  async function forgetMember() {
    const steps = cleanUp();
    await steps.attempt('remove the binding', () =>
      adminApi(`usersAuthenticators:destroy?filter=${q({ authenticator: DEMO_AUTHENTICATOR, uuid: MEMBER.userid })}`, { method: 'POST' }),
    );
    await steps.attempt('remove the signed-up user', () => adminApi(`users:destroy?filter=${q({ username: MEMBER.userid })}`, { method: 'POST' }));
    steps.done();
  }

  beforeAll(async () => {
    browser = await launchChromium();
    // Chinese is one of the UI languages (NocoBase only switches to an enabled language).
    await adminApi('systemSettings:update?filterByTk=1', { method: 'POST', body: { enabledLanguages: ['en-US', 'zh-CN'] } });
    await forgetMember();
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
    await forgetMember();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const { shell, locale } of [
    { shell: '', locale: 'en-US' },
    { shell: '/v', locale: 'zh-CN' },
  ] as const) {
    it(
      `${shell ? 'v2' : 'v1'} (${locale}): the PC shows a QR code, the phone confirms, the PC is signed in`,
      async () => {
        expect(await isBound(DEMO_AUTHENTICATOR, MEMBER.userid)).toBe(false);
        const pc = await open({ locale });
        await pc.goto(appUrl(`${shell}/signin`));
        await pc.getByTestId(`wecom-sign-in-${DEMO_AUTHENTICATOR}`).click({ timeout: 60_000 });
        await pc.waitForURL((url) => url.origin === new URL(emulatorUrl()).origin, { timeout: 30_000 });
        await pc.getByRole('button', { name: new RegExp(`Scan as ${MEMBER.name}`) }).click();

        // Back on the sign-in page, waiting for the phone.
        await pc.waitForURL((url) => url.pathname === `${shell}/signin`, { timeout: 30_000 });
        const panel = pc.getByTestId(`wecom-pairing-${DEMO_AUTHENTICATOR}`);
        await panel.waitFor({ timeout: 60_000 });
        expect(await panel.innerText()).toContain(
          locale === 'en-US' ? 'Scan with WeCom on your phone to confirm it is you' : '请用手机企业微信扫码，确认是您本人',
        );
        const qr = pc.getByTestId('wecom-pairing-qr');
        await qr.waitFor({ timeout: 30_000 });
        const link = await decodeQr(qr);
        expect(link).toMatch(new RegExp(`^${appUrl('/api/wecom:pair?p=').replace(/[.?]/g, '\\$&')}[A-Za-z0-9_-]{22}$`));
        expect(link).toBe(await qr.getAttribute('data-link'));
        // The pairing code is out of the PC's address once the panel has it.
        expect(new URL(pc.url()).searchParams.has('wecom_pairing')).toBe(false);
        if (!shell) {
          await dismissNotices(pc);
          await pc.screenshot({ path: screenshotPath('pairing-pc.png') });
        }
        expect(await storedToken(pc)).toBe('');

        const phone = await open({ wecom: true, member: MEMBER.userid, locale });
        await phone.goto(link as string);
        const allow = phone.getByRole('button', { name: /Allow/ });
        await allow.waitFor({ timeout: 30_000 });
        await allow.click();
        const result = phone.getByTestId('wecom-phone-result');
        await result.waitFor({ timeout: 30_000 });
        expect(await result.getAttribute('data-kind')).toBe('done');
        expect(await result.innerText()).toBe(locale === 'en-US' ? 'Done, go back to your computer.' : '已完成，请回到电脑继续。');
        if (!shell) await phone.screenshot({ path: screenshotPath('pairing-phone.png') });
        // The phone holds no NocoBase session.
        expect(await storedToken(phone)).toBe('');

        const user = await waitForSignedIn(pc, 30_000);
        expect(user.username).toBe(MEMBER.userid);
        expect(user.nickname).toBe(MEMBER.name);
        await pc.waitForURL((url) => url.pathname.startsWith(`${shell}/admin`) && !url.searchParams.has('wecom_handoff'), { timeout: 60_000 });
        expect(await isBound(DEMO_AUTHENTICATOR, MEMBER.userid)).toBe(true);
      },
      LONG_TEST_MS,
    );
  }

  it(
    'a different member on the phone is refused on both screens',
    async () => {
      const pc = await open();
      await pc.goto(appUrl('/signin'));
      await pc.getByTestId(`wecom-sign-in-${DEMO_AUTHENTICATOR}`).click({ timeout: 60_000 });
      await pc.waitForURL((url) => url.origin === new URL(emulatorUrl()).origin, { timeout: 30_000 });
      await pc.getByRole('button', { name: new RegExp(`Scan as ${MEMBER.name}`) }).click();
      const qr = pc.getByTestId('wecom-pairing-qr');
      await qr.waitFor({ timeout: 60_000 });
      const link = await decodeQr(qr);

      const phone = await open({ wecom: true, member: 'zhangsan' });
      await phone.goto(link as string);
      await phone.getByRole('button', { name: /Allow/ }).click({ timeout: 30_000 });
      const result = phone.getByTestId('wecom-phone-result');
      await result.waitFor({ timeout: 30_000 });
      expect(await result.getAttribute('data-kind')).toBe('refused');
      const why = 'The WeCom account on the phone is not the one that signed in on the computer.';
      expect(await phone.locator('body').innerText()).toContain(why);

      const error = pc.getByTestId(`wecom-sign-in-error-${DEMO_AUTHENTICATOR}`);
      await error.waitFor({ timeout: 30_000 });
      expect(await error.innerText()).toContain(why);
      expect(await pc.getByTestId(`wecom-pairing-${DEMO_AUTHENTICATOR}`).count()).toBe(0);
      expect(await storedToken(pc)).toBe('');
      expect(await isBound(DEMO_AUTHENTICATOR, MEMBER.userid)).toBe(false);
    },
    LONG_TEST_MS,
  );
});
