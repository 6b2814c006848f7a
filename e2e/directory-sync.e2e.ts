import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, chromiumAvailable, launchChromium } from './browser';
import { DEMO_AUTHENTICATOR, adminApi, eventually, newContext, screenshotPath, signInAsAdmin, watchPageErrors, formItem, cleanUp, q, addNewOfType } from './wecom';

type Shell = '' | '/v';
const SHELLS: Array<{ name: 'v1' | 'v2'; prefix: Shell }> = [
  { name: 'v1', prefix: '' },
  { name: 'v2', prefix: '/v' },
];

/** Both UIs: a sync, the tasks drawer, then the users and departments pages: the classic UI is slow on 2 cores. */
const TEST_MS = 300_000;

const CONTACTS_SECRET = 'demo-contacts-secret-not-for-production';
const SECRET_MASK = '••••••••';
/** Where plugin-user-data-sync puts its page: Settings → Users & Permissions → Synchronize (`users-permissions.sync`). */
const SYNC_PAGE = '/admin/settings/users-permissions/sync';
const DEPARTMENTS_PAGE = '/admin/settings/users-permissions/departments';

/** The demo corp the emulator serves (the global setup seeds it from this file). */
interface SeedMember {
  userid: string;
  name: string;
  mobile?: string;
  status: number;
  department: number[];
}
interface SeedDepartment {
  id: number;
  name: string;
  parentid: number;
}
const CORP = (
  JSON.parse(fs.readFileSync(path.resolve(__dirname, '../demo/wecom-seed.json'), 'utf8')) as {
    corps: Array<{ departments: SeedDepartment[]; members: SeedMember[]; apps: Array<{ visibleUserIds: string[] }> }>;
  }
).corps[0];
/** WeCom's member status: 1 active, 4 not activated yet; 2 (disabled) and 5 (left) may not sign in and are not synced. */
const ACTIVE = CORP.members.filter((member) => member.status === 1 || member.status === 4);
const INACTIVE = CORP.members.filter((member) => !ACTIVE.includes(member));
const member = (userid: string) => {
  const found = CORP.members.find((item) => item.userid === userid);
  if (!found) throw new Error(`no member ${userid} in demo/wecom-seed.json`);
  return found;
};

interface UserRow {
  id: number;
  username?: string | null;
  nickname?: string | null;
  phone?: string | null;
  email?: string | null;
  mainDepartmentId?: number | null;
}
interface Binding {
  authenticator: string;
  userId: number;
  uuid: string;
  nickname?: string | null;
  meta?: Record<string, unknown> | null;
}
interface DepartmentRow {
  id: number;
  title: string;
  parentId: number | null;
}
interface Source {
  id: number;
  name: string;
  sourceType: string;
  enabled: boolean;
  options: Record<string, unknown>;
}
interface Task {
  id: number;
  status: string;
  message?: string | null;
  sourceId: number;
}

const users = () => adminApi<UserRow[]>('users:list?paginate=false');
const bindings = () => adminApi<Binding[]>(`usersAuthenticators:list?paginate=false&filter=${q({ authenticator: DEMO_AUTHENTICATOR })}`);
const departments = () => adminApi<DepartmentRow[]>('departments:list?paginate=false');
const sourceNamed = async (name: string) => (await adminApi<Source[]>(`userDataSyncSources:list?paginate=false&filter=${q({ name })}`))[0];
const tasksOf = (sourceId: number) => adminApi<Task[]>(`userDataSyncTasks:list?paginate=false&sort=-id&filter=${q({ sourceId })}`);

/** A mainland mobile as the sync compares them: digits only, without +86 (`+86 138-0000-0001` → `13800000001`). */
function mobileDigits(phone: unknown): string {
  const digits = String(phone ?? '').replace(/\D/g, '');
  return digits.length === 13 && digits.startsWith('86') ? digits.slice(2) : digits;
}

/** The counts of a task's summary ("Created 2, matched 1, …, errors 0; 9 WeCom calls."). */
function summary(message: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [, name, value] of message.matchAll(/(Created|matched|updated|unchanged|bound|refused|left|deleted|departments changed|errors) (\d+)/g)) {
    counts[name.toLowerCase()] = Number(value);
  }
  return counts;
}

