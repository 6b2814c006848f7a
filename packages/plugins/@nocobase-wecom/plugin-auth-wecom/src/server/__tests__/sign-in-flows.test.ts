import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from './helpers/browser';
import { createAuthenticator, ORIGIN, PC_UA, startHarness, WECOM_UA, type Harness } from './helpers/harness';

describe('sign-in flows', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    await createAuthenticator(h);
    await createAuthenticator(h, { name: 'no-signup', public: { autoSignup: false, redirectPath: '/m' } });
  });

  afterAll(async () => {
    await h?.close();
  });

  const users = () => h.app.db.getRepository('users');
  const bindings = () => h.app.db.getRepository('usersAuthenticators');

  /** Binds the member `userid` to a new user directly, as a first sign-in would; returns the user's id. */
  async function bindDirectly(userid: string, nickname: string): Promise<number> {
    const user = await users().create({ values: { nickname } });
    await bindings().create({ values: { authenticator: 'wecom', userId: user.get('id'), uuid: userid } });
    return user.get('id');
  }

  it('getAuthUrl returns the web login page outside WeCom, with the callback as redirect_uri', async () => {
    const response = await new Browser(h.app, h.emulator).getAuthUrl('wecom', '/admin/x');
    expect(response.status).toBe(200);
    const url = new URL(response.body.data.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${h.emulator.url}/wwlogin/sso/login`);
    expect(url.searchParams.get('login_type')).toBe('CorpApp');
    expect(url.searchParams.get('redirect_uri')).toBe(`${ORIGIN}/api/wecom:callback`);
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9]{1,128}$/);
    expect(String(response.headers['set-cookie'])).toMatch(/nocobase_wecom_flow=.*HttpOnly/i);
  });

  it('getAuthUrl returns the in-client OAuth (snsapi_base) inside WeCom', async () => {
    const response = await Browser.inWeCom(h.app, h.emulator).getAuthUrl('wecom');
    const url = new URL(response.body.data.url);
    expect(url.pathname).toBe('/connect/oauth2/authorize');
    expect(url.searchParams.get('scope')).toBe('snsapi_base');
    expect(url.hash).toBe('#wechat_redirect');
  });

  it('in WeCom, an unbound member whose phone matches a user is bound to that user after one consent round', async () => {
    const existing = await users().create({ values: { nickname: 'Zhang', phone: '+86 138-0000-0001' } });
    const outcome = await Browser.inWeCom(h.app, h.emulator).signIn('wecom', { userid: 'zhangsan' }, '/admin/page');
    expect(outcome.status).toBe(302);
    expect(outcome.rounds).toBe(2);
    expect(outcome.location).toMatch(/^\/admin\/page\?authenticator=wecom&wecom_handoff=/);
    const me = await new Browser(h.app, h.emulator).currentUser(outcome.token!);
    expect(me.id).toBe(existing.get('id'));
    const binding = await bindings().findOne({ filter: { authenticator: 'wecom', uuid: 'zhangsan' } });
    expect(binding.get('userId')).toBe(existing.get('id'));
    expect(binding.get('meta')).toMatchObject({ mobile: '13800000001', email: 'zhangsan@example.com' });
  });

  it('on PC, the bound member is signed in with a single WeCom call', async () => {
    const userId = await bindDirectly('sunqi', 'Sun');
    await new Browser(h.app, h.emulator).signIn('wecom', { userid: 'sunqi' }); // the access token is cached from here on
    const browser = new Browser(h.app, h.emulator);
    h.emulator.clearCalls();
    const outcome = await browser.signIn('wecom', { userid: 'sunqi' });
    expect(outcome.location).toMatch(/^\/admin\?authenticator=wecom&wecom_handoff=/);
    const me = await browser.currentUser(outcome.token!);
    expect(me.id).toBe(userId);
    expect(me.nickname).toBe('Sun');
    expect(h.emulator.calls().filter((call) => call.path.startsWith('/cgi-bin/')).map((call) => call.path)).toEqual([
      '/cgi-bin/auth/getuserinfo',
    ]);
  });

  it('in WeCom, a new member is signed up with name, phone, email and username', async () => {
    const outcome = await Browser.inWeCom(h.app, h.emulator).signIn('wecom', { userid: 'lisi' });
    expect(outcome.location).toMatch(/^\/admin\?authenticator=wecom&wecom_handoff=/);
    const user = await users().findOne({ filter: { username: 'lisi' } });
    expect(user.get('nickname')).toBe('李四');
    expect(user.get('phone')).toBe('13800000002');
  });

  it('entry is a static link that 302s to the web login on PC and to the in-client OAuth inside WeCom', async () => {
    await bindDirectly('zhouba', 'Zhou');
    const pc = await new Browser(h.app, h.emulator).agent
      .get('/wecom:entry?authenticator=wecom&redirect=/m')
      .set('User-Agent', PC_UA);
    expect(pc.status).toBe(302);
    expect(pc.headers.location.startsWith(`${h.emulator.url}/wwlogin/sso/login?`)).toBe(true);

    const browser = Browser.inWeCom(h.app, h.emulator);
    const inClient = await browser.agent.get('/wecom:entry?authenticator=wecom&redirect=/m').set('User-Agent', WECOM_UA);
    expect(inClient.status).toBe(302);
    expect(new URL(inClient.headers.location).searchParams.get('scope')).toBe('snsapi_base');
    // zhouba is bound: no consent round, straight to the requested page
    const outcome = await browser.follow(inClient.headers.location, { userid: 'zhouba' });
    expect(outcome.rounds).toBe(1);
    expect(outcome.location).toMatch(/^\/m\?authenticator=wecom&wecom_handoff=/);
  });

  it('entry for an unknown authenticator goes to the sign-in page with an error, never a 500', async () => {
    const response = await new Browser(h.app, h.emulator).agent.get('/wecom:entry?authenticator=nope');
    expect(response.status).toBe(302);
    const location = new URL(response.headers.location, ORIGIN);
    expect(location.pathname).toBe('/signin');
    expect(location.searchParams.get('authenticator')).toBe('nope');
    expect(location.searchParams.get('error')).toBe('The WeCom sign-in method "nope" is not available.');
  });

  it('getAuthUrl for an authenticator of another type is refused with 400', async () => {
    const response = await new Browser(h.app, h.emulator).getAuthUrl('basic');
    expect(response.status).toBe(400);
    expect(`${response.text}`).toContain('is not available');
  });

  it('with auto sign-up off, an unmatched member is sent back to the sign-in page with a translated error', async () => {
    const outcome = await Browser.inWeCom(h.app, h.emulator).signIn('no-signup', { userid: 'wangwu' });
    expect(outcome.status).toBe(302);
    const location = new URL(outcome.location, ORIGIN);
    expect(location.pathname).toBe('/signin');
    expect(location.searchParams.get('authenticator')).toBe('no-signup');
    expect(location.searchParams.get('redirect')).toBe('/m');
    expect(location.searchParams.get('error')).toBe(
      'No account matches your WeCom account, and automatic sign-up is disabled. Please contact your administrator.',
    );
    expect(await bindings().count({ filter: { uuid: 'wangwu' } })).toBe(0);
    expect(await users().count({ filter: { nickname: '王五' } })).toBe(0);
  });

  it('with auto sign-up off, a member whose phone matches is still bound', async () => {
    const existing = await users().create({ values: { nickname: 'Wu', phone: '138 0000 0007' } });
    const outcome = await Browser.inWeCom(h.app, h.emulator).signIn('no-signup', { userid: 'wujiu' });
    expect(outcome.location).toMatch(/^\/m\?authenticator=no-signup&wecom_handoff=/);
    const me = await new Browser(h.app, h.emulator).currentUser(outcome.token!, 'no-signup');
    expect(me.id).toBe(existing.get('id'));
  });

  it('auto sign-up never takes a phone, email or username another user already has', async () => {
    // zhengshi's bizMail is taken, and so is the username "zhengshi"; the phone is free
    await users().create({ values: { nickname: 'Other', email: 'zhengshi@corp.example.com', username: 'zhengshi' } });
    const outcome = await Browser.inWeCom(h.app, h.emulator).signIn('wecom', { userid: 'zhengshi' });
    expect(outcome.location).toMatch(/^\/admin\?authenticator=wecom&wecom_handoff=/);
    const binding = await bindings().findOne({ filter: { authenticator: 'wecom', uuid: 'zhengshi' } });
    const user = await users().findOne({ filterByTk: binding.get('userId') });
    expect(user.get('nickname')).toBe('郑十');
    expect(user.get('phone')).toBe('13800000008');
    expect(user.get('email')).toBeFalsy();
    expect(user.get('username')).not.toBe('zhengshi');
  });

  it('a new user gets the default role (users.afterCreateWithAssociations ran)', async () => {
    // chen's phone matches nobody here: the first sign-in signs chen up
    const outcome = await Browser.inWeCom(h.app, h.emulator).signIn('wecom', { userid: 'chen' });
    expect(outcome.location).toMatch(/^\/admin\?authenticator=wecom&wecom_handoff=/);
    const binding = await bindings().findOne({ filter: { authenticator: 'wecom', uuid: 'chen' } });
    const user = await users().findOne({ filterByTk: binding.get('userId'), appends: ['roles'] });
    expect(user.get('roles').map((role: { name: string }) => role.name)).toContain('member');
  });

  it('auth:signIn with a WeCom authenticator cannot bypass the callback', async () => {
    const response = await h.app.agent().post('/auth:signIn').set('X-Authenticator', 'wecom').send({ code: 'x' });
    expect(response.status).toBe(401);
  });

  it('does not take over a user already linked to another WeCom member', async () => {
    // qian's phone belongs to a user who signs in as another member of this corp: binding qian too would merge two people
    const user = await users().create({ values: { nickname: 'Qian (old)', phone: '13800000010' } });
    await bindings().create({ values: { authenticator: 'wecom', userId: user.get('id'), uuid: 'qian-old' } });
    const outcome = await Browser.inWeCom(h.app, h.emulator).signIn('wecom', { userid: 'qian' });
    expect(new URL(outcome.location, ORIGIN).searchParams.get('error')).toBe(
      'The account with your phone number is already linked to another WeCom member. Please contact your administrator.',
    );
    expect(await bindings().count({ filter: { uuid: 'qian' } })).toBe(0);
  });
});
