import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Browser, callbackPath } from './helpers/browser';
import { createAuthenticator, ORIGIN, PC_UA, startHarness, WECOM_UA, type Harness } from './helpers/harness';

const CONFIRM_LINK = new RegExp(`^${ORIGIN}/api/wecom:pair\\?p=([A-Za-z0-9_-]{22})$`);

describe('a PC sign-in finished on the phone (pairing)', () => {
  let h: Harness;
  const users = () => h.app.db.getRepository('users');
  const bindings = () => h.app.db.getRepository('usersAuthenticators');
  const cgiCalls = () => h.emulator.calls().filter((call) => call.path.startsWith('/cgi-bin/')).map((call) => call.path);

  beforeAll(async () => {
    h = await startHarness();
    await createAuthenticator(h);
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    await bindings().destroy({ filter: { authenticator: 'wecom' } });
  });

  afterAll(async () => {
    await h?.close();
  });

  /** The PC signs in with WeCom's web login as `userid` and lands on the sign-in page with a pairing. */
  async function pcSignIn(userid: string, redirect = '/admin/settings') {
    const pc = new Browser(h.app, h.emulator);
    const outcome = await pc.signIn('wecom', { userid }, redirect);
    const url = new URL(outcome.location, ORIGIN);
    expect(url.pathname).toBe('/signin');
    expect(url.searchParams.get('authenticator')).toBe('wecom');
    expect(url.searchParams.get('redirect')).toBe(redirect);
    expect(url.searchParams.get('error')).toBeNull();
    const code = url.searchParams.get('wecom_pairing') as string;
    expect(code).toMatch(/^[A-Za-z0-9_-]{22}$/);
    return { pc, code };
  }

  const poll = (browser: Browser, code: string) =>
    browser.agent.get(`/wecom:pairStatus?pairing=${encodeURIComponent(code)}`).set('User-Agent', PC_UA);

  /** The phone opens the QR code's link in WeCom, approves as `userid`, and comes back to the callback. */
  async function phoneConfirms(link: string, userid: string, consent = true) {
    const phone = Browser.inWeCom(h.app, h.emulator);
    const opened = await phone.agent.get(callbackPath(link)).set('User-Agent', WECOM_UA);
    expect(opened.status).toBe(302);
    const oauth = new URL(opened.headers.location);
    expect(`${oauth.origin}${oauth.pathname}`).toBe(`${h.emulator.url}/connect/oauth2/authorize`);
    expect(oauth.searchParams.get('scope')).toBe('snsapi_privateinfo');
    const page = await phone.callback(await phone.passWeCom(opened.headers.location, { userid, consent }));
    return { phone, page };
  }

  it('an unbound member on a PC confirms on the phone, is matched by phone, and the PC is signed in', async () => {
    const existing = await users().create({ values: { nickname: 'Li', phone: '13800000002' } });
    const usersBefore = await users().count();
    const { pc, code } = await pcSignIn('lisi');
    expect(await bindings().count({ filter: { uuid: 'lisi' } })).toBe(0);

    const waiting = await poll(pc, code);
    expect(waiting.status).toBe(200);
    expect(waiting.body.data).toMatchObject({ status: 'waiting' });
    expect(waiting.body.data.link).toMatch(CONFIRM_LINK);
    expect(waiting.body.data.link).toBe(`${ORIGIN}/api/wecom:pair?p=${code}`);

    h.emulator.clearCalls();
    const { phone, page } = await phoneConfirms(waiting.body.data.link, 'lisi');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('data-kind="done"');
    expect(page.text).toContain('Done, go back to your computer.');
    // The phone is not signed in: no hand-off, no token cookie, and nothing about the PC's target.
    expect(page.headers.location).toBeUndefined();
    expect(String(page.headers['set-cookie'] ?? '')).not.toMatch(/nocobase_token|nocobase_auth/i);
    expect(page.text).not.toContain('/admin/settings');
    expect(cgiCalls()).toEqual(['/cgi-bin/auth/getuserinfo', '/cgi-bin/user/get', '/cgi-bin/auth/getuserdetail']);
    expect((await phone.agent.get('/auth:check').set('X-Authenticator', 'wecom')).body.data ?? {}).not.toHaveProperty('id');

    const done = await poll(pc, code);
    expect(done.body.data.status).toBe('confirmed');
    expect(done.body.data.location).toMatch(/^\/admin\/settings\?authenticator=wecom&wecom_handoff=[A-Za-z0-9_-]{43}$/);
    const token = await pc.redeemToken(new URL(done.body.data.location, ORIGIN).searchParams.get('wecom_handoff') as string);
    expect((await pc.currentUser(token)).id).toBe(existing.get('id'));
    expect(await users().count()).toBe(usersBefore);
    expect((await bindings().findOne({ filter: { authenticator: 'wecom', uuid: 'lisi' } })).get('userId')).toBe(existing.get('id'));

    // Single use: the pairing is gone for the PC and for the phone.
    expect((await poll(pc, code)).body.data).toMatchObject({ status: 'refused' });
    const again = await Browser.inWeCom(h.app, h.emulator).agent.get(callbackPath(waiting.body.data.link)).set('User-Agent', WECOM_UA);
    expect(again.status).toBe(200);
    expect(again.text).toContain('This confirmation link is not valid. Please start the sign-in on your computer again.');

    // Bound now: the next PC sign-in goes straight through.
    const next = await new Browser(h.app, h.emulator).signIn('wecom', { userid: 'lisi' });
    expect(next.location).toMatch(/^\/admin\?authenticator=wecom&wecom_handoff=/);
  });

  it('a member with no account is signed up from the phone, as in-client sign-in does', async () => {
    const { pc, code } = await pcSignIn('wangwu');
    const link = (await poll(pc, code)).body.data.link;
    await phoneConfirms(link, 'wangwu');
    const done = await poll(pc, code);
    const token = await pc.redeemToken(new URL(done.body.data.location, ORIGIN).searchParams.get('wecom_handoff') as string);
    const me = await pc.currentUser(token);
    expect(me).toMatchObject({ nickname: '王五', phone: '13800000003' });
  });

  it('a different member on the phone is refused on both screens, and nothing is bound', async () => {
    const { pc, code } = await pcSignIn('lisi');
    const link = (await poll(pc, code)).body.data.link;
    const { page } = await phoneConfirms(link, 'zhangsan');
    const message =
      'The WeCom account on the phone is not the one that signed in on the computer. Please start the sign-in on your computer again.';
    expect(page.text).toContain('data-kind="refused"');
    expect(page.text).toContain(message);
    const refused = await poll(pc, code);
    expect(refused.body.data).toEqual({ status: 'refused', message });
    expect(await bindings().count({ filter: { authenticator: 'wecom' } })).toBe(0);
  });

  it('only the browser the pairing was made for learns anything, and its pairing survives the attempt', async () => {
    const { pc, code } = await pcSignIn('lisi');
    const stranger = new Browser(h.app, h.emulator);
    await stranger.getAuthUrl('wecom'); // a flow cookie of its own
    for (const browser of [stranger, new Browser(h.app, h.emulator)]) {
      const answer = await poll(browser, code);
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual({
        status: 'refused',
        message: 'This confirmation link is not valid. Please start the sign-in on your computer again.',
      });
    }
    expect((await poll(pc, code)).body.data.status).toBe('waiting');
  });

  it('a made-up or malformed code gets the same refusal on both screens', async () => {
    const pc = new Browser(h.app, h.emulator);
    for (const code of ['A'.repeat(22), 'short', '../../etc', '']) {
      expect((await poll(pc, code)).body.data.status).toBe('refused');
      const page = await Browser.inWeCom(h.app, h.emulator).agent.get(`/wecom:pair?p=${encodeURIComponent(code)}`).set('User-Agent', WECOM_UA);
      expect(page.status).toBe(200);
      expect(page.text).toContain('This confirmation link is not valid.');
      expect(page.headers.location).toBeUndefined();
    }
  });

  it('expires after 5 minutes', async () => {
    const { pc, code } = await pcSignIn('lisi');
    const link = (await poll(pc, code)).body.data.link;
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + 5 * 60_000 + 1000);
    const page = await Browser.inWeCom(h.app, h.emulator).agent.get(callbackPath(link)).set('User-Agent', WECOM_UA);
    expect(page.text).toContain('This confirmation link has expired. Please start the sign-in on your computer again.');
    expect((await poll(pc, code)).body.data).toMatchObject({ status: 'refused', message: 'This confirmation link has expired. Please start the sign-in on your computer again.' });
  });

  it('opened outside WeCom, the link says to open it in WeCom and the pairing keeps waiting', async () => {
    const { pc, code } = await pcSignIn('lisi');
    const link = (await poll(pc, code)).body.data.link;
    const page = await new Browser(h.app, h.emulator).agent.get(callbackPath(link)).set('User-Agent', PC_UA);
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-kind="open-in-wecom"');
    expect((await poll(pc, code)).body.data.status).toBe('waiting');
  });

  it('the phone sees its page in the language the PC started in', async () => {
    const pc = new Browser(h.app, h.emulator);
    const started = await pc.agent.post('/wecom:getAuthUrl?locale=zh-CN').set('X-Authenticator', 'wecom').send({});
    const landing = await pc.follow(started.body.data.url, { userid: 'lisi' });
    const code = new URL(landing.location, ORIGIN).searchParams.get('wecom_pairing') as string;
    const link = (await poll(pc, code)).body.data.link;
    const { page } = await phoneConfirms(link, 'lisi');
    expect(page.text).toContain('已完成，请回到电脑继续。');
  });

  it('a refusal on the phone (a disabled sign-up) reaches the PC with its reason', async () => {
    await createAuthenticator(h, { name: 'closed', public: { autoSignup: false } });
    const pc = new Browser(h.app, h.emulator);
    const landing = await pc.signIn('closed', { userid: 'sunqi' });
    const code = new URL(landing.location, ORIGIN).searchParams.get('wecom_pairing') as string;
    const link = (await poll(pc, code)).body.data.link;
    const { page } = await phoneConfirms(link, 'sunqi');
    const message = 'No account matches your WeCom account, and automatic sign-up is disabled. Please contact your administrator.';
    expect(page.text).toContain(message);
    expect((await poll(pc, code)).body.data).toEqual({ status: 'refused', message });
  });
});
