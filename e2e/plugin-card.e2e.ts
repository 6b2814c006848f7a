import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, chromiumAvailable, launchChromium } from './browser';
import { DEMO_AUTHENTICATOR, dismissNotices, newContext, screenshotPath, signInAsAdmin } from './wecom';

const SHELLS = [
  { name: 'classic', prefix: '' as const, pluginManager: '/admin/pm/list' },
  { name: 'modern', prefix: '/v' as const, pluginManager: '/v/admin/settings/plugin-manager' },
];

/** The plugin's card in the Plugin Manager: Docs opens the README on npm, Settings opens Authentication. */
describe.skipIf(!chromiumAvailable())('the Plugin Manager card', () => {
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    browser = await launchChromium();
    context = await newContext(browser);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  for (const shell of SHELLS) {
    it(`${shell.name} UI: the WeCom card has Docs and Settings, and Settings opens the authenticators`, async () => {
      const page = await context.newPage();
      await signInAsAdmin(page, shell.prefix);
      await page.goto(appUrl(shell.pluginManager));
      const card = page.locator('.ant-card').filter({ hasText: 'Auth: WeCom' }).first();
      await card.waitFor({ timeout: 90_000 });
      await dismissNotices(page);
      const docs = card.getByText('Docs');
      expect(await docs.locator('xpath=ancestor-or-self::a').first().getAttribute('href')).toBe('https://www.npmjs.com/package/@nocobase-wecom/plugin-auth-wecom');
      await card.scrollIntoViewIfNeeded();
      await page.screenshot({ path: screenshotPath(`plugin-card-${shell.name}.png`) });
      await card.getByText('Settings').click();
      await page.waitForURL((url) => url.pathname === `${shell.prefix}/admin/settings/auth/authenticators`, { timeout: 30_000 });
      await page.locator('.ant-table-row').filter({ has: page.getByText(DEMO_AUTHENTICATOR, { exact: true }) }).first().waitFor({ timeout: 60_000 });
      await page.close();
    }, 240_000);
  }
});
