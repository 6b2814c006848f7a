import { describe, expect, it } from 'vitest';
import { WeComEmulator } from '../index';
import { WECHAT_UA, expectWeComError, getApi, useTestEmulator, tokenFor } from './support/harness';
import { oauthCode, webLoginCode } from './support/login';
import { expectSameShape, fixture, without } from './support/shape';
import { APP, CORP, IP_APP, NON_MEMBER, OLD_APP, OLD_TRUSTED, OTHER_APP, OTHER_CORP, TRUSTED, testSeed } from './support/test-seed';

let emu: WeComEmulator;
let token: string;
useTestEmulator(async (started) => {
  emu = started;
  token = await tokenFor(emu);
});

const exchange = (code: string, accessToken = token) => getApi(emu, '/cgi-bin/auth/getuserinfo', { access_token: accessToken, code });
const legacy = (code: string, accessToken = token) => getApi(emu, '/cgi-bin/user/getuserinfo', { access_token: accessToken, code });

describe('A11 #2 GET /cgi-bin/auth/getuserinfo', () => {
  it('answers a base-scope member code with only a lowercase userid', async () => {
    const body = await exchange(await oauthCode(emu, 'zhangsan'));
    expectSameShape(body, without(fixture('auth-getuserinfo.member'), 'user_ticket'));
    expect(body.userid).toBe('zhangsan');
    expect(body).not.toHaveProperty('UserId');
  });

  it('adds a user_ticket for snsapi_privateinfo with agentid, consent and a visible member', async () => {
    const body = await exchange(await oauthCode(emu, 'zhangsan', { scope: 'snsapi_privateinfo' }));
    expectSameShape(body, fixture('auth-getuserinfo.member'));
    expect(String(body.user_ticket).length).toBeLessThanOrEqual(512);
  });

  it('gives no ticket when privateinfo came without agentid (downgraded to base)', async () => {
    const code = await oauthCode(emu, 'zhangsan', { scope: 'snsapi_privateinfo', agentId: null });
    expect(await exchange(code)).not.toHaveProperty('user_ticket');
  });

  it('never gives a ticket for web-login codes', async () => {
    const body = await exchange(await webLoginCode(emu, 'zhangsan'));
    expect(body).toMatchObject({ errcode: 0, userid: 'zhangsan' });
    expect(body).not.toHaveProperty('user_ticket');
  });

  it('gives no ticket for a code minted without consent', async () => {
    const code = emu.issueCode({ corpId: CORP, agentId: APP.agentId, userid: 'zhangsan', scope: 'snsapi_privateinfo', consented: false });
    expect(await exchange(code)).not.toHaveProperty('user_ticket');
  });

  it('answers a non-member (personal WeChat) with openid and external_userid', async () => {
    const body = await exchange(await oauthCode(emu, null, { userAgent: WECHAT_UA }));
    expectSameShape(body, fixture('auth-getuserinfo.non-member'));
    expect(body).toMatchObject({ openid: NON_MEMBER.openid, external_userid: NON_MEMBER.externalUserId });
  });

  it('accepts each code once (40029 the second time)', async () => {
    const code = await oauthCode(emu, 'zhangsan');
    expect((await exchange(code)).errcode).toBe(0);
    expectWeComError(await exchange(code), 40029);
  });

  it('expires codes after 300 seconds', async () => {
    const fresh = await oauthCode(emu, 'lisi');
    const old = await oauthCode(emu, 'zhangsan');
    emu.advanceClock(299);
    expect((await exchange(fresh)).userid).toBe('lisi');
    emu.advanceClock(2);
    expectWeComError(await exchange(old), 40029);
  });

  it("rejects another app's or another corp's code with 40029 and leaves it usable by its own app", async () => {
    const code = await oauthCode(emu, 'zhangsan');
    expectWeComError(await exchange(code, await tokenFor(emu, OLD_APP.secret)), 40029);
    expectWeComError(await exchange(code, await tokenFor(emu, OTHER_APP.secret, OTHER_CORP)), 40029);
    expect((await exchange(code)).userid).toBe('zhangsan');
  });

  it('answers 50001 when the code was issued for a host that is not one of the app\'s trusted domains', async () => {
    // No agentid in the URL: the page accepts any of the corp's trusted domains, the API checks this app's.
    const code = await oauthCode(emu, 'zhangsan', { agentId: null, redirectUri: `https://${OLD_TRUSTED}/cb` });
    expectWeComError(await exchange(code), 50001);
    expect((await exchange(code, await tokenFor(emu, OLD_APP.secret))).userid).toBe('zhangsan');
  });

  it('answers 50001 when the admin removes the trusted domain under a live code', async () => {
    const code = await oauthCode(emu, 'zhangsan');
    const seed = testSeed();
    const app = seed.corps[0]?.apps?.[0];
    if (app) app.trustedDomains = ['elsewhere.example.com'];
    emu.setSeed(seed, { keepSessions: true });
    expectWeComError(await exchange(code), 50001);
  });

  it('validates in WeCom order: 41001 → 40014 → 42001 → 60020 → 41008 → 40029', async () => {
    const code = await oauthCode(emu, 'zhangsan');
    expectWeComError(await getApi(emu, '/cgi-bin/auth/getuserinfo', { code }), 41001);
    expectWeComError(await exchange(code, 'not-a-token'), 40014);
    const ipToken = await tokenFor(emu, IP_APP.secret);
    expectWeComError(await exchange('whatever', ipToken), 60020);
    expectWeComError(await getApi(emu, '/cgi-bin/auth/getuserinfo', { access_token: token }), 41008);
    expectWeComError(await exchange('unknown-code'), 40029);
    emu.advanceClock(7201);
    expectWeComError(await exchange(code), 42001);
  });

  it('does not count calls with a valid code against the rate limit, but counts failing ones', async () => {
    emu.configure({ rateLimits: { perCorpPerApiPerMinute: 2 } });
    const codes = await Promise.all([0, 1, 2, 3].map(() => oauthCode(emu, 'zhangsan')));
    for (const code of codes) expect((await exchange(code)).errcode).toBe(0);
    expectWeComError(await exchange('bad-1'), 40029);
    expectWeComError(await exchange('bad-2'), 40029);
    expectWeComError(await exchange('bad-3'), 45009);
  });
});

