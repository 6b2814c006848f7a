import { describe, expect, it } from 'vitest';
import { WeComEmulator } from '../index';
import { expectWeComError, getApi, postApi, useTestEmulator, tokenFor } from './support/harness';
import { APP, CORP, IP_APP, OLD_APP, testSeed } from './support/test-seed';

/** Every data API with a request that would succeed for a visible member. */
const DATA_CALLS: Array<{ path: string; query?: Record<string, string>; body?: unknown }> = [
  { path: '/cgi-bin/auth/getuserinfo', query: { code: 'x' } },
  { path: '/cgi-bin/user/getuserinfo', query: { code: 'x' } },
  { path: '/cgi-bin/auth/getuserdetail', body: { user_ticket: 'x' } },
  { path: '/cgi-bin/user/getuserdetail', body: { user_ticket: 'x' } },
  { path: '/cgi-bin/user/get', query: { userid: 'zhangsan' } },
  { path: '/cgi-bin/user/getuserid', body: { mobile: '13800000001' } },
  { path: '/cgi-bin/user/get_userid_by_email', body: { email: 'zhangsan@test.wecom.work' } },
  { path: '/cgi-bin/department/list' },
  { path: '/cgi-bin/user/list', query: { department_id: '1' } },
  { path: '/cgi-bin/user/simplelist', query: { department_id: '1' } },
  { path: '/cgi-bin/get_jsapi_ticket' },
  { path: '/cgi-bin/ticket/get', query: { type: 'agent_config' } },
];

let emu: WeComEmulator;
useTestEmulator((started) => {
  emu = started;
});

function call(spec: (typeof DATA_CALLS)[number], accessToken?: string) {
  const query = { ...spec.query, ...(accessToken === undefined ? {} : { access_token: accessToken }) };
  return spec.body === undefined ? getApi(emu, spec.path, query) : postApi(emu, spec.path, query, spec.body);
}

describe('checks shared by every data API', () => {
  it.each(DATA_CALLS)('$path: 60020 from an untrusted IP, with that IP in the errmsg', async (spec) => {
    const body = await call(spec, await tokenFor(emu, IP_APP.secret));
    expectWeComError(body, 60020, '127.0.0.1');
    expect(String(body.errmsg)).toMatch(/^not allow to access from your ip, hint: .*from ip: 127\.0\.0\.1,/);
  });

  it.each(DATA_CALLS)('$path: 41001 without a token, 40014 for a revoked one, 42001 for an expired one', async (spec) => {
    expectWeComError(await call(spec), 41001);
    const revoked = await tokenFor(emu, OLD_APP.secret);
    expect(emu.revokeTokens({ corpId: CORP, agentId: OLD_APP.agentId })).toBe(1);
    expectWeComError(await call(spec, revoked), 40014);
    const expiring = await tokenFor(emu);
    emu.advanceClock(7200);
    expectWeComError(await call(spec, expiring), 42001);
  });

  it('lets the IP-locked app through from a trusted IP', async () => {
    const seed = testSeed();
    const app = seed.corps[0]?.apps?.find((a) => a.secret === IP_APP.secret);
    if (app) app.trustedIps = ['127.0.0.1'];
    emu.setSeed(seed);
    expect((await getApi(emu, '/cgi-bin/department/list', { access_token: await tokenFor(emu, IP_APP.secret) })).errcode).toBe(0);
  });

  it('revokes only the matching tokens, keeps expired ones at 42001, and issues a new token afterwards', async () => {
    const a = await tokenFor(emu);
    const b = await tokenFor(emu, OLD_APP.secret);
    expect(emu.revokeTokens({ agentId: APP.agentId })).toBe(1);
    expectWeComError(await getApi(emu, '/cgi-bin/department/list', { access_token: a }), 40014);
    expect((await getApi(emu, '/cgi-bin/department/list', { access_token: b })).errcode).toBe(0);
    const renewed = await tokenFor(emu);
    expect(renewed).not.toBe(a);
    emu.advanceClock(7200);
    expect(emu.revokeTokens()).toBe(0);
    expectWeComError(await getApi(emu, '/cgi-bin/department/list', { access_token: renewed }), 42001);
  });

  it('answers 50003 once the app is disabled under a live token', async () => {
    const token = await tokenFor(emu);
    const seed = testSeed();
    const app = seed.corps[0]?.apps?.[0];
    if (app) app.enabled = false;
    emu.setSeed(seed, { keepSessions: true });
    expectWeComError(await getApi(emu, '/cgi-bin/department/list', { access_token: token }), 50003);
  });
});

describe('rate limits (A9)', () => {
  it('counts per corp per API: another API of the same corp is not affected', async () => {
    emu.configure({ rateLimits: { perCorpPerApiPerMinute: 2 } });
    const token = await tokenFor(emu);
    const list = () => getApi(emu, '/cgi-bin/department/list', { access_token: token });
    expect((await list()).errcode).toBe(0);
    expect((await list()).errcode).toBe(0);
    expectWeComError(await list(), 45009);
    expect((await getApi(emu, '/cgi-bin/user/get', { access_token: token, userid: 'zhangsan' })).errcode).toBe(0);
  });

  it('blocks for the rest of the hour after the per-hour limit', async () => {
    emu.configure({ rateLimits: { perCorpPerApiPerHour: 1 } });
    const token = await tokenFor(emu);
    const list = () => getApi(emu, '/cgi-bin/department/list', { access_token: token });
    expect((await list()).errcode).toBe(0);
    expectWeComError(await list(), 45009);
    emu.advanceClock(61);
    expectWeComError(await list(), 45009);
  });

  it('counts per IP per API too', async () => {
    emu.configure({ rateLimits: { perIpPerApiPerMinute: 1 } });
    expect((await getApi(emu, '/cgi-bin/gettoken', { corpid: CORP, corpsecret: APP.secret })).errcode).toBe(0);
    expectWeComError(await getApi(emu, '/cgi-bin/gettoken', { corpid: CORP, corpsecret: OLD_APP.secret }), 45009);
  });
});
