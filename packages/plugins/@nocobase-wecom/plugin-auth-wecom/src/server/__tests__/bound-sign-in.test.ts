import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from './helpers/browser';
import { createAuthenticator, ORIGIN, startHarness, testSeed, type Harness } from './helpers/harness';

const TWO_DAYS_MS = 2 * 24 * 60 * 60_000;
const LEFT = 'Your WeCom account is no longer a member of the company. Please contact your administrator.';

/** The seed with one member renamed, keeping codes and tokens already issued. */
function renamed(userid: string, name: string) {
  const seed = testSeed();
  seed.corps[0].members!.find((m) => m.userid === userid)!.name = name;
  return seed;
}

describe('a bound member signs in: profile refresh and departed members', () => {
  let h: Harness;
  const users = () => h.app.db.getRepository('users');
  const bindings = () => h.app.db.getRepository('usersAuthenticators');
  const cgiCalls = () => h.emulator.calls().filter((call) => call.path.startsWith('/cgi-bin/') && call.path !== '/cgi-bin/gettoken').map((call) => call.path);
  const binding = (userid: string) => bindings().findOne({ filter: { authenticator: 'wecom', uuid: userid } });
  /** Sets the bindings' updatedAt, which Sequelize otherwise always sets to now. */
  async function age(authenticator: string, when: Date) {
    const model = h.app.db.getModel('usersAuthenticators');
    const field = (model.rawAttributes.updatedAt as { field?: string }).field ?? 'updatedAt';
    // SQLite keeps dates as text in Sequelize's own format.
    const value = when.toISOString().replace('T', ' ').replace('Z', ' +00:00');
    await h.app.db.sequelize.getQueryInterface().bulkUpdate(model.getTableName() as string, { [field]: value }, { authenticator });
  }

  /** A user bound to `userid` as a sign-in binds them, the binding last written `ageMs` ago. */
  async function bound(userid: string, values: { nickname: string; bindingNickname: string; phone?: string; email?: string }, ageMs = TWO_DAYS_MS) {
    const user = await users().create({ values: { nickname: values.nickname, phone: values.phone, email: values.email } });
    await bindings().create({ values: { authenticator: 'wecom', userId: user.get('id'), uuid: userid, nickname: values.bindingNickname, meta: {} } });
    const old = new Date(Date.now() - ageMs);
    await age('wecom', old);
    expect(new Date((await binding(userid)).get('updatedAt')).getTime()).toBe(old.getTime());
    return user.get('id') as number;
  }

  async function signIn(userid: string) {
    const browser = new Browser(h.app, h.emulator);
    const outcome = await browser.signIn('wecom', { userid });
    return { outcome, me: outcome.token ? await browser.currentUser(outcome.token) : undefined };
  }

  const errorOf = (location: string) => new URL(location, ORIGIN).searchParams.get('error');

  beforeAll(async () => {
    h = await startHarness();
    await createAuthenticator(h);
    await signIn('nobody-warms-the-token').catch(() => undefined);
  });

  afterEach(async () => {
    h.emulator.setSeed(testSeed(), { keepSessions: true });
    await bindings().destroy({ filter: { authenticator: 'wecom' } });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('renames the user from WeCom once a day, while the user has not edited the name, and never touches phone or email', async () => {
    const id = await bound('sunqi', { nickname: '孙七', bindingNickname: '孙七', phone: '13900000000', email: 'sun@example.com' });
    h.emulator.setSeed(renamed('sunqi', '孙七七'), { keepSessions: true });
    h.emulator.clearCalls();
    const { me } = await signIn('sunqi');
    expect(me).toMatchObject({ id, nickname: '孙七七', phone: '13900000000', email: 'sun@example.com' });
    expect(cgiCalls()).toEqual(['/cgi-bin/auth/getuserinfo', '/cgi-bin/user/get']);
    expect((await binding('sunqi')).get('nickname')).toBe('孙七七');

    // Fresh now: the next sign-in makes one WeCom call.
    h.emulator.clearCalls();
    expect((await signIn('sunqi')).me?.id).toBe(id);
    expect(cgiCalls()).toEqual(['/cgi-bin/auth/getuserinfo']);
  });

  it('keeps a nickname the user edited in NocoBase', async () => {
    const id = await bound('zhouba', { nickname: 'Zhou (edited)', bindingNickname: '周八' });
    h.emulator.setSeed(renamed('zhouba', '周八八'), { keepSessions: true });
    const { me } = await signIn('zhouba');
    expect(me).toMatchObject({ id, nickname: 'Zhou (edited)' });
    expect((await binding('zhouba')).get('nickname')).toBe('周八八');
  });

  it('with "update name and avatar" off, a stale binding signs in with one WeCom call and no rename', async () => {
    await createAuthenticator(h, { name: 'norefresh' });
    const row = await h.app.db.getRepository('authenticators').findOne({ filter: { name: 'norefresh' } });
    await h.app.db.getRepository('authenticators').update({ filterByTk: row.get('id'), values: { options: { ...row.get('options'), refreshProfile: false } } });
    const user = await users().create({ values: { nickname: '吴九' } });
    await bindings().create({ values: { authenticator: 'norefresh', userId: user.get('id'), uuid: 'wujiu', nickname: '吴九' } });
    await age('norefresh', new Date(Date.now() - TWO_DAYS_MS));
    h.emulator.setSeed(renamed('wujiu', '吴九九'), { keepSessions: true });
    const browser = new Browser(h.app, h.emulator);
    h.emulator.clearCalls();
    const outcome = await browser.signIn('norefresh', { userid: 'wujiu' });
    expect((await browser.currentUser(outcome.token!, 'norefresh')).nickname).toBe('吴九');
    expect(cgiCalls()).toEqual(['/cgi-bin/auth/getuserinfo']);
  });

  it('a member WeCom no longer knows (user/get 60111) is refused; the binding is kept, marked, and refused again without asking WeCom', async () => {
    const id = await bound('zhengshi', { nickname: '郑十', bindingNickname: '郑十' });
    h.emulator.fault({ path: '/cgi-bin/user/get', errcode: 60111, times: 1 });
    const first = await signIn('zhengshi');
    expect(errorOf(first.outcome.location)).toBe(LEFT);
    expect(first.outcome.token).toBeUndefined();
    const kept = await binding('zhengshi');
    expect(kept.get('userId')).toBe(id);
    expect(kept.get('meta')).toMatchObject({ departed: { reason: 'left' } });

    h.emulator.clearCalls();
    const again = await signIn('zhengshi');
    expect(errorOf(again.outcome.location)).toBe(LEFT);
    expect(cgiCalls()).toEqual(['/cgi-bin/auth/getuserinfo']);
    expect(await users().count({ filter: { id } })).toBe(1);
  });

  it('a refresh WeCom refuses for another reason (60020) does not stop the sign-in', async () => {
    const id = await bound('chen', { nickname: '陈', bindingNickname: '陈' });
    h.emulator.fault({ path: '/cgi-bin/user/get', errcode: 60020, times: 1 });
    const { me } = await signIn('chen');
    expect(me?.id).toBe(id);
  });
});
