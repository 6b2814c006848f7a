import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withoutHandOffParams } from '../flow/redirect-target';
import { Browser } from './helpers/browser';
import { createAuthenticator, ORIGIN, startHarness, type Harness } from './helpers/harness';

describe('the hand-off back to NocoBase', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ acl: true });
    await createAuthenticator(h);
    const first = await Browser.inWeCom(h.app, h.emulator).signIn('wecom', { userid: 'lisi' });
    expect(first.location).toMatch(/^\/admin\?authenticator=wecom&token=/);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('a bound member signs in inside WeCom silently (no consent round) and on PC, as the same user', async () => {
    const binding = await h.app.db.getRepository('usersAuthenticators').findOne({ filter: { authenticator: 'wecom', uuid: 'lisi' } });
    const inClient = Browser.inWeCom(h.app, h.emulator);
    const silent = await inClient.signIn('wecom', { userid: 'lisi' });
    expect(silent.rounds).toBe(1);
    expect(new URL(silent.location, ORIGIN).pathname).toBe('/admin');
    expect((await inClient.currentUser(silent.query.get('token')!)).id).toBe(binding.get('userId'));

    const pc = new Browser(h.app, h.emulator);
    const outcome = await pc.signIn('wecom', { userid: 'lisi' });
    expect((await pc.currentUser(outcome.query.get('token')!)).id).toBe(binding.get('userId'));
  });

  // AuthProvider takes the first `token` of the address: a link whose target carries another person's token
  // would otherwise sign the victim in as that person.
  it("a target carrying its own token or authenticator loses them: only the sign-in's token is handed off", async () => {
    const browser = new Browser(h.app, h.emulator);
    const outcome = await browser.signIn('wecom', { userid: 'lisi' }, '/admin/page?token=planted&x=1&authenticator=basic#top');
    expect(outcome.location).toMatch(/^\/admin\/page\?x=1&authenticator=wecom&token=[^&#]+#top$/);
    expect(outcome.query.getAll('token')).toHaveLength(1);
    expect(outcome.query.get('token')).not.toBe('planted');
  });

  it.each([
    ['/admin?token=a', '/admin'],
    ['/admin?%74oken=a&b=2', '/admin?b=2'],
    ['/m?a=1&authenticator=x&token=y&b=2#h?token=z', '/m?a=1&b=2#h?token=z'],
    ['/admin?tokens=1', '/admin?tokens=1'],
    ['/admin', '/admin'],
  ])('withoutHandOffParams(%j) is %j', (target, expected) => {
    expect(withoutHandOffParams(target)).toBe(expected);
  });

  it('errors after WeCom come back in the language the sign-in started in, not the default', async () => {
    const browser = new Browser(h.app, h.emulator);
    const started = await browser.agent
      .post('/wecom:getAuthUrl?locale=zh-CN')
      .set('X-Authenticator', 'wecom')
      .send({});
    expect(started.status).toBe(200);
    // WeCom's redirect back carries no X-Locale; wangwu's first sign-in on PC is refused
    const outcome = await browser.follow(started.body.data.url, { userid: 'wangwu' });
    expect(outcome.query.get('error')).toBe(
      '首次使用企业微信登录需要在企业微信客户端内完成：请从企业微信工作台打开本应用。完成后即可在此处登录。',
    );

    const english = await new Browser(h.app, h.emulator).signIn('wecom', { userid: 'wangwu' });
    expect(english.query.get('error')).toMatch(/^The first sign-in with WeCom has to happen inside the WeCom app/);
  });

  it('a successful wecom:check clears the last setup error shown to admins', async () => {
    const root = await h.app.db.getRepository('users').findOne({ filter: { email: process.env.INIT_ROOT_EMAIL ?? 'admin@nocobase.com' } });
    const admin = await h.app.agent().login(root, 'root');
    h.emulator.fault({ path: '/cgi-bin/auth/getuserinfo', errcode: 60020, times: 1 });
    await new Browser(h.app, h.emulator).signIn('wecom', { userid: 'lisi' });
    const before = await admin.get('/wecom:setupInfo?authenticator=wecom');
    expect(before.body.data.lastError).toMatchObject({ code: 'WECOM_IP_NOT_TRUSTED' });
    expect(before.body.data.lastError.message).toContain('127.0.0.1');

    expect((await admin.post('/wecom:check').send({ authenticator: 'wecom' })).body.data).toEqual({ ok: true });
    const after = await admin.get('/wecom:setupInfo?authenticator=wecom');
    expect(after.body.data.lastError).toBeUndefined();
    expect(after.body.data.callbackUrl).toBe(`${ORIGIN}/api/wecom:callback`);
  });
});
