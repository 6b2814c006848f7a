import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, chromiumAvailable, launchChromium } from './browser';
import { DEMO_AUTHENTICATOR, newContext, screenshotPath, watchPageErrors } from './wecom';

// Both NocoBase UIs load the plugin's lane and render the WeCom button of the demo authenticator.
describe.skipIf(!chromiumAvailable())('sign-in page in both UIs', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const shell of [
    { name: 'v1', prefix: '' },
    { name: 'v2', prefix: '/v' },
  ] as const) {
    it(`${shell.name}: ${shell.prefix}/signin shows "Sign in with WeCom" without an app error`, async () => {
      const context = await newContext(browser);
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      try {
        await page.goto(appUrl(`${shell.prefix}/signin`));
        const button = page.getByTestId(`wecom-sign-in-${DEMO_AUTHENTICATOR}`);
        await button.waitFor({ timeout: 60_000 }).catch((error) => {
          throw new Error(`${error.message}\npage errors:\n${errors.join('\n')}`);
        });
        expect(await button.innerText()).toMatch(/Sign in with WeCom/);
        expect(await page.getByText(/App error|应用错误/).count()).toBe(0);
        // NocoBase's own "Unauthenticated" notice of the first visit is not part of what the picture shows.
        for (const close of await page.locator('.ant-notification-notice-close').all()) await close.click().catch(() => undefined);
        await page.locator('.ant-notification-notice').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
        await page.screenshot({ path: screenshotPath(`signin-${shell.name}.png`) });
      } finally {
        await context.close();
      }
    });
  }
});
