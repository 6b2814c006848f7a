import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from './helpers/browser';
import { createAuthenticator, LEGACY_AGENT_ID, LEGACY_SECRET, startHarness, type Harness } from './helpers/harness';

const wecomCalls = (h: Harness) =>
  h.emulator
    .calls()
    .filter((call) => call.path.startsWith('/cgi-bin/'))
    .map((call) => call.path);

describe('concurrency and the access token', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    await createAuthenticator(h);
    await createAuthenticator(h, { name: 'legacy', wecom: { agentId: LEGACY_AGENT_ID, secret: LEGACY_SECRET } });
  });

  afterAll(async () => {
    await h?.close();
  });

  const users = () => h.app.db.getRepository('users');
  const bindings = () => h.app.db.getRepository('usersAuthenticators');
  /**
   * qian signs in to 'wecom' inside WeCom. Done before the sign-in a test watches, it leaves qian bound and the app's
   * token cached. ('legacy' is kept for the test that needs its token not fetched yet.)
   */
  const signInQian = () => Browser.inWeCom(h.app, h.emulator).signIn('wecom', { userid: 'qian' });

  it('20 parallel first sign-ins of the same new member create exactly one user', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => Browser.inWeCom(h.app, h.emulator).signIn('wecom', { userid: 'sunqi' })),
    );
    for (const outcome of outcomes) expect(outcome.location).toMatch(/^\/admin\?authenticator=wecom&wecom_handoff=/);
    expect(await bindings().count({ filter: { authenticator: 'wecom', uuid: 'sunqi' } })).toBe(1);
    expect(await users().count({ filter: { phone: '13800000005' } })).toBe(1);
    const ids = new Set<number>();
    const reader = new Browser(h.app, h.emulator);
    for (const outcome of outcomes) ids.add((await reader.currentUser(outcome.token!)).id);
    expect(ids.size).toBe(1);
  });

  it('50 parallel sign-ins fetch the access token once', async () => {
    // 'legacy' is another app (agent id), whose token nobody has fetched yet; chen is bound to it directly
    const user = await users().create({ values: { nickname: 'Chen' } });
    await bindings().create({ values: { authenticator: 'legacy', userId: user.get('id'), uuid: 'chen' } });
    h.emulator.clearCalls();
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () => new Browser(h.app, h.emulator).signIn('legacy', { userid: 'chen' })),
    );
    for (const outcome of outcomes) expect(outcome.location).toMatch(/^\/admin\?authenticator=legacy&wecom_handoff=/);
    const calls = wecomCalls(h);
    expect(calls.filter((path) => path === '/cgi-bin/gettoken')).toHaveLength(1);
    expect(calls.filter((path) => path === '/cgi-bin/auth/getuserinfo')).toHaveLength(50);
  });

  it('a returning member costs one WeCom call once the token is cached', async () => {
    // a sign-in before the one watched: sunqi is bound and the token cached after it
    await Browser.inWeCom(h.app, h.emulator).signIn('wecom', { userid: 'sunqi' });
    h.emulator.clearCalls();
    const outcome = await Browser.inWeCom(h.app, h.emulator).signIn('wecom', { userid: 'sunqi' });
    expect(outcome.rounds).toBe(1);
    expect(outcome.location).toMatch(/^\/admin\?authenticator=wecom&wecom_handoff=/);
    expect(wecomCalls(h)).toEqual(['/cgi-bin/auth/getuserinfo']);
  });

  it('a token revoked by WeCom is replaced and the call retried, invisibly to the member', async () => {
    await signInQian();
    expect(h.emulator.revokeTokens()).toBeGreaterThan(0);
    h.emulator.clearCalls();
    const outcome = await signInQian();
    expect(outcome.location).toMatch(/^\/admin\?authenticator=wecom&wecom_handoff=/);
    expect(wecomCalls(h)).toEqual(['/cgi-bin/auth/getuserinfo', '/cgi-bin/gettoken', '/cgi-bin/auth/getuserinfo']);
    const errcodes = h.emulator.calls().filter((call) => call.path === '/cgi-bin/auth/getuserinfo').map((call) => call.errcode);
    expect([40014, 42001]).toContain(errcodes[0]);
    expect(errcodes[1]).toBe(0);
  });

  it('rate limiting (45009) is a clear message and not retried', async () => {
    await signInQian();
    h.emulator.clearCalls();
    h.emulator.fault({ path: '/cgi-bin/auth/getuserinfo', errcode: 45009, times: 1 });
    const outcome = await signInQian();
    expect(outcome.query.get('error')).toBe('WeCom is rate-limiting requests from this site. Please try again later.');
    expect(wecomCalls(h)).toEqual(['/cgi-bin/auth/getuserinfo']);
  });

  it('system busy (-1) is retried', async () => {
    await signInQian();
    h.emulator.clearCalls();
    h.emulator.fault({ path: '/cgi-bin/auth/getuserinfo', errcode: -1, times: 2 });
    const outcome = await signInQian();
    expect(outcome.location).toMatch(/^\/admin\?authenticator=wecom&wecom_handoff=/);
    expect(wecomCalls(h)).toEqual(Array(3).fill('/cgi-bin/auth/getuserinfo'));
  });
});
