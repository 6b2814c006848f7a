import type { Model } from '@nocobase/database';
import type { MockServer } from '@nocobase/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from './helpers/browser';
import { CONTACTS_SECRET, createSyncSource, directorySeed, directoryState, runSync, setSourceOptions, SOURCE } from './helpers/directory';
import { createAuthenticator, startHarness, type Harness } from './helpers/harness';

type Agent = ReturnType<MockServer['agent']>;

describe('the wecom directory sync source', () => {
  let h: Harness;
  let admin: Agent;
  const userIds: Record<string, number> = {};

  const users = () => h.app.db.getRepository('users');
  const bindingOf = async (userid: string) => h.app.db.getRepository('usersAuthenticators').findOne({ filter: { authenticator: 'wecom', uuid: userid } });
  const userOf = async (userid: string) => {
    const binding = await bindingOf(userid);
    return binding ? users().findOne({ filterByTk: binding.get('userId') as number, appends: ['departments'] }) : null;
  };
  const department = (title: string) => h.app.db.getRepository('departments').findOne({ filter: { title } });

  beforeAll(async () => {
    h = await startHarness({ plugins: ['error-handler', 'user-data-sync', 'departments'], seed: directorySeed() });
    const root = await users().findOne({ filter: { email: process.env.INIT_ROOT_EMAIL ?? 'admin@nocobase.com' } });
    await users().update({ filterByTk: root!.get('id') as number, values: { phone: '13800000099' } });
    admin = await h.app.agent().login(root, 'root');
    userIds.root = root!.get('id') as number;
    userIds.chen = (await users().create({ values: { username: 'chen-existing', nickname: 'Chen', phone: '+86 138 0000 0009' } })).get('id') as number;
    await users().create({ values: { username: 'qian-a', phone: '13800000010' } });
    await users().create({ values: { username: 'qian-b', phone: '+86 13800000010' } });
    await createAuthenticator(h);
    await createSyncSource(h);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('is listed as a source type', async () => {
    const response = await admin.get('/userData:listSyncTypes');
    expect(response.status).toBe(200);
    expect(JSON.stringify(response.body.data)).toContain('"wecom"');
  });

  it('a first sync mirrors the departments, creates, matches and binds members, and refuses ties and root', async () => {
    h.emulator.clearCalls();
    const task = await runSync(h, admin);
    expect(task.status).toBe('success');
    expect(task.message).toMatch(/Created 3, matched 1, updated 0, unchanged 0, bound 4, refused 2/);

    // Departments three levels deep below the root, with their parents.
    const platform = await department('Platform');
    const backend = await department('Backend');
    const rnd = await department('R&D');
    const corp = await department('Test Corp');
    expect(platform?.get('parentId')).toBe(backend?.get('id'));
    expect(backend?.get('parentId')).toBe(rnd?.get('id'));
    expect(rnd?.get('parentId')).toBe(corp?.get('id'));

    // zhangsan: two departments, leads Backend, Backend is the main one.
    const zhangsan = await userOf('zhangsan');
    expect(zhangsan?.get('nickname')).toBe('张三');
    expect(zhangsan?.get('phone')).toBe('13800000001');
    expect(zhangsan?.get('email')).toBe('zhangsan@example.com');
    expect(zhangsan?.get('mainDepartmentId')).toBe(backend?.get('id'));
    const memberships = await h.app.db.getRepository('departmentsUsers').find({ filter: { userId: zhangsan?.get('id') } });
    const byDepartment = Object.fromEntries((memberships as Model[]).map((row) => [row.get('departmentId'), row.get('isOwner')]));
    expect(byDepartment).toEqual({ [backend!.get('id') as number]: true, [(await department('Sales'))!.get('id') as number]: false });

    // wangwu has no mobile in WeCom, and is created all the same.
    expect((await userOf('wangwu'))?.get('phone') ?? null).toBeNull();
    // chen is the existing user with the same phone, written another way.
    expect((await userOf('chen'))?.get('id')).toBe(userIds.chen);
    // A tie on the phone, and the root user's phone: neither is linked or created.
    expect(await bindingOf('qian')).toBeNull();
    expect(await bindingOf('boss')).toBeNull();
    expect(await users().count({ filter: { nickname: '钱' } })).toBe(0);
    // Disabled and departed members are not brought in.
    expect(await bindingOf('zhaoliu')).toBeNull();
    expect(await bindingOf('sunqi')).toBeNull();

    // One department/list and one user/list per department, all with the contact-sync token.
    const reads = h.emulator.calls().filter((call) => call.path.startsWith('/cgi-bin/department/') || call.path.startsWith('/cgi-bin/user/'));
    expect(reads.map((call) => call.path).sort()).toEqual(['/cgi-bin/department/list', ...Array(5).fill('/cgi-bin/user/list')]);
  });

  it('a synced member signs in on a PC at once, with one WeCom call', async () => {
    h.emulator.clearCalls();
    const outcome = await new Browser(h.app, h.emulator).signIn('wecom', { userid: 'lisi' });
    expect(outcome.query.get('error')).toBeNull();
    const me = await new Browser(h.app, h.emulator).currentUser(outcome.token!);
    expect(me.id).toBe((await userOf('lisi'))?.get('id'));
    expect(h.emulator.calls().filter((call) => call.path.startsWith('/cgi-bin/') && call.path !== '/cgi-bin/gettoken').map((call) => call.path)).toEqual([
      '/cgi-bin/auth/getuserinfo',
    ]);
  });

  it('a second run with nothing changed writes nothing', async () => {
    const before = await directoryState(h);
    const task = await runSync(h, admin);
    expect(task.status).toBe('success');
    expect(task.message).toMatch(/Created 0, matched 0, updated 0, unchanged 4, bound 0/);
    expect(await directoryState(h)).toEqual(before);
  });

  it('a sync WeCom breaks off half-way fails, writes nothing, and a re-run ends as a clean run would', async () => {
    h.emulator.setSeed(
      (() => {
        const seed = directorySeed();
        const corp = seed.corps[0];
        corp.members = corp.members!.map((m) => (m.userid === 'wangwu' ? { ...m, name: '王五五' } : m));
        corp.members.push({ userid: 'xiaoming', name: '小明', department: [4] });
        return seed;
      })(),
      { keepSessions: true },
    );
    const before = await directoryState(h);
    h.emulator.fault({ path: '/cgi-bin/user/list', errcode: -1, times: 10 });
    const failed = await runSync(h, admin);
    expect(failed.status).toBe('failed');
    expect(failed.message).toContain('WECOM_SYSTEM_BUSY');
    expect(await directoryState(h)).toEqual(before);
    h.emulator.clearFaults();

    const task = await runSync(h, admin);
    expect(task.status).toBe('success');
    expect(task.message).toMatch(/Created 1, matched 0, updated 1, unchanged 3, bound 1/);
    expect((await userOf('wangwu'))?.get('nickname')).toBe('王五五');
    expect((await userOf('xiaoming'))?.get('nickname')).toBe('小明');
  });

  it('a member who leaves keeps their user and their binding, marked, so sign-in refuses them; back in WeCom, they sign in again; "delete" deletes the user, never root', async () => {
    const lisi = (await userOf('lisi'))!.get('id') as number;
    const seed = directorySeed();
    const corp = seed.corps[0];
    corp.members = corp.members!.filter((m) => m.userid !== 'lisi').map((m) => (m.userid === 'zhangsan' ? { ...m, status: 5 as const } : m));
    corp.members.push({ userid: 'xiaoming', name: '小明', department: [4] }, { userid: 'wangwu', name: '王五五', department: [5] });
    corp.members = corp.members.filter((m, i, all) => all.findIndex((x) => x.userid === m.userid) === i);
    const zhangsan = (await userOf('zhangsan'))!.get('id') as number;
    h.emulator.setSeed(seed, { keepSessions: true });

    const kept = await runSync(h, admin);
    expect(kept.status).toBe('success');
    expect(kept.message).toMatch(/left 2, deleted 0/);
    for (const [userid, id] of [['lisi', lisi], ['zhangsan', zhangsan]] as const) {
      const binding = await bindingOf(userid);
      expect(binding?.get('userId')).toBe(id);
      expect(binding?.get('meta')).toMatchObject({ departed: { reason: 'left' } });
    }
    expect(await users().count({ filter: { id: [lisi, zhangsan] } })).toBe(2);

    // Marked once: a second run finds nothing new.
    const again = await runSync(h, admin);
    expect(again.message).toMatch(/left 0, deleted 0/);

    // Should WeCom still hand out a sign-in for zhangsan (say, the status is stale there), the mark refuses it.
    const active = directorySeed();
    h.emulator.setSeed(active, { keepSessions: true });
    const refused = await new Browser(h.app, h.emulator).signIn('wecom', { userid: 'zhangsan' });
    expect(new URL(refused.location, 'http://x').searchParams.get('error')).toBe(
      'Your WeCom account is no longer a member of the company. Please contact your administrator.',
    );
    // Active again in a sync: the mark goes, and the sign-in works.
    await runSync(h, admin);
    expect((await bindingOf('zhangsan'))?.get('meta')).not.toHaveProperty('departed');
    const back = await new Browser(h.app, h.emulator).signIn('wecom', { userid: 'zhangsan' });
    expect(back.location).toMatch(/^\/admin\?authenticator=wecom&wecom_handoff=/);
    h.emulator.setSeed(seed, { keepSessions: true });
    await runSync(h, admin);

    await setSourceOptions(h, { onLeave: 'delete' });
    const deleted = await runSync(h, admin);
    expect(deleted.status).toBe('success');
    expect(deleted.message).toMatch(/deleted 2/);
    expect(await users().count({ filter: { id: [lisi, zhangsan] } })).toBe(0);
    expect(await users().count({ filter: { id: userIds.root } })).toBe(1);
    const quiet = await runSync(h, admin);
    expect(quiet.message).toMatch(/Created 0, matched 0, updated 0, unchanged \d+, bound 0, refused 2, left 0, deleted 0/);
    await setSourceOptions(h, { onLeave: 'keep' });
  });

  it('reports a WeCom error with its code and the fix for the admin', async () => {
    await setSourceOptions(h, { contactsSecret: 'wrong-secret' });
    const task = await runSync(h, admin);
    expect(task.status).toBe('failed');
    expect(task.message).toMatch(/^WECOM_INVALID_CONTACTS_SECRET: WeCom rejected the contact-sync Secret/);
    expect(task.message).not.toContain('wrong-secret');
    await setSourceOptions(h, { contactsSecret: CONTACTS_SECRET });
  });

  it('sign-ins keep working while a large sync applies its records (SQLite: one connection)', async () => {
    const seed = directorySeed();
    const corp = seed.corps[0];
    corp.members = corp.members!.filter((m) => m.userid === 'chen' || m.userid === 'wangwu');
    for (let i = 0; i < 300; i++) corp.members.push({ userid: `bulk${i}`, name: `批量${i}`, department: [1 + (i % 5)] });
    h.emulator.setSeed(seed, { keepSessions: true });
    const running = runSync(h, admin);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => new Browser(h.app, h.emulator).signIn('wecom', { userid: 'chen' })));
    for (const outcome of outcomes) expect(outcome.query.get('error')).toBeNull();
    const task = await running;
    expect(task.status).toBe('success');
    expect(task.message).toMatch(/Created 300,/);
    expect(await h.app.db.getRepository('usersAuthenticators').count({ filter: { authenticator: 'wecom', uuid: { $like: 'bulk%' } } })).toBe(300);
  });

  it(`"${SOURCE}" is the only source touched`, async () => {
    const sources = await h.app.db.getRepository('userDataSyncRecords').find({ fields: ['sourceName'] });
    expect(new Set((sources as Model[]).map((row) => row.get('sourceName')))).toEqual(new Set([SOURCE]));
  });
});
