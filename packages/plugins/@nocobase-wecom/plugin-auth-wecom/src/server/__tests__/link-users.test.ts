import type { Model } from '@nocobase/database';
import type { Seed } from '@nocobase-wecom/wecom-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLinkUsersClock } from '../link-users/clock';
import { loadRun, saveRun, STALE_AFTER_MS } from '../link-users/state';
import { Browser } from './helpers/browser';
import { createAuthenticator, recordRequestLog, SECRET, startHarness, testSeed, type Harness } from './helpers/harness';

type Agent = Awaited<ReturnType<ReturnType<Harness['app']['agent']>['login']>>;

const LOOKUP = '/cgi-bin/user/getuserid';
const BY_EMAIL = '/cgi-bin/user/get_userid_by_email';

/** The test corp with `members` instead of its own, every one of them visible to the apps. */
function seed(members: Array<{ userid: string; mobile?: string; email?: string }>): Seed {
  const base = testSeed();
  const [corp] = base.corps;
  corp.members = members.map((member) => ({ name: member.userid, status: 1, department: [1], ...member })) as typeof corp.members;
  for (const app of corp.apps ?? []) app.visibleUserIds = 'all';
  return base;
}

async function boot(members: Parameters<typeof seed>[0]) {
  const h = await startHarness({ acl: true, plugins: ['async-task-manager'], seed: seed(members) });
  await createAuthenticator(h);
  const users = h.app.db.getRepository('users');
  const root = await users.findOne({ filter: { email: process.env.INIT_ROOT_EMAIL ?? 'admin@nocobase.com' } });
  const admin = await h.app.agent().login(root, 'root');
  // The run's budget day follows the emulator's clock, which the tests move on.
  setLinkUsersClock({ now: () => h.emulator.now().getTime() });
  return { h, admin, root };
}

async function createUser(h: Harness, values: Record<string, unknown>): Promise<number> {
  const user = await h.app.db.getRepository('users').create({ values: { roles: ['member'], ...values } });
  return Number(user.get('id'));
}

async function status(admin: Agent) {
  const response = await admin.get('/wecom:linkUsersStatus?authenticator=wecom');
  expect(response.status).toBe(200);
  return response.body.data;
}