describe('A11 #3 GET /cgi-bin/user/getuserinfo (legacy)', () => {
  it('answers a member with PascalCase UserId and DeviceId', async () => {
    const body = await legacy(await oauthCode(emu, 'zhangsan'));
    expectSameShape(body, without(fixture('user-getuserinfo.member'), 'user_ticket', 'expires_in'));
    expect(body.UserId).toBe('zhangsan');
    expect(body).not.toHaveProperty('userid');
  });

  it('adds user_ticket and expires_in (the ticket lifetime by default, configurable)', async () => {
    const body = await legacy(await oauthCode(emu, 'zhangsan', { scope: 'snsapi_privateinfo' }));
    expectSameShape(body, fixture('user-getuserinfo.member'));
    expect(body.expires_in).toBe(1800);
    emu.configure({ legacyTicketExpiresIn: 7200 });
    expect((await legacy(await oauthCode(emu, 'zhangsan', { scope: 'snsapi_privateinfo' }))).expires_in).toBe(7200);
  });

  it('answers a non-member with OpenId and DeviceId', async () => {
    const body = await legacy(await oauthCode(emu, null, { userAgent: WECHAT_UA }));
    expectSameShape(body, fixture('user-getuserinfo.non-member'));
    expect(body.OpenId).toBe(NON_MEMBER.openid);
  });

  it('shares codes with the new endpoint: a code used on one is gone on the other', async () => {
    const code = await oauthCode(emu, 'zhangsan');
    expect((await legacy(code)).UserId).toBe('zhangsan');
    expectWeComError(await exchange(code), 40029);
    expectWeComError(await legacy('nope'), 40029);
  });

  it('keeps query parameters of redirect_uri that carry the trusted host', async () => {
    const code = await oauthCode(emu, 'lisi', { redirectUri: `http://${TRUSTED}/cb?next=%2Fadmin` });
    expect((await legacy(code)).UserId).toBe('lisi');
  });
});
