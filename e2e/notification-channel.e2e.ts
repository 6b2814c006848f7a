import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, chromiumAvailable, launchChromium } from './browser';
import { adminApi, newContext, screenshotPath, signInAsAdmin, watchPageErrors, formItem, addNewOfType } from './wecom';

const SHELLS = [
  { name: 'v1', prefix: '' },
  { name: 'v2', prefix: '/v' },
] as const;

/**
 * The WeCom notification channel in both UIs: the notification manager offers the type WeCom, its form asks for
 * the WeCom authenticator (no credentials typed twice), and saving stores `options.authenticator`. The
 * notification manager's client is loaded by the plugin at run time, so this also shows that path works.
 */
describe.skipIf(!chromiumAvailable())('the WeCom notification channel form', () => {
  let browser: Browser;
  let context: BrowserContext;
  const created: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    context = await newContext(browser);
  });
  afterAll(async () => {
    for (const name of created) {
      await adminApi(`notificationChannels:destroy?filterByTk=${encodeURIComponent(name)}`, { method: 'POST' }).catch(() => undefined);
    }
    await context?.close();
    await browser?.close();
  });

  const item = formItem;

  /** The notification manager's own fields are labelled differently across its two UIs. */
  async function fillFirst(drawer: Locator, labels: string[], value: string) {
    for (const label of labels) {
      const input = item(drawer, label).locator('input');
      if (await input.count()) return input.first().fill(value);
    }
    throw new Error(`none of the fields ${labels.join(', ')} is in the drawer`);
  }

  async function openAddDrawer(page: Page, prefix: string): Promise<Locator> {
    await page.goto(appUrl(`${prefix}/admin/settings/notification-manager/channels`));
    const drawer = await addNewOfType(page);
    await item(drawer, 'WeCom authenticator').waitFor({ timeout: 30_000 });
    return drawer;
  }

  for (const shell of SHELLS) {
    it(`${shell.name}: adds a WeCom channel that sends through the chosen authenticator`, async () => {
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      await signInAsAdmin(page, shell.prefix);
      const drawer = await openAddDrawer(page, shell.prefix).catch((error) => {
        throw new Error(`${error.message}\n${errors.join('\n')}`);
      });
      const name = `wecom_e2e_${shell.name}`;
      await fillFirst(drawer, ['Channel name', 'Name'], name);
      await fillFirst(drawer, ['Channel display name', 'Display name', 'Title'], `WeCom (e2e ${shell.name})`);
      await item(drawer, 'WeCom authenticator').locator('.ant-select').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'WeCom (demo)' }).first().click();
      await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
      await page.mouse.move(0, 0);
      await page.screenshot({ path: screenshotPath(`notification-channel-${shell.name}.png`) });
      await drawer.getByRole('button', { name: /Submit/ }).click();
      created.push(name);
      await drawer.waitFor({ state: 'hidden', timeout: 30_000 });
      const saved = await adminApi<Array<{ notificationType: string; options: Record<string, unknown> }>>(
        `notificationChannels:list?filter=${encodeURIComponent(JSON.stringify({ name }))}`,
      );
      expect(saved).toHaveLength(1);
      expect(saved[0]).toMatchObject({ notificationType: 'wecom', options: { authenticator: 'wecom' } });
      expect(errors.filter((line) => /wecom/i.test(line))).toEqual([]);
      await page.close();
    });
  }
});
