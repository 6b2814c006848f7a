import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PANEL_APP_HOSTNAME, appUrl, chromiumAvailable, emulatorUrl, launchChromium, panelAppUrl } from './browser';
import { adminApi, cleanUp, dismissNotices, emulatorControl, newContext, q, screenshotPath, storedToken, waitForSignedIn } from './wecom';

const LONG_TEST_MS = 240_000;
const PANEL = 'wecom-panel';
const DEMO = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', 'demo', 'wecom-seed.json'), 'utf8'));
const CORP = DEMO.corps[0];
const APP = CORP.apps[0];

/**
 * WeCom's login panel on the sign-in page: the unmodified `@wecom/jssdk` (bundled into the plugin's client) loads
 * https://login.work.weixin.qq.com in its iframe; the browser routes that host to the emulator, which serves the
 * panel and speaks the SDK's postMessage protocol. The app is opened as wecom-panel.test, a trusted domain that is
 * not localhost.
 */
describe.skipIf(!chromiumAvailable())('the WeCom login panel on the sign-in page', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let authenticatorId: number | undefined;

  async function open(): Promise<Page> {
    const context = await newContext(browser);
    contexts.push(context);
    // WeCom's login host is the emulator: the SDK and the page are none the wiser.
    await context.route('https://login.work.weixin.qq.com/**', async (route) => {
      const url = new URL(route.request().url());
      const response = await route.fetch({ url: emulatorUrl(`${url.pathname}${url.search}`) });
      await route.fulfill({ response });
    });
    return context.newPage();
  }

  const configureEmulator = (options: Record<string, unknown>) => emulatorControl('config', { method: 'POST', body: options });

  /** The panel's iframe, once the SDK has mounted it. */
  async function panelFrame(page: Page): Promise<FrameLocator> {
    const container = page.getByTestId(`wecom-login-panel-${PANEL}`);
    await container.locator('iframe').waitFor({ timeout: 60_000 });
    expect(await container.locator('iframe').getAttribute('src')).toMatch(/^https:\/\/login\.work\.weixin\.qq\.com\/wwlogin\/sso\/login\?/);
    return container.frameLocator('iframe');
  }

  beforeAll(async () => {
    browser = await launchChromium([`--host-resolver-rules=MAP ${PANEL_APP_HOSTNAME} 127.0.0.1`]);
    const created = await adminApi<{ id: number }>('authenticators:create', {
      method: 'POST',
      body: {
        name: PANEL,
        authType: 'WeCom',
        title: 'WeCom (panel)',
        enabled: true,
        options: {
          public: { signInMode: 'panel', autoSignup: true },
          wecom: { corpId: CORP.corpId, agentId: String(APP.agentId), secret: APP.secret, origin: panelAppUrl(), apiBaseUrl: emulatorUrl(), oauthBaseUrl: emulatorUrl() },
        },
      },
    });
    authenticatorId = created.id;
    // 张三 is already linked for this sign-in method: the panel tests are about the panel, not the first sign-in.
    const [zhangsan] = await adminApi<Array<{ id: number }>>(`users:list?filter=${q({ username: 'zhangsan' })}`);
    await adminApi('usersAuthenticators:create', { method: 'POST', body: { authenticator: PANEL, userId: zhangsan.id, uuid: 'zhangsan' } });
  });

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
    await configureEmulator({ desktopClientUserid: null });
  });

  afterAll(async () => {
    const steps = cleanUp();
    await steps.attempt('remove the panel bindings', () => adminApi(`usersAuthenticators:destroy?filter=${q({ authenticator: PANEL })}`, { method: 'POST' }));
    if (authenticatorId !== undefined) await steps.attempt('remove the panel authenticator', () => adminApi(`authenticators:destroy?filterByTk=${authenticatorId}`, { method: 'POST' }));
    await browser?.close();
    steps.done();
  });

  for (const shell of ['', '/v'] as const) {
    it(
      `${shell ? 'v2' : 'v1'}: the real JS-SDK renders the panel; scanning as a linked member signs in`,
      async () => {
        const page = await open();
        await page.goto(panelAppUrl(`${shell}/signin?redirect=${encodeURIComponent(`${shell}/admin`)}`));
        const frame = await panelFrame(page);
        const scan = frame.getByRole('button', { name: /Scan as 张三/ });
        await scan.waitFor({ timeout: 30_000 });
        // The panel replaces this method's button; the page says whose panel it is.
        expect(await page.getByTestId(`wecom-sign-in-${PANEL}`).count()).toBe(0);
        expect(await page.getByText('WeCom (panel)', { exact: true }).count()).toBeGreaterThan(0);
        if (!shell) {
          await dismissNotices(page);
          await page.screenshot({ path: screenshotPath('login-panel.png') });
        }
        await scan.click();
        const user = await waitForSignedIn(page, 60_000);
        expect(user.username).toBe('zhangsan');
        await page.waitForURL((url) => url.pathname.startsWith(`${shell}/admin`) && !url.searchParams.has('wecom_handoff'), { timeout: 60_000 });
      },
      LONG_TEST_MS,
    );
  }

  for (const shell of ['', '/v'] as const) {
    it(
      `${shell ? 'v2' : 'v1'}: deny in the panel shows why, and offers the button`,
      async () => {
        const page = await open();
        await page.goto(panelAppUrl(`${shell}/signin`));
        const frame = await panelFrame(page);
        await frame.getByRole('button', { name: /Deny/ }).click({ timeout: 30_000 });
        const fallback = page.getByTestId(`wecom-panel-fallback-${PANEL}`);
        await fallback.waitFor({ timeout: 30_000 });
        expect(await fallback.innerText()).toContain('WeCom did not sign you in: 用户拒绝登录 · The member refused to sign in');
        await page.getByTestId(`wecom-sign-in-${PANEL}`).waitFor({ timeout: 30_000 });
        expect(await storedToken(page)).toBe('');
      },
      LONG_TEST_MS,
    );

    it(
      `${shell ? 'v2' : 'v1'}: with the WeCom desktop client signed in, one click signs in`,
      async () => {
        await configureEmulator({ desktopClientUserid: 'zhangsan' });
        const page = await open();
        await page.goto(panelAppUrl(`${shell}/signin`));
        const frame = await panelFrame(page);
        const oneClick = frame.getByTestId('one-click');
        await oneClick.waitFor({ timeout: 30_000 });
        expect(await oneClick.innerText()).toContain('One-click login as 张三');
        if (shell) {
          await dismissNotices(page);
          await page.screenshot({ path: screenshotPath('login-panel-one-click.png') });
        }
        await oneClick.click();
        expect((await waitForSignedIn(page, 60_000)).username).toBe('zhangsan');
      },
      LONG_TEST_MS,
    );
  }

  for (const shell of ['', '/v'] as const) {
    it(
      `${shell ? 'v2' : 'v1'}: on localhost the page says why there is no panel and shows the button`,
      async () => {
        const page = await open();
        await page.goto(appUrl(`${shell}/signin`));
        const fallback = page.getByTestId(`wecom-panel-fallback-${PANEL}`);
        await fallback.waitFor({ timeout: 60_000 });
        expect(await fallback.innerText()).toContain('The WeCom login panel does not work on localhost');
        await page.getByTestId(`wecom-sign-in-${PANEL}`).waitFor({ timeout: 30_000 });
        expect(await page.getByTestId(`wecom-login-panel-${PANEL}`).count()).toBe(0);
        if (!shell) {
          await dismissNotices(page);
          await page.screenshot({ path: screenshotPath('login-panel-fallback.png') });
        }
      },
      LONG_TEST_MS,
    );
  }
});