async function waitUntilSettled(admin: Agent) {
  for (let i = 0; i < 400; i++) {
    const body = await status(admin);
    if (body.status !== 'running') return body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the link run did not end');
}

async function run(admin: Agent, values: Record<string, unknown>) {
  const response = await admin.post('/wecom:linkUsers').send({ authenticator: 'wecom', seats: 200, ...values });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return waitUntilSettled(admin);
}

/** userId → uuid of the bindings to `wecom`. */
async function bindings(h: Harness): Promise<Record<number, string>> {
  const rows: Model[] = await h.app.db.getRepository('usersAuthenticators').find({ filter: { authenticator: 'wecom' } });
  return Object.fromEntries(rows.map((row) => [Number(row.get('userId')), String(row.get('uuid'))]));
}

function lookups(h: Harness) {
  return [...h.emulator.calls(LOOKUP), ...h.emulator.calls(BY_EMAIL)];
}

describe('link existing users', () => {
  let h: Harness;
  let admin: Agent;
  let logged: string[];
  const id: Record<string, number> = {};

  beforeAll(async () => {
    const booted = await boot([
      { userid: 'zhangsan', mobile: '13800000001' },
      { userid: 'lisi', mobile: '13800000002', email: 'lisi@example.com' },
      { userid: 'wangwu', mobile: '13800000003' },
      { userid: 'zhaoliu', mobile: '13800000004' },
      { userid: 'anquan', mobile: '13800000050' },
      { userid: 'boss', mobile: '13800000099' },
    ]);
    ({ h, admin } = booted);
    logged = recordRequestLog(h.app);
    await h.app.db.getRepository('users').update({ filterByTk: booted.root.get('id') as number, values: { phone: '13800000099' } });
    id.root = Number(booted.root.get('id'));
    id.byPhone = await createUser(h, { nickname: 'By phone', phone: '+86 138-0000-0001' });
    id.byEmail = await createUser(h, { nickname: 'By email', phone: '13900000000', email: 'LiSi@example.com' });
    id.twinA = await createUser(h, { nickname: 'Twin A', phone: '13800000003' });
    id.twinB = await createUser(h, { nickname: 'Twin B', phone: '138 0000 0003' });
    id.taken = await createUser(h, { nickname: 'Taken', phone: '13800000004' });
    id.owner = await createUser(h, { nickname: 'Owner' });
    id.nobody = await createUser(h, { nickname: 'Nobody', phone: '13811111111' });
    id.malformed = await createUser(h, { nickname: 'Malformed', phone: 'call me' });
    id.admin = await createUser(h, { nickname: 'Admin', phone: '13800000050', roles: ['admin'] });
    // Another user holds zhaoliu already, in another case: WeCom userids are case-insensitive.
    await h.app.db.getRepository('usersAuthenticators').create({ values: { authenticator: 'wecom', userId: id.owner, uuid: 'ZhaoLiu', nickname: 'Owner' } });
  }, 120_000);

  afterAll(async () => {
    setLinkUsersClock(undefined);
    await h?.close();
  });

  const expectedAfterFirstRun = () => ({ [id.byPhone]: 'zhangsan', [id.byEmail]: 'lisi', [id.owner]: 'ZhaoLiu' });

  it('links by phone, then email, and reports every other user', async () => {
    h.emulator.clearCalls();
    const result = await run(admin, {});
    expect(result).toMatchObject({
      status: 'done',
      report: { linked: 2, notFound: 1, ambiguous: 2, boundElsewhere: 1, skippedAdmin: 2, skippedInvalid: 1, handled: 9, total: 9 },
    });
    expect(result.reportText).toContain('Linked 2, not found 1, ambiguous 2');
    expect(await bindings(h)).toEqual(expectedAfterFirstRun());
    // One lookup per distinct phone (the twins share one); email only after the phone found no one.
    expect(h.emulator.calls(LOOKUP).map((call) => call.body)).toEqual(
      ['13800000001', '13900000000', '13800000003', '13800000004', '13811111111'].map((mobile) => ({ mobile })),
    );
    expect(h.emulator.calls(BY_EMAIL).map((call) => call.body)).toEqual([{ email: 'lisi@example.com', email_type: 2 }]);
  });

  it('links administrators only when asked, and root never', async () => {
    const result = await run(admin, { includeAdmins: true });
    expect(result.report).toMatchObject({ linked: 1, skippedAdmin: 1, ambiguous: 2, boundElsewhere: 1, notFound: 1, skippedInvalid: 1 });
    expect(await bindings(h)).toEqual({ ...expectedAfterFirstRun(), [id.admin]: 'anquan' });
    expect((await bindings(h))[id.root]).toBeUndefined();
  });

  it('a linked user signs in on a PC with one WeCom call after the token', async () => {
    h.emulator.clearCalls();
    const outcome = await new Browser(h.app, h.emulator).signIn('wecom', { userid: 'zhangsan' });
    expect(outcome.token).toBeTruthy();
    const user = await new Browser(h.app, h.emulator).currentUser(outcome.token!);
    expect(user.id).toBe(id.byPhone);
    const apiCalls = h.emulator.calls().filter((call) => call.path.startsWith('/cgi-bin/') && call.path !== '/cgi-bin/gettoken');
    expect(apiCalls.map((call) => call.path)).toEqual(['/cgi-bin/auth/getuserinfo']);
  });

  it('stopped and resumed, a run ends as an uninterrupted one did', async () => {
    const uninterrupted = await bindings(h);
    // Take back this run's links, then do it again slowly, stopping half-way.
    const repo = h.app.db.getRepository('usersAuthenticators');
    await repo.destroy({ filter: { authenticator: 'wecom', userId: [id.byPhone, id.byEmail, id.admin] } });
    h.emulator.clearCalls();
    // Slow enough that the state, saved about once a second, shows a few users handled well before the end.
    h.emulator.fault({ path: LOOKUP, delayMs: 600, times: 10 });
    expect((await admin.post('/wecom:linkUsers').send({ authenticator: 'wecom', seats: 200, includeAdmins: true })).status).toBe(200);
    for (let i = 0; i < 400 && (await status(admin)).report.handled < 3; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await admin.post('/wecom:stopLinkUsers').send({ authenticator: 'wecom' })).status).toBe(200);
    const stopped = await waitUntilSettled(admin);
    expect(stopped.status).toBe('stopped');
    expect(stopped.report.handled).toBeLessThan(stopped.report.total);
    expect(stopped.canResume).toBe(true);

    const resumed = await run(admin, { includeAdmins: true, resume: true });
    h.emulator.clearFaults();
    expect(resumed).toMatchObject({ status: 'done', report: { linked: 3, notFound: 1, ambiguous: 2, boundElsewhere: 1, skippedAdmin: 1, skippedInvalid: 1 } });
    expect(await bindings(h)).toEqual(uninterrupted);
    // Nothing asked twice: 6 mobiles (the twins share one) and one email, as in one go.
    expect(lookups(h)).toHaveLength(7);
  });

  it('a run whose node died before its last links were saved reads them back from the bindings', async () => {
    const uninterrupted = await bindings(h);
    const repo = h.app.db.getRepository('usersAuthenticators');
    await repo.destroy({ filter: { authenticator: 'wecom', userId: [id.byPhone, id.byEmail, id.admin] } });
    // A link an earlier run made is not this run's.
    const earlier = await createUser(h, { nickname: 'Linked earlier' });
    await repo.create({ values: { authenticator: 'wecom', userId: earlier, uuid: 'boss', nickname: 'Linked earlier', meta: { linkedBy: 'email' } } });
    expect(await run(admin, { includeAdmins: true })).toMatchObject({ status: 'done', report: { linked: 3, ambiguous: 2 } });
    // The state as the node left it: the three links and Twin A's link to wangwu written, none of it saved yet,
    // Twin B not reached (so wangwu is not known to be ambiguous), and the node silent since.
    const state = (await loadRun(h.app, 'wecom'))!;
    for (const userId of [id.byPhone, id.byEmail, id.admin, id.twinA, id.twinB]) delete state.outcomes[String(userId)];
    Object.assign(state, { linkedBy: {}, ambiguous: {}, status: 'running', heartbeat: Date.now() - STALE_AFTER_MS - 1 });
    await saveRun(h.app, 'wecom', state);
    await repo.create({ values: { authenticator: 'wecom', userId: id.twinA, uuid: 'wangwu', nickname: 'Twin A', meta: { linkedBy: 'mobile' } } });
    h.emulator.clearCalls();

    const resumed = await run(admin, { includeAdmins: true, resume: true });
    expect(resumed).toMatchObject({ status: 'done', report: { linked: 3, notFound: 1, ambiguous: 2, boundElsewhere: 1, skippedAdmin: 1, skippedInvalid: 1 } });
    // Twin B found wangwu linked by this run: Twin A's link was taken back, as in one go.
    expect(await bindings(h)).toEqual({ ...uninterrupted, [earlier]: 'boss' });
    expect(lookups(h)).toHaveLength(0);
    await repo.destroy({ filter: { authenticator: 'wecom', userId: earlier } });
  });

  it('is for administrators only', async () => {
    const someone = await h.app.db.getRepository('users').create({ values: { nickname: 'Member', roles: ['member'] } });
    const member = await h.app.agent().login(someone, 'member');
    expect((await member.post('/wecom:linkUsers').send({ authenticator: 'wecom', seats: 200 })).status).toBe(403);
    expect((await member.get('/wecom:linkUsersStatus?authenticator=wecom')).status).toBe(403);
    expect((await member.post('/wecom:stopLinkUsers').send({ authenticator: 'wecom' })).status).toBe(403);
    expect([401, 403]).toContain((await h.app.agent().post('/wecom:linkUsers').send({ authenticator: 'wecom', seats: 200 })).status);
  });

  it('refuses a bad seat count and a resume with nothing to resume, in words', async () => {
    const bad = await admin.post('/wecom:linkUsers').set('X-Locale', 'zh-CN').send({ authenticator: 'wecom', seats: 0 });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('企业微信');
    const resume = await admin.post('/wecom:linkUsers').send({ authenticator: 'wecom', seats: 200, resume: true });
    expect(resume.status).toBe(409);
  });

  it('keeps the WeCom Secret out of the task results and the request log', async () => {
    const tasks: Model[] = await h.app.db.getRepository('asyncTasks').find({ filter: { type: 'wecom-link-users' } });
    expect(tasks.length).toBeGreaterThan(0);
    const results = JSON.stringify(tasks.map((task) => task.toJSON()));
    expect(results).toContain('Linked');
    expect(results).not.toContain(SECRET);
    expect(logged.some((line) => line.includes('linkUsers'))).toBe(true);
    expect(logged.join('\n')).not.toContain(SECRET);
    expect(JSON.stringify(await status(admin))).not.toContain(SECRET);
  });
});