/** The departments a source made: its sync records of type department → the NocoBase department, by WeCom id. */
async function departmentsOfSource(sourceName: string): Promise<Map<string, number>> {
  const records = await adminApi<Array<{ sourceUk: string; resources?: Array<{ resource: string; resourcePk: string }> }>>(
    `userDataSyncRecords:list?paginate=false&appends=resources&filter=${q({ sourceName, dataType: 'department' })}`,
  );
  const byUid = new Map<string, number>();
  for (const record of records) {
    const row = record.resources?.find((resource) => resource.resource === 'departments');
    if (row) byUid.set(record.sourceUk, Number(row.resourcePk));
  }
  return byUid;
}

/**
 * The WeCom directory sync, as an admin sets it up in both UIs: a source of type WeCom added through
 * Users & Permissions → Synchronize (plugin-user-data-sync's drawer with the plugin's options form), run from
 * the list, its task followed to success, the corp's members and departments then in NocoBase.
 * Both UIs sync the same emulated corp into the same NocoBase: the second source finds the members bound.
 */
describe.skipIf(!chromiumAvailable())('the WeCom directory sync source', () => {
  let browser: Browser;
  let context: BrowserContext;
  const createdSources: string[] = [];
  /** Sources this file turned off (the demo's): one enabled WeCom source per authenticator. */
  const disabledSources: number[] = [];

  /** The plugin allows one enabled source per authenticator, so the others are turned off first. */
  async function disableOtherSources() {
    const enabled = await adminApi<Array<{ id: number; name: string }>>(`userDataSyncSources:list?paginate=false&filter=${q({ sourceType: 'wecom', enabled: true })}`);
    for (const source of enabled) {
      await adminApi(`userDataSyncSources:update?filterByTk=${source.id}`, { method: 'POST', body: { enabled: false } });
      if (!createdSources.includes(source.name)) disabledSources.push(source.id);
    }
  }
  /** What was there before: the app is given back as the other browser tests expect it (no bindings they did not make). */
  let before: { users: UserRow[]; bindings: Binding[]; departments: DepartmentRow[] };

  beforeAll(async () => {
    if (!chromiumAvailable()) return;
    before = { users: await users(), bindings: await bindings(), departments: await departments() };
    browser = await launchChromium();
    context = await newContext(browser);
  });

  afterAll(async () => {
    const { attempt, done } = cleanUp();
    if (before) {
      // The sources this file made (the demo's `wecom-directory` stays), their tasks and sync records.
      for (const name of createdSources) {
        const source = await sourceNamed(name).catch(() => undefined);
        if (!source) continue;
        await attempt(`tasks of ${name}`, () => adminApi(`userDataSyncTasks:destroy?filter=${q({ sourceId: source.id })}`, { method: 'POST' }));
        await attempt(`records of ${name}`, async () => {
          const records = await adminApi<Array<{ id: number }>>(`userDataSyncRecords:list?paginate=false&fields=id&filter=${q({ sourceName: name })}`);
          const ids = records.map((record) => record.id);
          if (ids.length > 0) await adminApi(`userDataSyncRecordsResources:destroy?filter=${q({ recordId: { $in: ids } })}`, { method: 'POST' });
          await adminApi(`userDataSyncRecords:destroy?filter=${q({ sourceName: name })}`, { method: 'POST' });
        });
        await attempt(`source ${name}`, () => adminApi(`userDataSyncSources:destroy?filterByTk=${source.id}`, { method: 'POST' }));
      }
      // Then the demo's source is turned back on (it could not be while ours were enabled).
      for (const id of disabledSources) {
        await attempt(`re-enabling source ${id}`, () => adminApi(`userDataSyncSources:update?filterByTk=${id}`, { method: 'POST', body: { enabled: true } }));
      }
      // The bindings, users and departments the syncs made; the users that were there get their fields back.
      for (const binding of await bindings().catch(() => [])) {
        const key = q({ authenticator: binding.authenticator, userId: binding.userId, uuid: binding.uuid });
        const old = before.bindings.find((item) => item.userId === binding.userId && item.uuid === binding.uuid);
        if (!old) {
          await attempt(`binding ${binding.uuid}`, () => adminApi(`usersAuthenticators:destroy?filter=${key}`, { method: 'POST' }));
        } else if (JSON.stringify([old.nickname, old.meta]) !== JSON.stringify([binding.nickname, binding.meta])) {
          // A sign-in's binding the sync refreshed (its fingerprint in `meta.wecomSync`): as the sign-in left it.
          await attempt(`binding ${binding.uuid}`, () =>
            adminApi(`usersAuthenticators:update?filter=${key}`, { method: 'POST', body: { nickname: old.nickname, meta: old.meta } }),
          );
        }
      }
      const newDepartments = (await departments().catch(() => [])).filter((row) => !before.departments.some((old) => old.id === row.id));
      if (newDepartments.length > 0) {
        const ids = newDepartments.map((row) => row.id);
        await attempt('department members', () => adminApi(`departmentsUsers:destroy?filter=${q({ departmentId: { $in: ids } })}`, { method: 'POST' }));
        // Children first: a department with sub-departments is not destroyed before them.
        for (const row of [...newDepartments].sort((a, b) => b.id - a.id)) {
          await attempt(`department ${row.title}`, () => adminApi(`departments:destroy?filterByTk=${row.id}`, { method: 'POST' }));
        }
      }
      for (const row of await users().catch(() => [])) {
        const old = before.users.find((item) => item.id === row.id);
        if (!old) {
          await attempt(`user ${row.nickname}`, () => adminApi(`users:destroy?filterByTk=${row.id}`, { method: 'POST' }));
          continue;
        }
        const fields = ['nickname', 'phone', 'email', 'mainDepartmentId'] as const;
        if (fields.some((field) => (old[field] ?? null) !== (row[field] ?? null))) {
          const values = Object.fromEntries(fields.map((field) => [field, old[field] ?? null]));
          await attempt(`user ${old.username}`, () => adminApi(`users:update?filterByTk=${row.id}`, { method: 'POST', body: values }));
        }
      }
    }
    await context?.close();
    await browser?.close();
    done();
  });

  const item = formItem;
  /** The shown choice of a select. */
  const selected = (scope: Locator, label: string) => item(scope, label).locator('.ant-select-selection-item').first().innerText();
  /** The dropdown an antd select opened (it is rendered at the end of the body). */
  const openDropdown = (page: Page) => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
  const sourceRow = (page: Page, name: string) =>
    page.locator('.ant-table-row').filter({ has: page.locator('td').getByText(name, { exact: true }) });

  async function openSyncPage(page: Page, shell: Shell) {
    await page.goto(appUrl(`${shell}${SYNC_PAGE}`));
    await page.getByRole('button', { name: /Add new/ }).waitFor({ timeout: 90_000 });
  }

  async function openAddDrawer(page: Page): Promise<Locator> {
    // The type menu lists the types the server registered: ours is "WeCom".
    const drawer = await addNewOfType(page);
    await item(drawer, 'WeCom authenticator').waitFor({ timeout: 60_000 });
    return drawer;
  }

  /** Waits for the source's new task to end; a failed one fails the test with its message. */
  async function waitForTask(sourceId: number, knownTasks: number, timeoutMs = 120_000): Promise<Task> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [task, ...rest] = await tasksOf(sourceId);
      const ended = task && rest.length >= knownTasks && (task.status === 'success' || task.status === 'failed');
      if (ended && task.status === 'success') return task;
      if (ended || Date.now() > deadline) throw new Error(`the sync task did not succeed: ${task ? `${task.status}: ${task.message}` : 'no task'}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  /** Opens the source's Tasks drawer until it shows the finished task (the classic drawer loads once, when opened). */
  async function openTasks(page: Page, name: string): Promise<Locator> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      await sourceRow(page, name).getByText('Tasks', { exact: true }).click({ timeout: 30_000 });
      const drawer = page.locator('.ant-drawer-content').filter({ has: page.getByText('Batch', { exact: true }) }).last();
      await drawer.locator('.ant-table-row').first().waitFor({ timeout: 30_000 });
      const success = drawer.locator('.ant-table-row').first().getByText('Success', { exact: true });
      if (await success.isVisible().catch(() => false)) return drawer;
      await success.waitFor({ timeout: 5_000 }).catch(() => undefined);
      if (await success.isVisible().catch(() => false)) return drawer;
      if (Date.now() > deadline) throw new Error(`the Tasks drawer does not show success: ${await drawer.innerText()}`);
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
    }
  }

  for (const shell of SHELLS) {
    const name = `wecom_e2e_${shell.name}`;

    it(`${shell.name}: adds a WeCom sync source through the drawer, runs it from the list, its task succeeds, the corp's members and departments are in NocoBase`, async () => {
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      const fail = (error: Error) => {
        throw new Error(`${error.message}\npage errors:\n${errors.join('\n')}`);
      };
      await signInAsAdmin(page, shell.prefix);
      await disableOtherSources();
      const usersBefore = await users();
      const bindingsBefore = await bindings();
      // The second source finds every member bound by the first one.
      const allBound = ACTIVE.every(({ userid }) => bindingsBefore.some((binding) => binding.uuid.toLowerCase() === userid.toLowerCase()));

      // 1. The drawer: NocoBase's fields, then the plugin's options form with its defaults.
      await openSyncPage(page, shell.prefix).catch(fail);
      const uncaught = () => errors.filter((error) => error.startsWith('pageerror:'));
      const uncaughtBefore = uncaught().length;
      const drawer = await openAddDrawer(page).catch(fail);
      for (const label of [
        'Source name',
        'Type',
        'Enabled',
        'WeCom authenticator',
        'Contact-sync Secret',
        'Match existing users by',
        'When a member leaves WeCom',
        'Sync every (hours)',
        'Event receiver URL',
        'Event receiver Token',
        'Event receiver EncodingAESKey',
      ]) {
        expect(await item(drawer, label).count(), `the drawer has a "${label}" field`).toBe(1);
      }
      expect(await selected(drawer, 'Type')).toBe('WeCom');
      expect(await selected(drawer, 'Match existing users by')).toBe('Phone number');
      expect(await selected(drawer, 'When a member leaves WeCom')).toBe('Keep the user; WeCom sign-in refuses them');
      expect(await item(drawer, 'Sync every (hours)').locator('input').inputValue()).toBe('0');
      for (const label of ['Contact-sync Secret', 'Event receiver Token', 'Event receiver EncodingAESKey']) {
        expect(await item(drawer, label).locator('input').getAttribute('type'), `${label} is a password input`).toBe('password');
      }
      // No name yet: the receiver URL waits for one, its copy button is off.
      const receiver = drawer.getByTestId('wecom-receiverUrl');
      expect(await receiver.inputValue()).toBe('');
      expect(await item(drawer, 'Event receiver URL').getByRole('button', { name: 'Copy' }).isDisabled()).toBe(true);

      await item(drawer, 'Source name').locator('input').fill(name);
      const enabled = item(drawer, 'Enabled').locator('input[type="checkbox"]');
      if (!(await enabled.isChecked())) await enabled.check();
      expect(await enabled.isChecked()).toBe(true);
      // Our select lists the enabled WeCom authenticators by title; pick the demo one.
      await item(drawer, 'WeCom authenticator').locator('.ant-select-selector').click();
      await openDropdown(page)
        .locator('.ant-select-item-option')
        .filter({ hasText: new RegExp(`\\(${DEMO_AUTHENTICATOR}\\)$|^${DEMO_AUTHENTICATOR}$`) })
        .click({ timeout: 30_000 });
      expect(await selected(drawer, 'WeCom authenticator')).toMatch(new RegExp(`\\(${DEMO_AUTHENTICATOR}\\)$|^${DEMO_AUTHENTICATOR}$`));
      await item(drawer, 'Contact-sync Secret').locator('input').fill(CONTACTS_SECRET);

      // The receiver URL follows the name as it is typed, for the page's own origin.
      const url = `${appUrl()}/api/wecom:contactEvents?source=${name}`;
      expect(await eventually(() => receiver.inputValue(), url)).toBe(url);
      expect(await item(drawer, 'Event receiver URL').getByRole('button', { name: 'Copy' }).isDisabled()).toBe(false);
      // Our part of the drawer, from the authenticator down to the receiver URL.
      await item(drawer, 'WeCom authenticator').evaluate((element) => element.scrollIntoView({ block: 'start' }));
      await page.mouse.move(0, 0);
      await page.screenshot({ path: screenshotPath(`directory-sync-form-${shell.name}.png`) });

      await drawer.getByRole('button', { name: /Submit/ }).click();
      createdSources.push(name);
      await drawer.waitFor({ state: 'hidden', timeout: 30_000 }).catch(fail);
      expect(uncaught().slice(uncaughtBefore), 'no uncaught error while the drawer was open').toEqual([]);

      // Stored as typed, with the defaults; the secret is write-only: `get` answers the mask.
      const source = await sourceNamed(name);
      expect(source).toMatchObject({ name, sourceType: 'wecom', enabled: true });
      expect(source.options).toMatchObject({ authenticator: DEMO_AUTHENTICATOR, matchBy: 'phone', onLeave: 'keep', intervalHours: 0 });
      const got = await adminApi<Source>(`userDataSyncSources:get?filterByTk=${source.id}`);
      expect(got.options.contactsSecret).toBe(SECRET_MASK);
      expect(got.options.eventToken ?? '').toBe('');

      // 2. Sync from the list, then the task in the Tasks drawer.
      const row = sourceRow(page, name);
      await row.waitFor({ timeout: 30_000 });
      const tasksBefore = (await tasksOf(source.id)).length;
      await row.getByText('Sync', { exact: true }).click();
      await page.getByText('The synchronization has started', { exact: false }).first().waitFor({ timeout: 30_000 });
      const task = await waitForTask(source.id, tasksBefore);
      expect(task.message).toMatch(/^Created \d+, matched \d+, .*bound \d+/);
      const counts = summary(task.message ?? '');
      expect(counts.refused).toBe(0);
      expect(counts.errors).toBe(0);
      // Every active member is created, matched, updated or unchanged; the users that are new are the ones created.
      expect(counts.created + counts.matched + counts.updated + counts.unchanged).toBe(ACTIVE.length);
      const usersAfter = await users();
      expect(usersAfter.length - usersBefore.length).toBe(counts.created);
      // New users only for members neither bound yet nor matching an existing user's phone (for the second source: none).
      const expectedCreated = ACTIVE.filter(
        ({ userid, mobile }) =>
          !bindingsBefore.some((binding) => binding.uuid.toLowerCase() === userid.toLowerCase()) &&
          !usersBefore.some((user) => mobile && mobileDigits(user.phone) === mobileDigits(mobile)),
      ).length;
      expect(counts.created).toBe(expectedCreated);
      if (allBound) expect(counts.created).toBe(0);

      const tasks = await openTasks(page, name).catch(fail);
      const taskRow = tasks.locator('.ant-table-row').first();
      expect(await taskRow.innerText()).toMatch(/Created \d+, matched \d+/);
      // The "synchronization has started" toast covers the drawer's title: let it go.
      await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
      await page.mouse.move(0, 0);
      await page.screenshot({ path: screenshotPath(`directory-sync-task-${shell.name}.png`) });
      await page.keyboard.press('Escape');

      // 3. The members: each active one bound to exactly one user, nobody duplicated.
      const bound = await bindings();
      for (const { userid, name: memberName, mobile } of ACTIVE) {
        const mine = bound.filter((binding) => binding.uuid.toLowerCase() === userid.toLowerCase());
        expect(mine, `${userid} is bound to one user`).toHaveLength(1);
        const user = usersAfter.find((row) => row.id === mine[0].userId);
        expect(user, `${userid}'s user exists`).toBeDefined();
        expect(usersAfter.filter((row) => row.nickname === memberName), `one user named ${memberName}`).toHaveLength(1);
        if (mobile) expect(usersAfter.filter((row) => mobileDigits(row.phone) === mobileDigits(mobile)), `one user with ${userid}'s phone`).toHaveLength(1);
      }
      // zhangsan was a NocoBase user before the corp was synced: matched by phone, not duplicated.
      const zhangsan = usersAfter.find((row) => row.username === 'zhangsan');
      expect(zhangsan).toBeDefined();
      expect(bound.find((binding) => binding.uuid === 'zhangsan')?.userId).toBe(zhangsan!.id);
      // zhaoliu is outside the app's visible range: only the contact-sync Secret shows them, so it was stored and used.
      expect(CORP.apps[0].visibleUserIds).not.toContain('zhaoliu');
      expect(bound.some((binding) => binding.uuid === 'zhaoliu')).toBe(true);
      // Disabled members (wangwu) may not sign in: not bound, and no user made for them.
      for (const { userid, name: memberName } of INACTIVE) {
        expect(bound.some((binding) => binding.uuid === userid), `${userid} is not bound`).toBe(false);
        expect(usersAfter.some((row) => row.nickname === memberName), `no user for ${userid}`).toBe(false);
      }

      // The corp's tree, as this source made it: Platform under R&D, R&D and Sales under the corp's root.
      const mapped = await departmentsOfSource(name);
      const rows = await departments();
      const byId = new Map(rows.map((department) => [department.id, department]));
      for (const department of CORP.departments) {
        const id = mapped.get(String(department.id));
        expect(id, `department ${department.name} was synced`).toBeDefined();
        const row = byId.get(id!);
        expect(row?.title).toBe(department.name);
        const parent = CORP.departments.find((item) => item.id === department.parentid);
        expect(row?.parentId ?? null).toBe(parent ? (mapped.get(String(parent.id)) ?? null) : null);
      }
      const title = (id: number | null | undefined) => (id == null ? undefined : byId.get(id)?.title);
      const platform = byId.get(mapped.get('4')!);
      expect([platform?.title, title(platform?.parentId)]).toEqual(['Platform', 'R&D']);
      for (const department of ['Sales', 'R&D', 'Platform']) expect(rows.some((row) => row.title === department)).toBe(true);
      // Members are in their departments (wangwu, disabled, is not synced).
      const inDepartment = async (uid: string) =>
        adminApi<UserRow[]>(`departments/${mapped.get(uid)}/members:list?paginate=false`).then((list) => list.map((row) => row.id));
      const userOf = (userid: string) => bound.find((binding) => binding.uuid === userid)!.userId;
      expect(await inDepartment(String(member('lisi').department[0]))).toEqual(
        expect.arrayContaining([userOf('lisi'), userOf('zhaoliu')]),
      );

      // 4. The Departments page of the same UI: the synced tree, unfolded, and all users with their departments.
      await page.goto(appUrl(`${shell.prefix}${DEPARTMENTS_PAGE}`));
      const tree = page.locator('.ant-tree').first();
      await tree.waitFor({ timeout: 90_000 }).catch(fail);
      await tree.getByText(CORP.departments.find((item) => item.parentid === 0)!.name, { exact: true }).first().waitFor({ timeout: 30_000 });
      for (let round = 0; round < 10; round += 1) {
        const folded = tree.locator('.ant-tree-switcher_close');
        if ((await folded.count()) === 0) break;
        await folded.first().click();
        await page.waitForTimeout(300);
      }
      for (const department of ['Sales', 'R&D', 'Platform']) await tree.getByText(department, { exact: true }).first().waitFor({ timeout: 30_000 });
      await page.getByText('All users', { exact: true }).first().click();
      const list = page.locator('.ant-table-wrapper').last();
      for (const { name: memberName } of ACTIVE) {
        await list.locator('.ant-table-row').filter({ hasText: memberName }).first().waitFor({ timeout: 30_000 }).catch(fail);
      }
      // lisi's row names their WeCom department.
      const lisiRow = list.locator('.ant-table-row').filter({ hasText: member('lisi').name }).first();
      expect(await lisiRow.innerText()).toContain(CORP.departments.find((item) => item.id === member('lisi').department[0])!.name);
      await page.mouse.move(0, 0);
      await page.screenshot({ path: screenshotPath(`directory-sync-users-${shell.name}.png`) });
      await page.close();
    }, TEST_MS);
  }
});
