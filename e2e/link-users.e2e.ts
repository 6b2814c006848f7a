import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, chromiumAvailable, launchChromium } from './browser';
import { adminApi, cleanUp, DEMO_AUTHENTICATOR, emulatorSeed, eventually, newContext, setEmulatorSeed, screenshotPath, signInAsAdmin, watchPageErrors } from './wecom';

const SHELLS = [
  { name: 'v1', prefix: '' as const, mobile: '13800000071' },
  { name: 'v2', prefix: '/v' as const, mobile: '13800000072' },
];

type SeedLike = { corps: Array<{ corpId: string; members: Array<Record<string, unknown>>; apps: Array<{ visibleUserIds?: unknown }> }> };

const boundUserIds = async () =>
  (await adminApi<Array<{ id: number }>>(`authenticators/${DEMO_AUTHENTICATOR}/users:list?paginate=false`)).map((user) => user.id);

/**
 * "Link existing users" from the WeCom authenticator's drawer in both UIs: a user whose phone is a member's
 * is linked in the background, and the dialog ends with the report.
 */
describe.skipIf(!chromiumAvailable())('link existing users', () => {
  let browser: Browser;
  let context: BrowserContext;
  let originalSeed: SeedLike;
  let boundBefore: number[];
  const createdUsers: number[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    context = await newContext(browser);
    // Two members the demo app can see, for the users this test links.
    originalSeed = await emulatorSeed<SeedLike>();
    const seed = structuredClone(originalSeed);
    const corp = seed.corps[0];
    for (const shell of SHELLS) {
      corp.members.push({ userid: `link${shell.name}`, name: `Link ${shell.name}`, mobile: shell.mobile, status: 1, department: [1] });
      const visible = corp.apps[0].visibleUserIds;
      if (Array.isArray(visible)) visible.push(`link${shell.name}`);
    }
    await setEmulatorSeed(seed);
    boundBefore = await boundUserIds();
  });

  afterAll(async () => {
    const steps = cleanUp();
    // Give the other browser tests the app as they expect it: no link this test made, the demo corp as it was.
    for (const id of (await boundUserIds().catch(() => [])).filter((id) => !boundBefore.includes(id))) {
      await steps.attempt(`unlink user ${id}`, () => adminApi(`authenticators/${DEMO_AUTHENTICATOR}/users:remove?filterByTk=${id}`, { method: 'POST' }));
    }
    for (const id of createdUsers) await steps.attempt(`user ${id}`, () => adminApi(`users:destroy?filterByTk=${id}`, { method: 'POST' }));
    if (originalSeed) await steps.attempt('emulator seed', () => setEmulatorSeed(originalSeed));
    await context?.close();
    await browser?.close();
    steps.done();
  });

  async function openWeComDrawer(page: Page, prefix: '' | '/v') {
    await page.goto(appUrl(`${prefix}/admin/settings/auth/authenticators`));
    const row = page.locator('.ant-table-row').filter({ has: page.getByText(DEMO_AUTHENTICATOR, { exact: true }) }).first();
    await row.waitFor({ timeout: 60_000 });
    await row.getByText(/^(Configure|Edit)$/).first().click();
    const drawer = page.locator('.ant-drawer-content').last();
    await drawer.getByTestId('wecom-link-users').waitFor({ timeout: 30_000 });
    return drawer;
  }

  for (const shell of SHELLS) {
    it(`${shell.name}: links a user by phone from the authenticator's drawer and shows the report`, async () => {
      const user = await adminApi<{ id: number }>('users:create', {
        method: 'POST',
        body: { nickname: `Link ${shell.name}`, username: `link_${shell.name}_${Date.now().toString(36)}`, phone: shell.mobile, roles: ['member'] },
      });
      createdUsers.push(user.id);

      const page = await context.newPage();
      const errors = watchPageErrors(page);
      await signInAsAdmin(page, shell.prefix);
      const drawer = await openWeComDrawer(page, shell.prefix).catch((error) => {
        throw new Error(`${error.message}\n${errors.join('\n')}`);
      });
      await drawer.getByTestId('wecom-link-users').click();
      const dialog = page.getByTestId('wecom-link-users-dialog');
      await dialog.waitFor({ timeout: 30_000 });
      const seats = page.getByTestId('wecom-link-seats');
      await seats.fill('200');
      await page.getByTestId('wecom-link-start').click();

      // The dialog may still show the previous shell's finished run for a moment: wait for this run's link first.
      expect(await eventually(async () => (await boundUserIds()).includes(user.id), true, 60_000)).toBe(true);
      const done = async () => /Done\./.test(await page.getByTestId('wecom-link-status').innerText().catch(() => ''));
      expect(await eventually(done, true, 30_000), await page.getByTestId('wecom-link-status').innerText()).toBe(true);
      await page.getByTestId('wecom-link-report').waitFor({ timeout: 10_000 });
      expect(Number(await page.getByTestId('wecom-link-report-linked').innerText())).toBeGreaterThanOrEqual(1);
      expect(await boundUserIds()).toContain(user.id);

      // NocoBase's task list pops up when the task is created; a click in the dialog folds it away.
      await dialog.locator('.ant-typography').first().click();
      await page.mouse.move(0, 0);
      await page.screenshot({ path: screenshotPath(`link-users-${shell.name}.png`) });
      await page.close();
    });
  }
});
