import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { withoutHandOffParams } from '../../common/target-path';
import { Browser, errorMessage } from './helpers/browser';
import { createAuthenticator, ORIGIN, startHarness, type Harness } from './helpers/harness';

const ZH_INVALID_CODE = '登录链接已过期或已被使用，请重试。';

describe('the hand-off back to NocoBase', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ acl: true });
    await createAuthenticator(h);
    const first = await Browser.inWeCom(h.app, h.emulator).signIn('wecom', { userid: 'lisi' });
    expect(first.location).toMatch(/^\/admin\?authenticator=wecom&wecom_handoff=/);
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
    expect((await inClient.currentUser(silent.token!)).id).toBe(binding.get('userId'));

    const pc = new Browser(h.app, h.emulator);
    const outcome = await pc.signIn('wecom', { userid: 'lisi' });
    expect((await pc.currentUser(outcome.token!)).id).toBe(binding.get('userId'));
  });

  // A link whose target carries its own token or hand-off code would otherwise sign the victim in as someone else.
  it('a target carrying a token, a hand-off code or an authenticator loses them: only this sign-in\'s code is handed off', async () => {
    const browser = new Browser(h.app, h.emulator);
    const outcome = await browser.signIn('wecom', { userid: 'lisi' }, '/admin/page?token=planted&x=1&authenticator=basic&wecom_handoff=planted#top');
    expect(outcome.location).toMatch(/^\/admin\/page\?x=1&authenticator=wecom&wecom_handoff=[\w-]{43}#top$/);
    expect(outcome.query.getAll('wecom_handoff')).toHaveLength(1);
    expect(outcome.query.get('token')).toBeNull();
  });

  /** Signs lisi in up to the landing page, without redeeming. */
  async function landWithCode(browser: Browser) {
    const started = await browser.getAuthUrl('wecom');
    const landed = await browser.callback(await browser.passWeCom(started.body.data.url, { userid: 'lisi' }));
    const code = new URL(landed.headers.location, ORIGIN).searchParams.get('wecom_handoff');
    expect(code).toMatch(/^[\w-]{43}$/);
    return code!;
  }

  it('redeeming the code gives the signed-in user\'s token and NocoBase\'s auth cookies', async () => {
    const browser = new Browser(h.app, h.emulator);
    const code = await landWithCode(browser);
    const response = await browser.redeem(code);
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(Object.keys(response.body.data)).toEqual(['token']);
    const binding = await h.app.db.getRepository('usersAuthenticators').findOne({ filter: { authenticator: 'wecom', uuid: 'lisi' } });
    expect((await browser.currentUser(response.body.data.token)).id).toBe(binding.get('userId'));
    expect(String(response.headers['set-cookie'])).toMatch(/nb_auth_token_main=[^;]+;.*httponly/i);
  });

  it('a replayed code is refused, and the first redeem stays the only one', async () => {
    const browser = new Browser(h.app, h.emulator);
    const code = await landWithCode(browser);
    expect((await browser.redeem(code)).status).toBe(200);
    const again = await browser.redeem(code);
    expect(again.status).toBe(400);
    expect(errorMessage(again)).toBe('This sign-in link was already used. Please sign in again.');
  });

  it('parallel redeems of one code: exactly one token', async () => {
    const browser = new Browser(h.app, h.emulator);
    const code = await landWithCode(browser);
    const responses = await Promise.all(Array.from({ length: 8 }, () => browser.redeem(code)));
    expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
  });

  it('a code redeemed after 60 s is refused', async () => {
    const browser = new Browser(h.app, h.emulator);
    const code = await landWithCode(browser);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 61_000);
      const late = await browser.redeem(code);
      expect(late.status).toBe(400);
      expect(errorMessage(late)).toBe('This sign-in link has expired. Please sign in again.');
    } finally {
      vi.useRealTimers();
    }
  });

  it("another browser's code is refused, and does not spoil the real sign-in", async () => {
    const victim = new Browser(h.app, h.emulator);
    const code = await landWithCode(victim);
    const attacker = new Browser(h.app, h.emulator);
    await attacker.getAuthUrl('wecom'); // a flow cookie of its own
    for (const thief of [attacker, new Browser(h.app, h.emulator)]) {
      const stolen = await thief.redeem(code);
      expect(stolen.status).toBe(400);
      expect(errorMessage(stolen)).toBe('This sign-in was completed in another browser. Please sign in again in this browser.');
    }
    expect((await victim.redeem(code)).status).toBe(200);
  });

  it.each([undefined, '', 'x', 'A'.repeat(43), { $ne: 1 }, ['a'], 'A'.repeat(5000)])('a made-up code (%#) is refused with 400', async (code) => {
    const response = await new Browser(h.app, h.emulator).redeem(code);
    expect(response.status).toBe(400);
    expect(errorMessage(response)).toBe('This sign-in link is not valid. Please sign in again.');
  });

  it('refusals are translated', async () => {
    const response = await new Browser(h.app, h.emulator).agent.post('/wecom:redeem').set('X-Locale', 'zh-CN').send({ code: 'x' });
    expect(response.status).toBe(400);
    expect(errorMessage(response)).toBe('此登录链接无效，请重新登录。');
  });

  it.each([
    ['/admin?token=a', '/admin'],
    ['/admin?%74oken=a&b=2', '/admin?b=2'],
    ['/m?a=1&authenticator=x&wecom_handoff=y&b=2#h?token=z', '/m?a=1&b=2#h?token=z'],
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
    // WeCom's redirect back carries no X-Locale; the code is refused (40029)
    h.emulator.fault({ path: '/cgi-bin/auth/getuserinfo', errcode: 40029, times: 1 });
    const outcome = await browser.follow(started.body.data.url, { userid: 'wangwu' });
    expect(outcome.query.get('error')).toBe(ZH_INVALID_CODE);

    h.emulator.fault({ path: '/cgi-bin/auth/getuserinfo', errcode: 40029, times: 1 });
    const english = await new Browser(h.app, h.emulator).signIn('wecom', { userid: 'wangwu' });
    expect(english.query.get('error')).toBe('The sign-in link has expired or was already used. Please try again.');
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
