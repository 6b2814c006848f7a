import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from './helpers/browser';
import {
  createAuthenticator,
  LEGACY_AGENT_ID,
  LEGACY_SECRET,
  ORIGIN,
  startHarness,
  testSeed,
  WECHAT_UA,
  type Harness,
} from './helpers/harness';

function errorOf(location: string) {
  const url = new URL(location, ORIGIN);
  expect(url.pathname).toBe('/signin');
  return url.searchParams.get('error');
}

/** The seed with one member's status changed, keeping codes and tokens already issued. */
function setStatus(h: Harness, userid: string, status: number) {
  const seed = testSeed();
  const member = seed.corps[0].members!.find((m) => m.userid === userid)!;
  member.status = status as typeof member.status;
  h.emulator.setSeed(seed, { keepSessions: true });
}

describe('denials', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    await createAuthenticator(h);
    await createAuthenticator(h, { name: 'legacy', wecom: { agentId: LEGACY_AGENT_ID, secret: LEGACY_SECRET } });
  });

  afterEach(() => {
    h.emulator.setSeed(testSeed(), { keepSessions: true });
    h.emulator.configure({ webLoginOutsideVisibleRange: 'no-permission' });
  });

  afterAll(async () => {
    await h?.close();
  });

  const users = () => h.app.db.getRepository('users');
  const bindings = () => h.app.db.getRepository('usersAuthenticators');

  it.each([
    [2, 'Your WeCom account is disabled. Please contact your administrator.'],
    [5, 'Your WeCom account is no longer a member of the company. Please contact your administrator.'],
  ])('refuses a member whose status is %i when user/get reports it', async (status, message) => {
    const browser = new Browser(h.app, h.emulator);
    const started = await browser.getAuthUrl('legacy');
    const path = await browser.passWeCom(started.body.data.url, { userid: 'sunqi' });
    setStatus(h, 'sunqi', status);
    const response = await browser.callback(path);
    expect(response.status).toBe(302);
    expect(errorOf(response.headers.location)).toBe(message);
    expect(await bindings().count({ filter: { uuid: 'sunqi' } })).toBe(0);
  });

  it('refuses a non-member (personal WeChat, openid only)', async () => {
    const outcome = await Browser.inWeCom(h.app, h.emulator).signIn('wecom', {
      openid: 'oTestWeChatUser0001',
      weComPageUa: WECHAT_UA,
    });
    expect(errorOf(outcome.location)).toBe(
      'This WeChat account is not a member of the company. Please sign in with your WeCom account.',
    );
  });

  it('on PC, a first sign-in without a mobile (apps created after 2022-06-20) creates nothing: the member confirms on the phone', async () => {
    // lisi's phone matches nobody and auto sign-up is on: without the phone a duplicate account could be created
    await users().create({ values: { nickname: 'Li', phone: '13800000002' } });
    const before = await users().count();
    const outcome = await new Browser(h.app, h.emulator).signIn('wecom', { userid: 'lisi' });
    const url = new URL(outcome.location, ORIGIN);
    expect(url.pathname).toBe('/signin');
    expect(url.searchParams.get('wecom_pairing')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(outcome.token).toBeUndefined();
    expect(await users().count()).toBe(before);
    expect(await bindings().count({ filter: { uuid: 'lisi' } })).toBe(0);
  });

  it('on PC, an app created before 2022-06-20 still gets the mobile: the member is matched by phone', async () => {
    const existing = await users().create({ values: { nickname: 'Zhou', phone: '+8613800000006' } });
    const browser = new Browser(h.app, h.emulator);
    const outcome = await browser.signIn('legacy', { userid: 'zhouba' });
    expect(outcome.location).toMatch(/^\/admin\?authenticator=legacy&wecom_handoff=/);
    expect((await browser.currentUser(outcome.token!, 'legacy')).id).toBe(existing.get('id'));
  });

  it('on PC, an app created before 2022-06-20 signs a new member up', async () => {
    const outcome = await new Browser(h.app, h.emulator).signIn('legacy', { userid: 'wujiu' });
    expect(outcome.location).toMatch(/^\/admin\?authenticator=legacy&wecom_handoff=/);
    expect(await users().count({ filter: { phone: '13800000007' } })).toBe(1);
  });

  it('refuses a member outside the visible range of the app (60011)', async () => {
    h.emulator.configure({ webLoginOutsideVisibleRange: 'allow' });
    const outcome = await new Browser(h.app, h.emulator).signIn('wecom', { userid: 'zhaoliu' });
    expect(errorOf(outcome.location)).toBe(
      'Your WeCom account is outside the visible range of this app. Please contact your administrator.',
    );
  });

  it('an expired or reused WeCom code is a clear error', async () => {
    const browser = new Browser(h.app, h.emulator);
    const started = await browser.getAuthUrl('wecom');
    const path = await browser.passWeCom(started.body.data.url, { userid: 'zhangsan' });
    h.emulator.advanceClock(600);
    const response = await browser.callback(path);
    expect(errorOf(response.headers.location)).toBe('The sign-in link has expired or was already used. Please try again.');
  });

  it('a setup problem reaches the user as "contact your administrator" with a code', async () => {
    h.emulator.fault({ path: '/cgi-bin/auth/getuserinfo', errcode: 48002, times: 1 });
    const outcome = await new Browser(h.app, h.emulator).signIn('legacy', { userid: 'chen' });
    expect(errorOf(outcome.location)).toBe('Sign-in with WeCom failed (WECOM_API_FORBIDDEN). Please contact your administrator.');
  });
});
