import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from './helpers/browser';
import { createAuthenticator, ORIGIN, startHarness, type Harness } from './helpers/harness';

describe('sign-in flows', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    await createAuthenticator(h);
  });

  afterAll(async () => {
    await h?.close();
  });

  const users = () => h.app.db.getRepository('users');
  const bindings = () => h.app.db.getRepository('usersAuthenticators');

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
    expect(outcome.location).toMatch(/^\/admin\/page\?authenticator=wecom&token=/);
    const me = await new Browser(h.app, h.emulator).currentUser(outcome.query.get('token')!);
    expect(me.id).toBe(existing.get('id'));
    const binding = await bindings().findOne({ filter: { authenticator: 'wecom', uuid: 'zhangsan' } });
    expect(binding.get('userId')).toBe(existing.get('id'));
    expect(binding.get('meta')).toMatchObject({ mobile: '13800000001', email: 'zhangsan@example.com' });
  });

  it('on PC, the bound member is signed in with a single WeCom call', async () => {
    const browser = new Browser(h.app, h.emulator);
    h.emulator.clearCalls();
    const outcome = await browser.signIn('wecom', { userid: 'zhangsan' });
    expect(outcome.location).toMatch(/^\/admin\?authenticator=wecom&token=/);
    const me = await browser.currentUser(outcome.query.get('token')!);
    expect(me.nickname).toBe('Zhang');
    expect(h.emulator.calls().filter((call) => call.path.startsWith('/cgi-bin/')).map((call) => call.path)).toEqual([
      '/cgi-bin/auth/getuserinfo',
    ]);
  });

  it('in WeCom, a new member is signed up with name, phone, email and username', async () => {
    const outcome = await Browser.inWeCom(h.app, h.emulator).signIn('wecom', { userid: 'lisi' });
    expect(outcome.location).toMatch(/^\/admin\?authenticator=wecom&token=/);
    const user = await users().findOne({ filter: { username: 'lisi' } });
    expect(user.get('nickname')).toBe('李四');
    expect(user.get('phone')).toBe('13800000002');
  });
});