describe('link existing users within the lookup budget', () => {
  let h: Harness;
  let admin: Agent;

  beforeAll(async () => {
    ({ h, admin } = await boot([{ userid: 'zhangsan', mobile: '13800000001' }]));
    // 20 seats: WeCom blocks after 4 failed lookups in a day; the run allows itself 3.
    h.emulator.configure({ corpSeatLimit: 20 });
    for (const phone of ['13811110001', '13811110002', '13811110003']) await createUser(h, { phone });
    await createUser(h, { phone: '13800000001' });
    for (const phone of ['13811110004', '13811110005']) await createUser(h, { phone });
  }, 120_000);

  afterAll(async () => {
    setLinkUsersClock(undefined);
    await h?.close();
  });

  it('pauses before WeCom would block the lookups, and finishes the next day', async () => {
    h.emulator.clearCalls();
    const paused = await run(admin, { seats: 20 });
    // Root (by its email) is skipped without a lookup; three failures, then the run stops short of a fourth.
    expect(paused).toMatchObject({ status: 'paused', canResume: true, report: { skippedAdmin: 1, notFound: 3, linked: 0, handled: 4, total: 7 } });
    const midnight = new Date(h.emulator.now().getTime() + 8 * 3600_000);
    midnight.setUTCHours(24, 0, 0, 0);
    expect(Date.parse(paused.resumeAt)).toBe(midnight.getTime() - 8 * 3600_000);
    expect(paused.message).toContain('(China time)');
    expect(h.emulator.calls(LOOKUP).map((call) => call.errcode)).toEqual([46004, 46004, 46004]);

    // The same day, a resume looks nothing up.
    const sameDay = await run(admin, { seats: 20, resume: true });
    expect(sameDay.status).toBe('paused');
    expect(h.emulator.calls(LOOKUP)).toHaveLength(3);

    h.emulator.advanceClock(24 * 3600);
    const done = await run(admin, { seats: 20, resume: true });
    expect(done).toMatchObject({ status: 'done', report: { notFound: 5, linked: 1, handled: 7, total: 7 } });
    expect(h.emulator.calls(LOOKUP).map((call) => call.errcode)).not.toContain(45009);
    expect(Object.values(await bindings(h))).toEqual(['zhangsan']);
  });
});

