import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import Transport from 'winston-transport';
import { Browser } from './helpers/browser';
import { createAuthenticator, ORIGIN, SECRET, startHarness, testSeed, type Harness } from './helpers/harness';

type Agent = ReturnType<Harness['app']['agent']>;
type Winston = { add(transport: Transport): unknown; remove(transport: Transport): unknown };

const FROM_PAGE = '/admin/settings?tab=1';

/** Where a link flow sent the browser back: the page it started from, its `wecom_link` result, and no hand-off. */
function landing(location: string) {
  const url = new URL(location, ORIGIN);
  return { page: `${url.pathname}`, result: url.searchParams.get('wecom_link'), handOff: url.searchParams.get('wecom_handoff'), url };
}

describe('linking WeCom from the profile (ACL on)', () => {
  let h: Harness;
  let admin: Agent;
  let rootId: string;
  const logged: string[] = [];
  const capture = new (class extends Transport {
    log(info: unknown, callback: () => void) {
      logged.push(JSON.stringify(info));
      callback();
    }
  })({ level: 'trace' });
  const loggers = () => [h.app.log, h.app.requestLogger] as unknown as Winston[];

  const users = () => h.app.db.getRepository('users');
  const bindings = () => h.app.db.getRepository('usersAuthenticators');
  const bindingOf = async (userId: number) => {
    const row = await bindings().findOne({ filter: { authenticator: 'wecom', userId } });
    return row ? { uuid: row.get('uuid'), nickname: row.get('nickname') } : undefined;
  };
  const allBindings = async () =>
    (await bindings().find({ filter: { authenticator: 'wecom' }, sort: ['userId'] })).map((row: { get(name: string): unknown }) => `${row.get('userId')}=${row.get('uuid')}`);

  let seq = 0;
  async function newUser(nickname: string) {
    seq += 1;
    return users().create({ values: { nickname, username: `user${seq}`, email: `user${seq}@example.com`, roles: ['member'] } });
  }

  /** A browser (PC unless `inWeCom`) signed in to NocoBase as `user` with its token, as the UI is. */
  async function signedIn(user: { id: unknown }, inWeCom = false) {
    const browser = inWeCom ? Browser.inWeCom(h.app, h.emulator) : new Browser(h.app, h.emulator);
    await (browser.agent as unknown as Agent).login(user as never, 'member');
    return browser;
  }

  const startLink = (browser: Browser, authenticator = 'wecom', redirect: string = FROM_PAGE) =>
    browser.agent.post('/wecom:getLinkUrl').set('User-Agent', browser.userAgent).send({ authenticator, redirect });

  /** Starts a link in `browser` and walks WeCom's page as `userid`; returns the callback path, not yet visited. */
  async function linkUpTo(browser: Browser, userid: string) {
    const started = await startLink(browser);
    expect(started.status).toBe(200);
    return browser.passWeCom(started.body.data.url, { userid });
  }

  async function link(browser: Browser, userid: string) {
    const response = await browser.callback(await linkUpTo(browser, userid));
    expect(response.status).toBe(302);
    return landing(response.headers.location);
  }

  beforeAll(async () => {
    h = await startHarness({ acl: true });
    await createAuthenticator(h);
    await createAuthenticator(h, { name: 'other' });
    const root = await users().findOne({ filter: { email: process.env.INIT_ROOT_EMAIL ?? 'admin@nocobase.com' } });
    rootId = String(root.id);
    admin = await h.app.agent().login(root, 'root');
    for (const logger of loggers()) logger.add(capture);
  });

  afterEach(() => {
    h.emulator.setSeed(testSeed(), { keepSessions: true });
  });

  afterAll(async () => {
    for (const logger of h ? loggers() : []) logger.remove(capture);
    await h?.close();
  });

  it('links the signed-in user on a PC; afterwards a PC sign-in as that member signs in that user', async () => {
    const alice = await newUser('Alice');
    const browser = await signedIn(alice);
    const result = await link(browser, 'zhangsan');
    expect(result).toMatchObject({ page: '/admin/settings', result: 'linked', handOff: null });
    expect(result.url.searchParams.get('tab')).toBe('1');
    expect(await bindingOf(alice.id)).toEqual({ uuid: 'zhangsan', nickname: '张三' });

    const mine = await browser.agent.get('/wecom:myBinding');
    expect(mine.status).toBe(200);
    expect(mine.body.data).toContainEqual(expect.objectContaining({ authenticator: 'wecom', linked: true, memberId: 'zhangsan', memberName: '张三' }));
    expect(mine.body.data).toContainEqual(expect.objectContaining({ authenticator: 'other', linked: false }));

    const usersBefore = await users().count();
    const outcome = await new Browser(h.app, h.emulator).signIn('wecom', { userid: 'zhangsan' });
    expect(outcome.token).toBeTruthy();
    const signedInAs = await new Browser(h.app, h.emulator).currentUser(outcome.token!);
    expect(signedInAs.id).toBe(alice.id);
    expect(await users().count()).toBe(usersBefore);
  });

  it('links inside the WeCom app with the silent in-client OAuth', async () => {
    const bob = await newUser('Bob');
    const browser = await signedIn(bob, true);
    const started = await startLink(browser);
    const url = new URL(started.body.data.url);
    expect(url.searchParams.get('scope')).toBe('snsapi_base');
    const response = await browser.callback(await browser.passWeCom(started.body.data.url, { userid: 'lisi' }));
    expect(landing(response.headers.location)).toMatchObject({ result: 'linked', handOff: null });
    expect(await bindingOf(bob.id)).toEqual({ uuid: 'lisi', nickname: '李四' });
  });

  it('refuses a member already bound to someone else (however its userid is cased), and changes nothing', async () => {
    const carol = await newUser('Carol');
    const dave = await newUser('Dave');
    await bindings().create({ values: { authenticator: 'wecom', userId: carol.id, uuid: 'WangWu', nickname: '王五' } });
    const before = await allBindings();
    const result = await link(await signedIn(dave), 'wangwu');
    expect(result).toMatchObject({ result: 'member-taken', handOff: null });
    expect(await allBindings()).toEqual(before);
    expect(await bindingOf(dave.id)).toBeUndefined();
  });

  it('refuses a user already linked to another member, and changes nothing', async () => {
    const erin = await newUser('Erin');
    const browser = await signedIn(erin);
    expect((await link(browser, 'zhouba')).result).toBe('linked');
    const result = await link(browser, 'sunqi');
    expect(result.result).toBe('user-linked');
    expect(await bindingOf(erin.id)).toEqual({ uuid: 'zhouba', nickname: '周八' });
    expect(await bindings().count({ filter: { uuid: 'sunqi' } })).toBe(0);
  });

  it('refuses a disabled member', async () => {
    const frank = await newUser('Frank');
    const browser = await signedIn(frank);
    const path = await linkUpTo(browser, 'zhouba');
    const seed = testSeed();
    seed.corps[0].members!.find((m) => m.userid === 'zhouba')!.status = 2 as never;
    h.emulator.setSeed(seed, { keepSessions: true });
    const response = await browser.callback(path);
    expect(landing(response.headers.location).result).toBe('member-disabled');
    expect(await bindingOf(frank.id)).toBeUndefined();
  });

  describe('attacks', () => {
    it('a link state replayed does not link again', async () => {
      const grace = await newUser('Grace');
      const browser = await signedIn(grace);
      const path = await linkUpTo(browser, 'wujiu');
      expect(landing((await browser.callback(path)).headers.location).result).toBe('linked');
      expect((await browser.agent.post('/wecom:unlink').send({ authenticator: 'wecom' })).body.data).toEqual({ unlinked: true });

      const replayed = await browser.callback(path);
      const url = new URL(replayed.headers.location, ORIGIN);
      expect(url.pathname).toBe('/signin');
      expect(url.searchParams.get('error')).toBe('This sign-in request was already used. Please start the sign-in again.');
      expect(await bindingOf(grace.id)).toBeUndefined();
    });

    it("a link state completed in another browser (someone else's, signed in or not) links nobody", async () => {
      const heidi = await newUser('Heidi');
      const victim = await newUser('Victim');
      // Heidi starts a link and gets the victim's browser to come back with the victim's WeCom member.
      const path = await linkUpTo(await signedIn(heidi), 'zhengshi');
      for (const other of [await signedIn(victim), new Browser(h.app, h.emulator)]) {
        const response = await other.callback(path);
        const url = new URL(response.headers.location, ORIGIN);
        expect(url.pathname).toBe('/signin');
        expect(url.searchParams.get('wecom_handoff')).toBeNull();
      }
      expect(await bindingOf(heidi.id)).toBeUndefined();
      expect(await bindingOf(victim.id)).toBeUndefined();
      expect(await bindings().count({ filter: { uuid: 'zhengshi' } })).toBe(0);
    });

    it('a link flow never signs in, even for a member who is bound already', async () => {
      const ivan = await newUser('Ivan');
      // zhangsan is Alice's (first test): Ivan's link is refused, and he is not signed in as Alice.
      const browser = await signedIn(ivan);
      const response = await browser.callback(await linkUpTo(browser, 'zhangsan'));
      const result = landing(response.headers.location);
      expect(result).toMatchObject({ result: 'member-taken', handOff: null });
      expect(String(response.headers['set-cookie'] ?? '')).not.toMatch(/token/i);
      expect(JSON.stringify(response.body ?? {})).not.toMatch(/token/i);
    });

    it('a sign-in state does not link the signed-in user: it signs in (or up) the member as usual', async () => {
      const judy = await newUser('Judy');
      const browser = await signedIn(judy, true);
      const outcome = await browser.signIn('wecom', { userid: 'chen' });
      expect(outcome.token).toBeTruthy();
      expect(await bindingOf(judy.id)).toBeUndefined();
      const signedInAs = await browser.currentUser(outcome.token!);
      expect(signedInAs.id).not.toBe(judy.id);
    });

    it('starting a link, unlinking and reading the binding need a signed-in user', async () => {
      const anonymous = h.app.agent();
      expect([401, 403]).toContain((await anonymous.post('/wecom:getLinkUrl').send({ authenticator: 'wecom' })).status);
      expect([401, 403]).toContain((await anonymous.post('/wecom:unlink').send({ authenticator: 'wecom' })).status);
      expect([401, 403]).toContain((await anonymous.get('/wecom:myBinding')).status);
    });

    it('a link for an unknown or non-WeCom authenticator is refused with a translated 400', async () => {
      const browser = await signedIn(await newUser('Ken'));
      const response = await startLink(browser, 'basic');
      expect(response.status).toBe(400);
      expect(response.text).toContain('The WeCom sign-in method "basic" is not available.');
    });
  });

  describe('unlinking', () => {
    it("removes the caller's own binding only", async () => {
      const leo = await newUser('Leo');
      const mia = await newUser('Mia');
      const leoBrowser = await signedIn(leo);
      expect((await link(leoBrowser, 'qian')).result).toBe('linked');
      await bindings().create({ values: { authenticator: 'wecom', userId: mia.id, uuid: 'someone-else', nickname: 'X' } });

      const response = await leoBrowser.agent.post('/wecom:unlink').send({ authenticator: 'wecom' });
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({ unlinked: true });
      expect(await bindingOf(leo.id)).toBeUndefined();
      expect(await bindingOf(mia.id)).toEqual({ uuid: 'someone-else', nickname: 'X' });
      expect((await leoBrowser.agent.post('/wecom:unlink').send({ authenticator: 'wecom' })).body.data).toEqual({ unlinked: false });
      expect((await leoBrowser.agent.post('/wecom:unlink').send({ authenticator: 'basic' })).status).toBe(404);
    });

    it('an admin who manages users lists and removes any binding; a member gets 403', async () => {
      const nina = await newUser('Nina');
      await bindings().create({ values: { authenticator: 'wecom', userId: nina.id, uuid: 'nina-member', nickname: '妮娜' } });
      const member = await h.app.agent().login(await newUser('Oscar'), 'member');
      expect((await member.get('/wecom:listBindings')).status).toBe(403);
      expect((await member.post('/wecom:unlinkUser').send({ authenticator: 'wecom', userId: nina.id })).status).toBe(403);
      expect(await bindingOf(nina.id)).toBeDefined();

      const list = await admin.get('/wecom:listBindings?pageSize=100');
      expect(list.status).toBe(200);
      expect(list.body.meta).toMatchObject({ page: 1, pageSize: 100 });
      expect(list.body.data).toContainEqual(
        expect.objectContaining({ authenticator: 'wecom', userId: String(nina.id), memberId: 'nina-member', memberName: '妮娜', nickname: 'Nina' }),
      );
      const removed = await admin.post('/wecom:unlinkUser').send({ authenticator: 'wecom', userId: nina.id });
      expect(removed.status).toBe(200);
      expect(removed.body.data).toEqual({ unlinked: true });
      expect(await bindingOf(nina.id)).toBeUndefined();
    });
  });

  it('logs each link and unlink with the member, the user and who did it, and no secret', async () => {
    const paul = await newUser('Paul');
    const browser = await signedIn(paul);
    await link(browser, 'sunqi');
    await admin.post('/wecom:unlinkUser').send({ authenticator: 'wecom', userId: paul.id });
    const lines = logged.join('\n');
    const linked = logged.find((line) => line.includes('WeCom linked') && line.includes('"userid":"sunqi"'));
    expect(linked).toBeDefined();
    expect(JSON.parse(linked!)).toMatchObject({ userId: String(paul.id), by: String(paul.id), authenticator: 'wecom' });
    const unlinked = logged.find((line) => line.includes('WeCom unlinked') && line.includes('"userid":"sunqi"'));
    expect(unlinked).toBeDefined();
    expect(JSON.parse(unlinked!)).toMatchObject({ userId: String(paul.id), by: rootId });
    expect(logged.some((line) => line.includes('WeCom link refused') && line.includes('member-taken'))).toBe(true);
    expect(lines).not.toContain(SECRET);
    expect(lines).not.toMatch(/access_token=/);
  });
});
