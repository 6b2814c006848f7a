import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startWeComEmulator, type WeComEmulator } from '@nocobase-wecom/wecom-emulator';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchDir, StockNocoBase } from '../test/stock-nocobase';
import { chromiumAvailable, launchChromium, WECOM_MOBILE_UA } from './browser';
import { DESKTOP_UA, dismissNotices, formItem, screenshotPath, addNewOfType } from './wecom';
// @ts-expect-error plain ESM helpers shared with `npm start`
import { freePort } from '../scripts/lib/ports.mjs';

const root = path.resolve(__dirname, '..');
const LONG_TEST_MS = 600_000;

/**
 * The plugin README's admin path, step by step, on a NocoBase made with create-nocobase-app that has never seen
 * this workspace: Plugin Manager → Add & Update → Upload plugin, switch it on, Settings → Authentication → Add new
 * → WeCom with Enabled ticked, then a member signs in inside WeCom and on a PC.
 */
describe.skipIf(!chromiumAvailable())('the README install path, in the browser', () => {
  const parent = scratchDir('wecom-upload-');
  let stock: StockNocoBase;
  let emulator: WeComEmulator;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let tarball = '';

  beforeAll(async () => {
    // The plugin as the release tarball ships it (the browser tests' setup has just built it).
    const packed = execFileSync('npm', ['pack', '--workspace', '@nocobase-wecom/plugin-auth-wecom', '--pack-destination', parent, '--ignore-scripts', '--json'], {
      cwd: root,
      encoding: 'utf8',
    });
    tarball = path.join(parent, (JSON.parse(packed) as Array<{ filename: string }>)[0].filename);
    stock = StockNocoBase.create(parent, await freePort());
    stock.nocobase('install');
    await stock.start();
    const seed = JSON.parse(fs.readFileSync(path.join(root, 'demo/wecom-seed.json'), 'utf8').replace(/127\.0\.0\.1:13000/g, `127.0.0.1:${stock.port}`));
    emulator = await startWeComEmulator({ port: 0, seed });
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await emulator?.close();
    await stock?.stop();
    fs.rmSync(parent, { recursive: true, force: true });
  });

  async function open(userAgent: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
    const context = await browser.newContext({ userAgent, viewport, locale: 'en-US' });
    await context.addInitScript(() => window.localStorage.setItem('NOCOBASE_LOCALE', 'en-US'));
    contexts.push(context);
    return context.newPage();
  }

  const onApp = (pathname: string) => (url: URL) => url.origin === stock.url && url.pathname.startsWith(pathname);

  async function waitForCard(page: Page): Promise<Locator> {
    const card = page.locator('.ant-card').filter({ hasText: 'Auth: WeCom' }).first();
    await card.waitFor({ timeout: 120_000 });
    return card;
  }

  it('uploads, enables, adds an enabled WeCom authenticator, and a member signs in inside WeCom and then on a PC', async () => {
    const admin = await open(DESKTOP_UA);
    await admin.goto(`${stock.url}/signin`);
    await admin.getByPlaceholder(/Username\/Email/).fill('admin@nocobase.com', { timeout: 120_000 });
    await admin.getByPlaceholder(/Password/).fill('admin123');
    await admin.locator('button[type="submit"]').first().click();
    await admin.waitForURL(onApp('/admin'), { timeout: 60_000 });

    // Plugin Manager → Add & Update → Upload plugin → the tarball → Submit.
    await admin.goto(`${stock.url}/admin/pm/list`);
    await admin.getByRole('button', { name: 'Add & Update' }).click({ timeout: 60_000 });
    const dialog = admin.locator('.ant-modal-content').filter({ hasText: 'Upload plugin' });
    await dialog.getByText('Upload plugin', { exact: true }).click();
    await dialog.locator('input[type="file"]').setInputFiles(tarball);
    await dialog.getByText(path.basename(tarball)).waitFor({ timeout: 30_000 });
    await admin.screenshot({ path: screenshotPath('install-upload.png') });
    await dialog.getByRole('button', { name: 'Submit' }).click();

    // NocoBase restarts and reloads the page; the card is there, switched off, then on.
    const card = await waitForCard(admin);
    const toggle = card.getByRole('switch');
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    await toggle.click();
    await admin.getByRole('button', { name: /^(OK|Yes)$/ }).click({ timeout: 5_000 }).catch(() => undefined);
    await admin.waitForTimeout(1_000);
    const enabledCard = await waitForCard(admin);
    await admin.waitForFunction(() => document.querySelector('.ant-card .ant-switch-checked') !== null, undefined, { timeout: 120_000 });
    expect(await enabledCard.getByRole('switch').getAttribute('aria-checked')).toBe('true');
    await enabledCard.scrollIntoViewIfNeeded();
    await admin.screenshot({ path: screenshotPath('install-enabled.png') });

    // Settings → Authentication → Add new → WeCom; tick Enabled.
    await admin.goto(`${stock.url}/admin/settings/auth/authenticators`);
    const drawer = await addNewOfType(admin);
    await formItem(drawer, 'Company ID').waitFor({ timeout: 30_000 });
    await formItem(drawer, 'Auth UID').locator('input').fill('wecom');
    await formItem(drawer, 'Title').locator('input').fill('WeCom');
    await formItem(drawer, 'Enabled').locator('input[type="checkbox"]').check();
    await formItem(drawer, 'Company ID').locator('input').fill('wwdemo0000000001');
    await formItem(drawer, 'AgentId').locator('input').fill('1000002');
    await formItem(drawer, 'Secret').locator('input').fill('demo-secret-not-for-production');
    expect(await formItem(drawer, 'Origin').locator('input').inputValue()).toBe(stock.url);
    await formItem(drawer, 'Auth UID').scrollIntoViewIfNeeded();
    await admin.screenshot({ path: screenshotPath('install-authenticator.png') });
    if (!(await formItem(drawer, 'API base URL').locator('input').isVisible())) await drawer.getByText('Advanced', { exact: true }).click();
    for (const field of ['API base URL', 'OAuth base URL', 'Web login base URL']) await formItem(drawer, field).locator('input').fill(emulator.url);
    await drawer.getByRole('button', { name: 'Submit' }).click();
    await drawer.waitFor({ state: 'detached', timeout: 30_000 });

    // Inside WeCom: the sign-in page's WeCom button, WeCom's consent, signed in (a new user, as the form allows).
    const phone = await open(WECOM_MOBILE_UA, { width: 390, height: 844 });
    await phone.context().addCookies([{ name: 'emulator_userid', value: 'zhangsan', domain: '127.0.0.1', path: '/' }]);
    await phone.goto(`${stock.url}/signin`);
    await phone.getByTestId('wecom-sign-in-wecom').click({ timeout: 120_000 });
    // A member not linked yet: after the silent round, WeCom asks for consent to share the phone.
    const allow = phone.getByRole('button', { name: /Allow/ });
    await allow.waitFor({ timeout: 60_000 });
    await allow.click();
    await phone.waitForURL((url) => onApp('/admin')(url) && !url.searchParams.has('wecom_handoff'), { timeout: 60_000 });

    // On a PC: the button, WeCom's web login, "scan" as 张三: the same user.
    const pc = await open(DESKTOP_UA);
    await pc.goto(`${stock.url}/signin`);
    await pc.getByTestId('wecom-sign-in-wecom').waitFor({ timeout: 120_000 });
    await dismissNotices(pc);
    await pc.screenshot({ path: screenshotPath('install-signin-page.png') });
    await pc.getByTestId('wecom-sign-in-wecom').click();
    await pc.waitForURL((url) => url.origin === emulator.url, { timeout: 30_000 });
    await pc.getByRole('button', { name: /Scan as 张三/ }).click();
    await pc.waitForURL((url) => onApp('/admin')(url) && !url.searchParams.has('wecom_handoff'), { timeout: 60_000 });
    /** The user the page's stored token belongs to, once the landing page has redeemed its hand-off code. */
    const who = async (page: Page) => {
      await page.waitForFunction(() => Boolean(localStorage.getItem('NOCOBASE_TOKEN')), undefined, { timeout: 30_000 }).catch(async () => {
        throw new Error(`no token on ${page.url()}: ${(await page.locator('body').innerText()).slice(0, 500)}`);
      });
      return page.evaluate(async (url) => {
        const token = localStorage.getItem('NOCOBASE_TOKEN');
        const response = await fetch(`${url}/api/auth:check`, { headers: { Authorization: `Bearer ${token}`, 'X-Authenticator': 'wecom' } });
        return ((await response.json()) as { data?: { id?: number; nickname?: string } }).data;
      }, stock.url);
    };
    const [onPhone, onPc] = [await who(phone), await who(pc)];
    expect(onPhone?.id).toBeTruthy();
    expect(onPc).toEqual(expect.objectContaining({ id: onPhone?.id, nickname: '张三' }));
  }, LONG_TEST_MS);
});
