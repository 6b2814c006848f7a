import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, chromiumAvailable, emulatorUrl, launchChromium } from './browser';
import { adminApi, eventually, newContext, screenshotPath, signInAsAdmin, watchPageErrors, formItem, addNewOfType } from './wecom';

type Shell = '' | '/v';
const SHELLS: Array<{ name: 'v1' | 'v2'; prefix: Shell }> = [
  { name: 'v1', prefix: '' },
  { name: 'v2', prefix: '/v' },
];

const CORP = { corpId: 'wwdemo0000000001', agentId: '1000002', secret: 'demo-secret-not-for-production' };

type Locale = 'en-US' | 'zh-CN';

/** The drawer's labels as an admin reads them: NocoBase's own, then the plugin's (from its locale files). */
const NOCOBASE_ZH: Record<string, string> = { 'Auth UID': '认证标识', Title: '标题', Enabled: '启用', 'Add new': '添加', Submit: '提交', WeCom: '企业微信' };
const PLUGIN_ZH: Record<string, string> = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../packages/plugins/@nocobase-wecom/plugin-auth-wecom/src/locale/zh-CN.json'), 'utf8'),
);
function label(locale: Locale, english: string): string {
  if (locale === 'en-US') return english;
  const translated = NOCOBASE_ZH[english] ?? PLUGIN_ZH[english];
  if (!translated) throw new Error(`no zh-CN label for "${english}"`);
  return translated;
}
/** antd puts a space between two CJK characters in a button ("提 交"). */
const buttonName = (text: string) => new RegExp([...text].join('\\s?'));

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
    // Chinese is one of the UI languages (NocoBase only switches to an enabled language).
    await adminApi('systemSettings:update?filterByTk=1', { method: 'POST', body: { enabledLanguages: ['en-US', 'zh-CN'] } });
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

  const item = formItem;

  async function openAddDrawer(page: Page, shell: Shell, locale: Locale = 'en-US'): Promise<Locator> {
    await page.goto(appUrl(`${shell}/admin/settings/auth/authenticators`));
    const drawer = await addNewOfType(page, { addNew: label(locale, 'Add new'), type: label(locale, 'WeCom') });
    await item(drawer, label(locale, 'Company ID')).waitFor({ timeout: 30_000 });
    return drawer;
  }

  async function fillCommon(drawer: Locator, name: string, title: string, locale: Locale = 'en-US') {
    await item(drawer, label(locale, 'Auth UID')).locator('input').fill(name);
    await item(drawer, label(locale, 'Title')).locator('input').fill(title);
    const enabled = item(drawer, label(locale, 'Enabled')).locator('input[type="checkbox"]');
    if (!(await enabled.isChecked())) await enabled.check();
  }

  async function fillWeCom(drawer: Locator, options: { autoLogin?: boolean; buttonText?: string; locale?: Locale } = {}) {
    const t = (english: string) => label(options.locale ?? 'en-US', english);
    await item(drawer, t('Company ID')).locator('input').fill(CORP.corpId);
    await item(drawer, t('AgentId')).locator('input').fill(CORP.agentId);
    await item(drawer, t('Secret')).locator('input').fill(CORP.secret);
    if (options.autoLogin) await item(drawer, t('Automatic login')).locator('input[type="checkbox"]').check();
    // "Advanced" is folded by default.
    if (!(await item(drawer, t('API base URL')).locator('input').isVisible())) await drawer.getByText(t('Advanced'), { exact: true }).click();
    for (const field of ['API base URL', 'OAuth base URL', 'Web login base URL']) {
      await item(drawer, t(field)).locator('input').fill(emulatorUrl());
    }
    if (options.buttonText) await item(drawer, t('Button text')).locator('input').fill(options.buttonText);
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

    for (const locale of ['en-US', 'zh-CN'] as const) {
      it(`${shell.name} (${locale}): a second authenticator with automatic login is refused, the translated reason next to the form`, async () => {
        const admin = locale === 'en-US' ? context : await newContext(browser, { locale });
        const page = await admin.newPage();
        if (admin !== context) await signInAsAdmin(page, shell.prefix);
        const drawer = await openAddDrawer(page, shell.prefix, locale);
        const name = `wecom_e2e_auto_${shell.name}_${locale.slice(0, 2)}`;
        await fillCommon(drawer, name, 'WeCom (second)', locale);
        await fillWeCom(drawer, { autoLogin: true, locale });
        await drawer.getByRole('button', { name: buttonName(label(locale, 'Submit')) }).click();
        created.push(name);
        // The server's message (translated from the request's X-Locale), shown inside the drawer, which stays open.
        const inline = drawer.getByTestId('wecom-save-error');
        await inline.waitFor({ timeout: 30_000 });
        const text = await inline.innerText();
        if (locale === 'en-US') expect(text).toMatch(/Only one enabled WeCom authenticator can use automatic login; "wecom" already does/);
        else expect(text).toMatch(/只能有一个已启用的企业微信认证器开启自动登录；“wecom”已开启/);
        expect(await drawer.isVisible()).toBe(true);
        const saved = await adminApi<unknown[]>(`authenticators:list?filter=${encodeURIComponent(JSON.stringify({ name }))}`);
        expect(saved).toHaveLength(0);
        await page.close();
        if (admin !== context) await admin.close();
      });
    }
  }
});
