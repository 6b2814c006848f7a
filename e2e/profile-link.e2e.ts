import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, chromiumAvailable, emulatorUrl, launchChromium } from './browser';
import { adminApi, cleanUp, DEMO_AUTHENTICATOR, dismissNotices, emulatorSeed, newContext, setEmulatorSeed, screenshotPath, signInAsAdmin, waitForSignedIn } from './wecom';

const LONG_TEST_MS = 300_000;
/** A member the demo app can see, added for each UI's test. */
const MEMBERS = { classic: ['profilelink1', '林一'], modern: ['profilelink2', '林二'] } as const;

type SeedLike = { corps: Array<{ members: Array<Record<string, unknown>>; apps: Array<{ visibleUserIds?: string[] }> }> };

interface Binding {
  authenticator: string;
  userId: string;
  memberId: string;
}

const bindings = () => adminApi<Binding[]>('wecom:listBindings?pageSize=200');

/**
 * Linking WeCom from the user center (the avatar dropdown) in both UIs: Link through the emulator's web login,
 * "Linked as …", Unlink after a confirmation; then an admin finds the link under Users & Permissions → WeCom and
 * removes it.
 */
describe.skipIf(!chromiumAvailable())('linking WeCom from the profile', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const createdUsers: number[] = [];
  let originalSeed: SeedLike | undefined;

  async function open(): Promise<Page> {
    const context = await newContext(browser);
    contexts.push(context);
    return context.newPage();
  }

  async function newUser(shell: string) {
    const username = `link${shell.replace('/', '')}${Date.now().toString(36)}`;
    const user = await adminApi<{ id: number }>('users:create', {
      method: 'POST',
      body: { nickname: `Link ${shell || 'v1'}`, username, password: 'link-test-123', roles: ['member'] },
    });
    createdUsers.push(user.id);
    return { id: user.id, username };
  }

  async function signInWithPassword(page: Page, shell: '' | '/v', username: string) {
    await page.goto(appUrl(`${shell}/signin`));
    await page.getByPlaceholder(/Username\/Email|用户名\/邮箱/).fill(username, { timeout: 60_000 });
    await page.getByPlaceholder(/Password|密码/).fill('link-test-123');
    await page.locator('button[type="submit"]').first().click();
    await waitForSignedIn(page, 60_000);
  }

  /** Opens the avatar dropdown and returns the WeCom entry. */
  async function weComEntry(page: Page, text: RegExp) {
    await page.getByTestId('user-center-button').hover({ timeout: 90_000 });
    const entry = page.getByText(text).first();
    await entry.waitFor({ timeout: 30_000 });
    return entry;
  }

  async function linkThroughWeCom(page: Page, shell: '' | '/v', name: string) {
    await page.goto(appUrl(`${shell}/admin`));
    await (await weComEntry(page, /WeCom: not linked/)).click();
    await page.waitForURL((url) => url.origin === new URL(emulatorUrl()).origin, { timeout: 30_000 });
    expect(new URL(page.url()).pathname).toBe('/wwlogin/sso/login');
    await page.getByRole('button', { name: new RegExp(`Scan as ${name}`) }).click();
    await page.waitForURL((url) => url.origin === new URL(appUrl()).origin && url.pathname.startsWith(`${shell}/admin`), { timeout: 60_000 });
    await page.getByText('Your account is now linked to WeCom.').waitFor({ timeout: 90_000 });
    expect(page.url()).not.toContain('wecom_link=');
    expect(page.url()).not.toContain('wecom_handoff=');
  }

  beforeAll(async () => {
    browser = await launchChromium();
    originalSeed = await emulatorSeed<SeedLike>();
    const seed = structuredClone(originalSeed);
    for (const [userid, name] of Object.values(MEMBERS)) {
      seed.corps[0].members.push({ userid, name, status: 1, department: [1] });
      seed.corps[0].apps[0].visibleUserIds?.push(userid);
    }
    await setEmulatorSeed(seed);
  });

  afterAll(async () => {
    const steps = cleanUp();
    for (const context of contexts) await steps.attempt('close context', () => context.close());
    await steps.attempt('close browser', () => browser?.close());
    for (const id of createdUsers) {
      await steps.attempt(`unlink user ${id}`, () => adminApi('wecom:unlinkUser', { method: 'POST', body: { authenticator: DEMO_AUTHENTICATOR, userId: id } }));
      await steps.attempt(`delete user ${id}`, () => adminApi(`users:destroy?filterByTk=${id}`, { method: 'POST' }));
    }
    if (originalSeed) await steps.attempt('emulator seed', () => setEmulatorSeed(originalSeed));
    steps.done();
  });

  for (const shell of ['', '/v'] as const) {
    const ui = shell ? 'modern' : 'classic';
    it(`${ui} UI: Link, "Linked as …", Unlink with confirmation; the admin sees the link and removes it`, async () => {
      const [userid, name] = MEMBERS[ui];
      const user = await newUser(shell);
      const page = await open();
      await signInWithPassword(page, shell, user.username);
      await linkThroughWeCom(page, shell, name);
      expect((await bindings()).some((row) => row.userId === String(user.id) && row.memberId === userid)).toBe(true);
      await page.getByText('Your account is now linked to WeCom.').waitFor({ state: 'detached', timeout: 30_000 });
      await dismissNotices(page);
      const linked = await weComEntry(page, new RegExp(`Linked as ${name} \\(${userid}\\)`));
      await page.waitForTimeout(500); // the dropdown's fade-in, for the picture
      await page.screenshot({ path: screenshotPath(`profile-link-${ui}-linked.png`) });

      await linked.click();
      const dialog = page.getByRole('dialog').filter({ hasText: 'Unlink WeCom?' });
      await dialog.waitFor({ timeout: 30_000 });
      await page.screenshot({ path: screenshotPath(`profile-link-${ui}-unlink-confirm.png`) });
      await dialog.getByRole('button', { name: 'Unlink' }).click();
      await page.getByText('WeCom unlinked.').waitFor({ timeout: 30_000 });
      expect((await bindings()).some((row) => row.userId === String(user.id))).toBe(false);

      // Linked again, for the admin to remove.
      await linkThroughWeCom(page, shell, name);
      const admin = await open();
      await signInAsAdmin(admin, shell);
      await admin.goto(appUrl(`${shell}/admin/settings/users-permissions/wecom`));
      const row = admin.locator('.wecom-bindings-table tr').filter({ hasText: user.username });
      await row.waitFor({ timeout: 90_000 });
      await expect(row.textContent()).resolves.toContain(`${name} (${userid})`);
      await admin.screenshot({ path: screenshotPath(`profile-link-${ui}-admin.png`) });
      await row.getByRole('button', { name: 'Remove' }).click();
      await admin.locator('.ant-popconfirm').getByRole('button', { name: 'Remove' }).click();
      await admin.getByText('The WeCom link was removed.').waitFor({ timeout: 30_000 });
      expect((await bindings()).some((item) => item.userId === String(user.id))).toBe(false);
    }, LONG_TEST_MS);
  }
});
