import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, chromiumAvailable, emulatorUrl, launchChromium } from './browser';
import { adminApi, eventually, newContext, screenshotPath, signInAsAdmin, watchPageErrors } from './wecom';

type Shell = '' | '/v';
const SHELLS: Array<{ name: 'v1' | 'v2'; prefix: Shell }> = [
  { name: 'v1', prefix: '' },
  { name: 'v2', prefix: '/v' },
];

const CORP = { corpId: 'wwdemo0000000001', agentId: '1000002', secret: 'demo-secret-not-for-production' };

/**
 * Scenario 4: an admin adds a WeCom authenticator through the settings drawer; its button appears on the
 * sign-in page; a second one with automatic login is refused with the server's translated message.
 */
describe.skipIf(!chromiumAvailable())('the WeCom settings form', () => {
  let browser: Browser;
  let context: BrowserContext;
  const created: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    context = await newContext(browser);
  });
  afterAll(async () => {
    // Leave the app as the other browser tests expect it: only the demo authenticator of type WeCom.
    for (const name of created) {
      const found = await adminApi<Array<{ id: number }>>(`authenticators:list?filter=${encodeURIComponent(JSON.stringify({ name }))}`);
      for (const { id } of found) await adminApi(`authenticators:destroy?filterByTk=${id}`, { method: 'POST' });
    }
    await context?.close();
    await browser?.close();
  });

  /** A form item by its exact label: Formily items in the classic UI, antd items in the modern one. */
  const item = (scope: Locator, label: string) =>
    scope
      .locator('.ant-formily-item, .ant-form-item')
      .filter({ has: scope.page().locator('.ant-formily-item-label, .ant-form-item-label').getByText(label, { exact: true }) });

  async function openAddDrawer(page: Page, shell: Shell): Promise<Locator> {
    await page.goto(appUrl(`${shell}/admin/settings/auth/authenticators`));
    const add = page.getByRole('button', { name: /Add new/ });
    await add.waitFor({ timeout: 60_000 });
    await add.hover();
    await add.click();
    await page.getByRole('menuitem', { name: 'WeCom', exact: true }).click({ timeout: 30_000 });
    const drawer = page.locator('.ant-drawer-content').last();
    await item(drawer, 'Company ID').waitFor({ timeout: 30_000 });
    return drawer;
  }

  async function fillCommon(drawer: Locator, name: string, title: string) {
    await item(drawer, 'Auth UID').locator('input').fill(name);
    await item(drawer, 'Title').locator('input').fill(title);
    const enabled = item(drawer, 'Enabled').locator('input[type="checkbox"]');
    if (!(await enabled.isChecked())) await enabled.check();
  }

  async function fillWeCom(drawer: Locator, options: { autoLogin?: boolean; buttonText?: string } = {}) {
    await item(drawer, 'Company ID').locator('input').fill(CORP.corpId);
    await item(drawer, 'AgentId').locator('input').fill(CORP.agentId);
    await item(drawer, 'Secret').locator('input').fill(CORP.secret);
    if (options.autoLogin) await item(drawer, 'Automatic login').locator('input[type="checkbox"]').check();
    // "Advanced" is folded by default.
    if (!(await item(drawer, 'API base URL').locator('input').isVisible())) await drawer.getByText('Advanced', { exact: true }).click();
    for (const label of ['API base URL', 'OAuth base URL', 'Web login base URL']) {
      await item(drawer, label).locator('input').fill(emulatorUrl());
    }
    if (options.buttonText) await item(drawer, 'Button text').locator('input').fill(options.buttonText);
  }

  for (const shell of SHELLS) {
    it(`${shell.name}: adds an authenticator through the form; its button appears on the sign-in page`, async () => {
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      await signInAsAdmin(page, shell.prefix);
      const drawer = await openAddDrawer(page, shell.prefix).catch((error) => {
        throw new Error(`${error.message}\n${errors.join('\n')}`);
      });

      // Defaults and the read-only values the admin copies into the WeCom console, live from the origin.
      const origin = item(drawer, 'Origin').locator('input');
      expect(await origin.inputValue()).toBe(appUrl());
      expect(await item(drawer, 'When a phone number does not match an existing user, should a new user be created automatically').locator('input[type="checkbox"]').isChecked()).toBe(true);
      expect(await item(drawer, 'Automatic login').locator('input[type="checkbox"]').isChecked()).toBe(false);
      const host = new URL(appUrl()).host;
      expect(await eventually(() => item(drawer, 'Trusted domain').locator('input').inputValue(), host)).toBe(host);
      expect(await eventually(() => item(drawer, 'Web login callback domain').locator('input').inputValue(), host)).toBe(host);
      expect(await item(drawer, 'Secret').locator('input').getAttribute('type')).toBe('password');
      await drawer.getByText('only one WeCom authenticator can enable this option', { exact: false }).waitFor();

      await fillCommon(drawer, `wecom_e2e_${shell.name}`, 'WeCom (e2e)');
      await fillWeCom(drawer, { buttonText: `Sign in with WeCom (e2e ${shell.name})` });
      const homepage = `${appUrl()}/api/wecom:entry?authenticator=wecom_e2e_${shell.name}`;
      expect(await eventually(() => item(drawer, 'Workbench application homepage link').locator('input').inputValue(), homepage)).toBe(homepage);
      // The WeCom part of the drawer, from the auto sign-up option down to the console values.
      await item(drawer, 'Company ID').evaluate((element) => element.scrollIntoView({ block: 'start' }));
      await page.mouse.move(0, 0);
      await page.screenshot({ path: screenshotPath(`settings-${shell.name}.png`) });

      await drawer.getByRole('button', { name: 'Submit' }).click();
      created.push(`wecom_e2e_${shell.name}`);
      await drawer.waitFor({ state: 'hidden', timeout: 30_000 });

      const saved = await adminApi<Array<{ options: Record<string, Record<string, unknown>> }>>(
        `authenticators:list?filter=${encodeURIComponent(JSON.stringify({ name: `wecom_e2e_${shell.name}` }))}`,
      );
      expect(saved).toHaveLength(1);
      expect(saved[0].options.public).toMatchObject({ autoSignup: true, autoLogin: false, buttonText: `Sign in with WeCom (e2e ${shell.name})` });
      expect(saved[0].options.wecom).toMatchObject({ corpId: CORP.corpId, agentId: CORP.agentId, origin: appUrl(), apiBaseUrl: emulatorUrl() });

      const visitor = await browser.newContext();
      const signIn = await visitor.newPage();
      await signIn.goto(appUrl(`${shell.prefix}/signin`));
      await signIn.getByRole('button', { name: `Sign in with WeCom (e2e ${shell.name})` }).waitFor({ timeout: 60_000 });
      await visitor.close();
      await page.close();
    });

    it(`${shell.name}: a second authenticator with automatic login is refused with the translated message`, async () => {
      const page = await context.newPage();
      const drawer = await openAddDrawer(page, shell.prefix);
      await fillCommon(drawer, `wecom_e2e_auto_${shell.name}`, 'WeCom (second)');
      await fillWeCom(drawer, { autoLogin: true });
      await drawer.getByRole('button', { name: 'Submit' }).click();
      created.push(`wecom_e2e_auto_${shell.name}`);
      await page.getByText(/Only one enabled WeCom authenticator can use automatic login/).first().waitFor({ timeout: 30_000 });
      expect(await drawer.isVisible()).toBe(true);
      const saved = await adminApi<unknown[]>(`authenticators:list?filter=${encodeURIComponent(JSON.stringify({ name: `wecom_e2e_auto_${shell.name}` }))}`);
      expect(saved).toHaveLength(0);
      await page.close();
    });
  }
});