describe('link existing users in a corp of 200 members', () => {
  let h: Harness;
  let admin: Agent;
  const expected: Record<number, string> = {};
  const phone = (i: number) => `139${String(i).padStart(8, '0')}`;
  const userid = (i: number) => `m${String(i).padStart(3, '0')}`;

  beforeAll(async () => {
    // m000–m149 by phone, m150–m159 by email only, m160–m163 shared by two users each, m164–m168 bound elsewhere.
    const members = Array.from({ length: 200 }, (_, i) => ({ userid: userid(i), mobile: phone(i), ...(i >= 150 && i < 160 ? { email: `${userid(i)}@corp.example` } : {}) }));
    ({ h, admin } = await boot(members));
    // 100 seats: WeCom blocks after 20 failed lookups in a day; the run allows itself 19.
    h.emulator.configure({ corpSeatLimit: 100 });
    let unknown = 0;
    for (let i = 0; i < 150; i++) {
      expected[await createUser(h, { nickname: `By phone ${i}`, phone: phone(i) })] = userid(i);
      // Unknown phones among them, so the budget runs out part-way through.
      if (i % 5 === 4) await createUser(h, { nickname: `Stranger ${unknown}`, phone: `137${String(unknown++).padStart(8, '0')}` });
    }
    for (let i = 150; i < 160; i++) expected[await createUser(h, { nickname: `By email ${i}`, email: `${userid(i).toUpperCase()}@corp.example` })] = userid(i);
    // NocoBase's phones are unique as typed: the twins write the same number two ways.
    for (let i = 160; i < 164; i++) {
      await createUser(h, { nickname: `Twin A ${i}`, phone: phone(i) });
      await createUser(h, { nickname: `Twin B ${i}`, phone: `+86 ${phone(i).replace(/^(\d{3})(\d{4})(\d{4})$/, '$1-$2-$3')}` });
    }
    const repo = h.app.db.getRepository('usersAuthenticators');
    for (let i = 164; i < 169; i++) {
      const owner = await createUser(h, { nickname: `Owner ${i}` });
      await repo.create({ values: { authenticator: 'wecom', userId: owner, uuid: userid(i), nickname: `Owner ${i}` } });
      expected[owner] = userid(i);
      await createUser(h, { nickname: `Late ${i}`, phone: phone(i) });
    }
  }, 300_000);

  afterAll(async () => {
    setLinkUsersClock(undefined);
    await h?.close();
  });

  it('pauses when the day\'s failed lookups would reach WeCom\'s limit, and ends the next day with the full report', async () => {
    h.emulator.clearCalls();
    const paused = await run(admin, { seats: 100 });
    expect(paused).toMatchObject({ status: 'paused', canResume: true, report: { notFound: 19 } });
    expect(paused.report.linked).toBeGreaterThan(50);
    expect(paused.report.handled).toBeLessThan(paused.report.total);

    h.emulator.advanceClock(24 * 3600);
    const done = await run(admin, { seats: 100, resume: true });
    // Root is skipped (an administrator); 30 unknown phones, 8 twins, 5 members held by other users.
    expect(done).toMatchObject({
      status: 'done',
      report: { linked: 160, notFound: 30, ambiguous: 8, boundElsewhere: 5, skippedAdmin: 1, skippedInvalid: 0 },
    });
    expect(done.report.handled).toBe(done.report.total);
    expect(await bindings(h)).toEqual(expected);
    // Each phone and email asked once over both days (a day later the first call meets an expired token, 42001,
    // and is asked again with a new one), and WeCom never had to refuse a lookup for the budget (45009).
    const asked = lookups(h).filter((call) => call.errcode !== 42001);
    expect(asked).toHaveLength(150 + 30 + 4 + 5 + 10);
    expect(new Set(asked.map((call) => JSON.stringify(call.body))).size).toBe(asked.length);
    expect(new Set(asked.map((call) => call.errcode))).toEqual(new Set([0, 46004]));
  }, 120_000);
});
